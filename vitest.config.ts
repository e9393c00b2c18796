import { defineConfig } from "vitest/config";

const alias = { "~": new URL("./app", import.meta.url).pathname };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/db/**/*.test.ts"],
          // Projects run one after another (unit, server, browser): each gets the whole machine.
          sequence: { groupOrder: 0 },
          setupFiles: ["tests/support/fail-on-console-error.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          sequence: { groupOrder: 2 },
          globalSetup: ["tests/support/build-once.ts"],
          setupFiles: ["tests/support/fail-on-console-error.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own server and browser; two at a time fit a 2-core machine.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "server",
          include: ["tests/server/**/*.test.ts"],
          sequence: { groupOrder: 1 },
          globalSetup: ["tests/support/build-once.ts"],
          setupFiles: ["tests/support/fail-on-console-error.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts one or two production servers; two files at a time fit 2 cores.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "resilience",
          include: ["tests/resilience/**/*.test.ts"],
          sequence: { groupOrder: 3 },
          globalSetup: ["tests/support/build-once.ts"],
          setupFiles: ["tests/support/fail-on-console-error.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Crashes, two instances and floods of requests: one file at a time has the machine.
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
