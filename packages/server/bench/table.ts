/** Prints the benchmark results as one table, with ratios from the same run. */
import os from "node:os";
import type { SkippedPeer } from "./peers.js";

/** One benchmark row. */
export interface Row {
  key: string;
  label: string;
  unit: string;
  /** True when a bigger figure is better (throughput); false for times and memory. */
  higher: boolean;
  /** Issue 5's target: a ratio to a peer (ours as good as `ratio` × peer), or an absolute cap. */
  target?: { peer: string; ratio: number } | { absolute: number };
}

const OURS = "@ftp/server";
const COLUMNS = [OURS, "@ftp/server (PathIO)", "raw TCP", "vsftpd", "pyftpdlib"];

function format(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return "–";
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** How many times better ours is than `other` (>1: ours better), whatever the unit's direction. */
function advantage(
  row: Row,
  ours: number | undefined,
  other: number | undefined,
): number | undefined {
  if (ours === undefined || other === undefined) return undefined;
  if (!Number.isFinite(ours) || !Number.isFinite(other) || ours <= 0 || other <= 0)
    return undefined;
  return row.higher ? ours / other : other / ours;
}

/** Prints the table to stdout. */
export function printTable(
  rows: readonly Row[],
  results: ReadonlyMap<
    string,
    { figures: Partial<Record<string, number>>; notes: Partial<Record<string, string>> }
  >,
  skipped: readonly SkippedPeer[],
  settings: { mb: number; seconds: number; idle: number },
): void {
  const header = ["benchmark", "unit", ...COLUMNS, "× vsftpd", "× pyftpdlib", "target", "met"];
  const lines: string[][] = [header];
  const misses: string[] = [];
  const unchecked: string[] = [];
  for (const row of rows) {
    const value = (peer: string) => results.get(peer)?.figures[row.key];
    const ours = value(OURS);
    const vs = advantage(row, ours, value("vsftpd"));
    const vp = advantage(row, ours, value("pyftpdlib"));
    let target = "";
    let met = "";
    if (row.target !== undefined) {
      if ("absolute" in row.target) {
        target = `≤ ${row.target.absolute}`;
        if (ours !== undefined) met = ours <= row.target.absolute ? "yes" : "NO";
      } else {
        target = `≥ ${row.target.ratio.toFixed(2)}× ${row.target.peer}`;
        const ratio = advantage(row, ours, value(row.target.peer));
        met = ratio === undefined ? "n/a" : ratio >= row.target.ratio ? "yes" : "NO";
      }
      if (met === "NO") misses.push(row.label.trim());
      if (met === "n/a") unchecked.push(row.label.trim());
    }
    lines.push([
      row.label,
      row.unit,
      ...COLUMNS.map((peer) => format(value(peer))),
      vs === undefined ? "–" : `${vs.toFixed(2)}×`,
      vp === undefined ? "–" : `${vp.toFixed(2)}×`,
      target,
      met,
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((line) => (line[i] ?? "").length)));
  const render = (line: string[]) =>
    line
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ");
  const out: string[] = [];
  out.push(
    `@ftp/server benchmarks — node ${process.version}, ${os.cpus().length} CPU ${os.cpus()[0]?.model ?? ""}`.trim(),
  );
  out.push(
    `big file ${settings.mb} MiB, sessions run ${settings.seconds} s, ${settings.idle} idle sessions (vsftpd ≤ 1000); files on tmpfs; ratios: how many times better @ftp/server is`,
  );
  out.push("");
  out.push(render(lines[0] ?? []));
  out.push(widths.map((w) => "-".repeat(w)).join("  "));
  for (const line of lines.slice(1)) out.push(render(line));
  out.push("");
  for (const [peer, { notes }] of results)
    for (const [key, note] of Object.entries(notes)) out.push(`note: ${peer} ${key}: ${note}`);
  for (const peer of skipped) out.push(`skipped: ${peer.name}: ${peer.reason}`);
  out.push(
    "raw TCP: a Node client process and this process over one loopback connection, file streams with 1 MiB buffers (a Node ceiling, not curl's)",
  );
  out.push(
    "@ftp/server (PathIO): the same server with the blocking PathIO backend (fs calls on the event loop, no thread-pool hop per call; fine for local disks and tmpfs, not for slow or network storage); targets are checked on the default AsyncPathIO column",
  );
  out.push(
    "idle memory: @ftp/server reports its own RSS and heap after GC (RSS can understate once the heap grew earlier); vsftpd: Pss of all its processes; pyftpdlib: RSS",
  );
  if (unchecked.length > 0) out.push(`targets not checked (peer not run): ${unchecked.join("; ")}`);
  if (misses.length > 0) out.push(`targets missed: ${misses.join("; ")}`);
  else if (unchecked.length === 0) out.push("all targets met");
  process.stdout.write(`${out.join("\n")}\n`);
}
