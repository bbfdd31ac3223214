#!/usr/bin/env node
/**
 * Smoke run of what the workspace has built so far: imports each library package from its
 * dist/ (as a user would after `npm install`) and prints what it exports.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let failures = 0;
for (const dir of readdirSync(path.join(root, "packages"))) {
  const manifestPath = path.join(root, "packages", dir, "package.json");
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (manifest.private) continue;
  const entry = path.join(root, "packages", dir, "dist", "index.js");
  try {
    const mod = await import(pathToFileURL(entry).href);
    console.log(
      `${manifest.name}: ${Object.keys(mod).length} exports (${Object.keys(mod).slice(0, 8).join(", ")}, ...)`,
    );
  } catch (error) {
    failures++;
    console.error(`${manifest.name}: failed to load ${entry}: ${error.message}`);
  }
}
process.exit(failures ? 1 : 0);
