import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

it("runs the README example as written", async () => {
  const readme = await readFile(join(packageDir, "README.md"), "utf8");
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toContain('from "@ftp/stream"');
  // Inside the package directory, so "@ftp/stream" resolves to this package's sources.
  const file = join(packageDir, "test", `.readme-example-${process.pid}.mts`);
  await writeFile(file, code ?? "");
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--conditions=@ftp/source", file],
      { cwd: packageDir, timeout: 30_000 },
    );
    expect(stdout.trim()).toBe("echo: hello");
  } finally {
    await rm(file, { force: true });
  }
}, 40_000);
