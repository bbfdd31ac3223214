#!/usr/bin/env node
/**
 * Runs the benchmark of every package that has a `bench` script (protocol, stream, pathio,
 * server, client, then any other), one after the other, showing their output as it comes,
 * and prints one combined summary at the end: the key lines of each (those with "ratio",
 * "MB/s", "lines/s" or "×").
 *
 * Usage: node scripts/bench-table.mjs [package-name-part ...]   e.g. `... client stream`
 * Environment variables (BENCH_MB, BENCH_RUNS, ...) are passed through to the benches.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ORDER = ["protocol", "stream", "pathio", "server", "client"];
const KEY = /ratio|MB\/s|lines\/s|×/;
/** Progress lines ("… run 2/3: 1.2 s") are not results. */
const PROGRESS = /\brun \d+\/\d+\b/;

/** @returns {{ name: string, dir: string }[]} workspace packages with a bench script, in ORDER */
export function benchPackages(root = ROOT) {
  /** @type {{ name: string, dir: string }[]} */
  const found = [];
  for (const group of ["packages", "apps"]) {
    const groupDir = path.join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir).sort()) {
      const manifestPath = path.join(groupDir, entry, "package.json");
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
      if (manifest.scripts?.bench)
        found.push({ name: manifest.name, dir: path.join(groupDir, entry) });
    }
  }
  const rank = (/** @type {{ dir: string }} */ pkg) => {
    const index = ORDER.indexOf(path.basename(pkg.dir));
    return index === -1 ? ORDER.length : index;
  };
  return found.sort((a, b) => rank(a) - rank(b));
}

/** @param {string} output @returns {string[]} the lines worth keeping in the summary */
export function keyLines(output) {
  return output
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => KEY.test(line) && !PROGRESS.test(line));
}

/** The pnpm command: the one running us (`pnpm bench`), else the pinned one through npx. */
function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(path.basename(execPath)))
    return { command: process.execPath, args: [execPath] };
  const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const pinned = typeof manifest.packageManager === "string" ? manifest.packageManager : "pnpm";
  return { command: "npx", args: ["--yes", pinned] };
}

/**
 * Runs one package's bench, echoing its output live.
 * @param {string} name @returns {Promise<{ code: number | null, output: string }>}
 */
function runBench(name) {
  const { command, args } = pnpmCommand();
  return new Promise((resolve) => {
    const child = spawn(command, [...args, "--filter", name, "bench"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.once("error", (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.once("close", (code) => resolve({ code, output }));
  });
}

async function main() {
  const wanted = process.argv.slice(2);
  const packages = benchPackages().filter(
    (pkg) => wanted.length === 0 || wanted.some((part) => pkg.name.includes(part)),
  );
  if (packages.length === 0) {
    console.error("no package with a bench script matches");
    process.exit(1);
  }
  /** @type {{ name: string, code: number | null, seconds: number, lines: string[] }[]} */
  const results = [];
  for (const pkg of packages) {
    console.log(`\n=== ${pkg.name}: bench ===`);
    const started = Date.now();
    const { code, output } = await runBench(pkg.name);
    results.push({
      name: pkg.name,
      code,
      seconds: (Date.now() - started) / 1000,
      lines: keyLines(output),
    });
  }
  console.log("\n==================== benchmark summary ====================");
  for (const result of results) {
    const status = result.code === 0 ? "ok" : `FAILED (exit ${result.code})`;
    console.log(`\n## ${result.name} — ${status}, ${result.seconds.toFixed(1)} s`);
    if (result.lines.length === 0) console.log("  (no lines with ratio, MB/s, lines/s or ×)");
    for (const line of result.lines) console.log(`  ${line}`);
  }
  if (results.some((result) => result.code !== 0)) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
