/**
 * Global setup of the interop suite: gives every test file one results file to append to,
 * and after the whole run prints the peer × scenario matrix from it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import {
  type MatrixRecord,
  type Outcome,
  PEERS,
  SCENARIOS,
  type Scenario,
} from "./helpers/matrix.js";

const CELL: Record<Outcome, string> = {
  pass: "pass",
  fail: "FAIL",
  skip: "skip",
  "known-bug": "bug",
};

/** Renders the matrix (and the notes of every cell that is not a pass) as text. */
export function renderMatrix(records: readonly MatrixRecord[]): string {
  const scenarios = Object.keys(SCENARIOS) as Scenario[];
  const cells = new Map<string, MatrixRecord>();
  for (const entry of records) cells.set(`${entry.peer}|${entry.scenario}`, entry);
  const header = ["peer", ...scenarios.map((name) => SCENARIOS[name])];
  const rows = PEERS.map((peer) => [
    peer,
    ...scenarios.map((name) => {
      const entry = cells.get(`${peer}|${name}`);
      return entry ? CELL[entry.outcome] : "-";
    }),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  const separator = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
  const notes = records
    .filter((entry) => entry.outcome !== "pass")
    .map(
      (entry) => `  ${CELL[entry.outcome]}  ${entry.peer} × ${entry.scenario}: ${entry.note ?? ""}`,
    );
  const counts = (["pass", "fail", "skip", "known-bug"] as const)
    .map(
      (outcome) =>
        `${records.filter((entry) => entry.outcome === outcome).length} ${CELL[outcome]}`,
    )
    .join(", ");
  return [
    "",
    "Interop matrix (pass / FAIL / skip = tool missing / bug = known library bug / - = not run)",
    line(header),
    separator,
    ...rows.map(line),
    `${counts}`,
    ...(notes.length > 0 ? ["Notes:", ...notes] : []),
    "",
  ].join("\n");
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "ftp-interop-matrix-"));
  const file = path.join(dir, "results.jsonl");
  project.provide("interopMatrixFile", file);
  return () => {
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    const records = text
      .split("\n")
      .filter((row) => row.trim() !== "")
      .map((row) => JSON.parse(row) as MatrixRecord);
    console.log(renderMatrix(records));
    rmSync(dir, { recursive: true, force: true });
  };
}
