import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without declarations
import { checkLayers, importsOf } from "./check-layers.mjs";

const check = checkLayers as (root: string) => string[];
const imports = importsOf as (source: string) => string[];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function makePackage(root: string, name: string, manifest: object, files: Record<string, string>) {
  const dir = path.join(root, "packages", name.replace("@ftp/", ""));
  mkdirSync(path.join(dir, "src"), { recursive: true });
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name, exports: { ".": "./src/index.ts" }, ...manifest }),
  );
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

function fixtureRepo(): string {
  const root = mkdtempSync(path.join(tmpdir(), "layers-"));
  dirs.push(root);
  makePackage(root, "@ftp/protocol", {}, { "src/index.ts": "export const x = 1;\n" });
  makePackage(root, "@ftp/server", { dependencies: { "@ftp/protocol": "workspace:*" } }, {});
  return root;
}

describe("layer check", () => {
  it("passes on this repository", () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
    expect(check(root)).toEqual([]);
  });

  it("accepts an allowed downward import", () => {
    const root = fixtureRepo();
    makePackage(
      root,
      "@ftp/client",
      { dependencies: { "@ftp/protocol": "workspace:*" } },
      { "src/index.ts": 'import { x } from "@ftp/protocol";\nexport { x };\n' },
    );
    expect(check(root)).toEqual([]);
  });

  it("fails on an upward import", () => {
    const root = fixtureRepo();
    writeFileSync(
      path.join(root, "packages/protocol/src/up.ts"),
      'import { Server } from "@ftp/server";\n',
    );
    const violations = check(root);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/@ftp\/protocol may not import @ftp\/server/);
  });

  it("fails on a sideways import between client and server", () => {
    const root = fixtureRepo();
    makePackage(
      root,
      "@ftp/client",
      { dependencies: { "@ftp/server": "workspace:*" } },
      { "src/index.ts": 'export { Server } from "@ftp/server";\n' },
    );
    expect(check(root).join("\n")).toMatch(/@ftp\/client may not import @ftp\/server/);
  });

  it("fails on a deep import into another package's files", () => {
    const root = fixtureRepo();
    makePackage(
      root,
      "@ftp/stream",
      { dependencies: { "@ftp/protocol": "workspace:*" } },
      { "src/index.ts": 'import { x } from "@ftp/protocol/src/index.js";\nexport { x };\n' },
    );
    expect(check(root).join("\n")).toMatch(/deep import/);
  });

  it("fails on a relative import that leaves the package", () => {
    const root = fixtureRepo();
    makePackage(
      root,
      "@ftp/stream",
      {},
      { "src/index.ts": 'export * from "../../protocol/src/index.js";\n' },
    );
    expect(check(root).join("\n")).toMatch(/leaves package @ftp\/stream/);
  });

  it("fails on an undeclared dependency", () => {
    const root = fixtureRepo();
    makePackage(root, "@ftp/pathio", {}, { "src/index.ts": 'import "@ftp/protocol";\n' });
    expect(check(root).join("\n")).toMatch(/does not declare/);
  });

  it("finds static, dynamic, type and re-export imports", () => {
    const source = [
      'import a from "a";',
      'import type { B } from "b";',
      'export * from "c";',
      'const d = await import("d");',
      "// import x from 'commented';",
      'import "e";',
    ].join("\n");
    expect(imports(source).sort()).toEqual(["a", "b", "c", "d", "e"]);
  });
});
