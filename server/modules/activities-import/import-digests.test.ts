import { describe, expect, it } from "vitest";
import { DigestSet } from "./import-digests.ts";

describe("DigestSet", () => {
  it("keeps the first row of each key through growth, and knows no other key", () => {
    const set = new DigestSet(4);
    for (let i = 0; i < 50_000; i++) set.add(`key ${i}`, i + 2);
    set.add("key 7", 999);
    expect(set.size).toBe(50_000);
    for (let i = 0; i < 50_000; i += 997) expect(set.get(`key ${i}`)).toBe(i + 2);
    expect(set.get("key 7")).toBe(9);
    expect(set.get("key 50000")).toBeUndefined();
    expect(set.get("")).toBeUndefined();
  });
});
