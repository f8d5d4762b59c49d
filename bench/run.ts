export async function runBenchmarks() {
  console.log("no benchmarks yet");
}
