import { defineProject } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

export default defineProject({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    name: "interop",
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/matrix-setup.ts"],
    testTimeout: 15_000,
    hookTimeout: 15_000,
  },
});
