import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

it("runs the root README's server + client example as written", async () => {
  const readme = await readFile(path.join(root, "README.md"), "utf8");
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  expect(code).toContain('from "@ftp/client"');
  // Package names point at the packages' sources, as the workspace resolves them in tests.
  const source = code.replace(/"@ftp\/(\w+)"/g, (_match, name: string) =>
    JSON.stringify(pathToFileURL(path.join(root, "packages", name, "src", "index.ts")).href),
  );
  const file = path.join(root, "scripts", `.readme-example-${process.pid}.mts`);
  await writeFile(file, source);
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--conditions=@ftp/source", file],
      { cwd: root, timeout: 30_000 },
    );
    expect(stdout.trim().split("\n")).toEqual([
      "dir reports/2026",
      "file reports/2026/hello.txt",
      "hello, ftp",
    ]);
  } finally {
    await rm(file, { force: true });
  }
}, 40_000);
