import { defineConfig } from "vitest/config";

// One project per test tier (style §10): unit is pure and fast; integration uses real sockets,
// the built host and the fakes; e2e drives real Chromium/Firefox and a real RDP server;
// faults is the property/fault tier; windows runs the shipped win-x64 executable under Wine 10
// (docs/testing/windows.md), one file at a time since each boots a Windows prefix.
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], testTimeout: 20_000 } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "faults",
          include: ["test/faults/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "windows",
          include: ["test/windows/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
