import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const example = readFileSync(new URL("../test/readme-example.ts", import.meta.url), "utf8");

describe("README", () => {
  it("shows exactly the example that this test runs", () => {
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(example.replace('from "../src/index.js"', 'from "@ftp/protocol"'));
  });

  it("runs the example (its asserts pass)", async () => {
    await expect(import("../test/readme-example.js")).resolves.toBeDefined();
  });

  it("documents every error code", async () => {
    for (const code of [
      "ERR_FTP_STATUS",
      "ERR_FTP_INVALID_COMMAND",
      "ERR_FTP_PATH_NOT_ABSOLUTE",
      "ERR_FTP_REPLY_MALFORMED",
      "ERR_FTP_REPLY_TOO_LONG",
      "ERR_FTP_LIST_PARSE",
      "ERR_FTP_BAD_ADDRESS",
    ])
      expect(readme).toContain(`\`${code}\``);
  });
});
