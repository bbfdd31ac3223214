import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

it("runs the README example as written", async () => {
  const readme = await readFile(join(packageDir, "README.md"), "utf8");
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toContain('from "@ftp/stream"');
  // The package name points at this package's sources; the script lives in a temp dir.
  const source = pathToFileURL(join(packageDir, "src", "index.ts")).href;
  const file = join(tmpdir(), `ftp-stream-readme-${process.pid}.mts`);
  await writeFile(file, (code ?? "").replaceAll('"@ftp/stream"', JSON.stringify(source)));
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
