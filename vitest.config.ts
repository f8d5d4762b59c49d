import { defineConfig } from "vitest/config";

// Three suites: `unit` (server and shared code on a real database: PGlite, or PostgreSQL when
// DATABASE_URL is set), `data` (reads ../shared/data, run by CI beside the clone) and `e2e`
// (browser journeys in Chromium against the built app).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["server/**/*.test.ts", "common/**/*.test.ts"],
          exclude: ["**/*.data.test.ts", "node_modules/**"],
          // One migrated database per worker, shared by the files it runs; tests isolate by data.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "data",
          include: ["**/*.data.test.ts"],
          exclude: ["node_modules/**"],
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
