/**
 * Settings shared by the root Vitest config and every package's own config, so a package's
 * tests behave the same whether run alone (`pnpm --filter @ftp/protocol test`) or with all.
 */
import type { ViteUserConfig } from "vitest/config";

/** Resolve workspace packages to their TypeScript sources: no test ever reads a stale dist/. */
export const sourceConditions = ["@ftp/source", "node", "import", "module", "default"];

export const sharedConfig = {
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ["@ftp/source"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
  },
} satisfies ViteUserConfig;
