#!/usr/bin/env node
/**
 * Layer check: fails when a package imports a package above or beside it, imports one of
 * ours it does not declare, or reaches into another package's files instead of what its
 * package.json "exports" names.
 *
 * Layers (DEVELOPERS.md): protocol < stream, pathio < client, server < apps.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Which of our packages each package's source may import. `*` = any library package. */
export const LAYERS = {
  "@ftp/protocol": [],
  "@ftp/stream": ["@ftp/protocol"],
  "@ftp/pathio": ["@ftp/protocol"],
  "@ftp/client": ["@ftp/protocol", "@ftp/stream", "@ftp/pathio"],
  "@ftp/server": ["@ftp/protocol", "@ftp/stream", "@ftp/pathio"],
  "@ftp/test-utils": [],
};

/**
 * What test files may import in addition to their package's layer: the private test helpers,
 * and for the client, our server as the peer it is tested against (a devDependency only).
 */
export const TEST_ONLY = {
  "*": ["@ftp/test-utils"],
  "@ftp/client": ["@ftp/server"],
};

const LIBRARY_PACKAGES = Object.keys(LAYERS).filter((name) => name !== "@ftp/test-utils");
const SOURCE_EXT = /\.(ts|mts|cts|js|mjs|cjs|tsx)$/;
const TEST_FILE = /(\.test\.|\.bench\.|[\\/](test|bench)[\\/])/;
const IMPORT_RE =
  /(?:^|[^.\w$])(?:import|export)\s*(?:type\s+)?(?:[\w*${}\s,]+\s+from\s+)?["']([^"']+)["']|(?:^|[^.\w$])(?:import|require)\s*\(\s*["']([^"']+)["']\s*\)/gm;

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  if (!existsSync(dir)) return [];
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry === "dist" || entry.startsWith(".")) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (SOURCE_EXT.test(entry)) out.push(full);
  }
  return out;
}

/** @param {string} source @returns {string[]} the module specifiers a file imports */
export function importsOf(source) {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  /** @type {string[]} */
  const specs = [];
  for (const match of withoutComments.matchAll(IMPORT_RE)) {
    const spec = match[1] ?? match[2];
    if (spec) specs.push(spec);
  }
  return specs;
}

/** @param {unknown} exportsField @returns {Set<string>} subpaths a package exports */
function exportedSubpaths(exportsField) {
  if (typeof exportsField === "string" || exportsField === undefined) return new Set(["."]);
  const keys = Object.keys(/** @type {object} */ (exportsField));
  if (keys.length > 0 && keys.every((key) => key.startsWith("."))) return new Set(keys);
  return new Set(["."]);
}

/**
 * Checks every workspace package under `root` (packages/*, apps/*).
 * @param {string} root repository root
 * @returns {string[]} one human-readable line per violation
 */
export function checkLayers(root) {
  /** @type {Map<string, {dir: string, manifest: any}>} */
  const packages = new Map();
  for (const group of ["packages", "apps"]) {
    const groupDir = path.join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir)) {
      const manifestPath = path.join(groupDir, entry, "package.json");
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
      packages.set(manifest.name, { dir: path.join(groupDir, entry), manifest });
    }
  }
  /** @type {string[]} */
  const violations = [];
  for (const [name, { dir, manifest }] of packages) {
    const isApp = path.basename(path.dirname(dir)) === "apps";
    /** @type {string[]} */
    const layer = isApp ? LIBRARY_PACKAGES : (LAYERS[/** @type {keyof LAYERS} */ (name)] ?? []);
    const declared = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
      ...Object.keys(manifest.optionalDependencies ?? {}),
    ]);
    const declaredDev = new Set([...declared, ...Object.keys(manifest.devDependencies ?? {})]);
    const files = [
      ...walk(path.join(dir, "src")),
      ...walk(path.join(dir, "test")),
      ...walk(path.join(dir, "bench")),
    ];
    for (const file of files) {
      const rel = path.relative(root, file);
      const isTest =
        TEST_FILE.test(path.relative(dir, file)) || !file.startsWith(path.join(dir, "src"));
      for (const spec of importsOf(readFileSync(file, "utf8"))) {
        if (spec.startsWith(".")) {
          const target = path.resolve(path.dirname(file), spec);
          if (!target.startsWith(dir + path.sep)) {
            violations.push(`${rel}: relative import "${spec}" leaves package ${name}`);
          }
          continue;
        }
        const match = /^(@ftp\/[^/]+)(\/.*)?$/.exec(spec);
        if (!match) continue;
        const [, target, subpath] = match;
        if (target === name) {
          violations.push(
            `${rel}: imports its own package by name ("${spec}"); use a relative import`,
          );
          continue;
        }
        const allowed = new Set(layer);
        if (isTest) {
          for (const extra of TEST_ONLY["*"]) allowed.add(extra);
          for (const extra of TEST_ONLY[/** @type {keyof TEST_ONLY} */ (name)] ?? [])
            allowed.add(extra);
        }
        if (!allowed.has(target)) {
          violations.push(
            `${rel}: ${name} may not import ${target} (upward or sideways in the layers)`,
          );
          continue;
        }
        if (!(isTest ? declaredDev : declared).has(target)) {
          violations.push(
            `${rel}: imports ${target}, which ${name}'s package.json does not declare`,
          );
        }
        const targetPkg = packages.get(target);
        if (targetPkg) {
          const wanted = subpath ? `.${subpath}` : ".";
          if (!exportedSubpaths(targetPkg.manifest.exports).has(wanted)) {
            violations.push(`${rel}: deep import "${spec}": ${target} does not export "${wanted}"`);
          }
        }
      }
    }
  }
  return violations;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const violations = checkLayers(root);
  if (violations.length > 0) {
    process.stderr.write(`Layer check failed:\n${violations.map((v) => `  - ${v}`).join("\n")}\n`);
    process.exit(1);
  }
  process.stdout.write("layer check: ok\n");
}
