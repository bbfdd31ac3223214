import { defineConfig } from "vitest/config";
import { sharedConfig } from "./vitest.shared.js";

export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    reporters: ["default", "./scripts/summary-reporter.ts"],
    projects: [
      "packages/*/vitest.config.ts",
      "apps/*/vitest.config.ts",
      {
        extends: true,
        test: { name: "tooling", include: ["scripts/**/*.test.ts"] },
      },
    ],
  },
});
