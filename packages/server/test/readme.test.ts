import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

it("runs the README example", async () => {
  const readme = await readFile(path.join(packageDir, "README.md"), "utf8");
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toBeDefined();
  const file = path.join(packageDir, "test", `.readme-example-${process.pid}.ts`);
  await writeFile(
    file,
    code!.replace("// ... later", "await new Promise((r) => setTimeout(r, 10));"),
  );
  try {
    const tsx = path.join(packageDir, "..", "..", "node_modules", ".bin", "tsx");
    const { stdout } = await run(tsx, ["--conditions=@ftp/source", file], {
      cwd: packageDir,
      timeout: 15_000,
    });
    expect(stdout).toMatch(/^listening on 127\.0\.0\.1:\d+$/m);
  } finally {
    await rm(file, { force: true });
  }
});
