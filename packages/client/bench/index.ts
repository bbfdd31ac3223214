/**
 * @ftp/client benchmarks against one server (vsftpd when installed, else @ftp/server), files
 * on tmpfs, compared in the same run with curl and basic-ftp:
 *   - download and upload of one large file (1 GiB; BENCH_MB=256 for 256 MiB),
 *   - 1,000 downloads of 4 KiB files on one connection (BENCH_FILES to change the count), with
 *     and without `pipelining`,
 *   - the same files over a ClientPool of 4 connections.
 * Each case runs BENCH_RUNS times per tool (default 5) after one warm-up round that is not
 * counted; the best run counts. BENCH_SERVER
 * forces "vsftpd" or "ours". Run: `pnpm --filter @ftp/client bench`.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import {
  basicDownload,
  basicSmallFiles,
  basicUpload,
  curlDownload,
  curlSmallFiles,
  curlUpload,
  oursDownload,
  oursPool,
  oursSmallFiles,
  oursUpload,
  type Timing,
  type Work,
} from "./runners.js";
import { type BenchServer, startBenchServer } from "./server.js";

function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer`);
  return value;
}

const MB = positiveInteger("BENCH_MB", 1024);
const FILES = positiveInteger("BENCH_FILES", 1000);
const RUNS = positiveInteger("BENCH_RUNS", 5);
const POOL_SIZE = 4;
const SMALL_BYTES = 4096;

type Tool = "@ftp/client" | "curl" | "basic-ftp";

interface Case {
  title: string;
  /** "bytes" rates in MB/s, "files" in files/s. */
  unit: "bytes" | "files";
  work: Partial<Record<Tool, Work>>;
  /** What our result is compared with for the ratio columns (default: the same tool). */
  baseline?: Partial<Record<Tool, string>>;
  /** Minimum ratios of @ftp/client over the named tools. */
  targets: Partial<Record<Tool, number>>;
  /** Index of an earlier case whose timings stand in for the tools this one does not run. */
  othersFrom?: number;
  /** Runs after every run of every tool (e.g. removes an uploaded file). */
  cleanup?: (server: BenchServer) => Promise<void>;
}

interface Row {
  title: string;
  unit: "bytes" | "files";
  best: Partial<Record<Tool, Timing>>;
  targets: Partial<Record<Tool, number>>;
  baseline: Partial<Record<Tool, string>>;
}

function rate(timing: Timing, unit: "bytes" | "files", bytes: number): number {
  const seconds = timing.ms / 1000;
  return unit === "bytes" ? bytes / 1e6 / seconds : timing.files / seconds;
}

function format(timing: Timing | undefined, unit: "bytes" | "files", bytes: number): string {
  if (!timing) return "-";
  const value = rate(timing, unit, bytes);
  const shown = value >= 100 ? value.toFixed(0) : value.toFixed(1);
  return `${shown} ${unit === "bytes" ? "MB/s" : "files/s"} (${(timing.ms / 1000).toFixed(2)} s)`;
}

async function measure(server: BenchServer, testCase: Case): Promise<Row> {
  const best: Partial<Record<Tool, Timing>> = {};
  // round 0 warms up (the JavaScript clients' JIT, the server's caches) and is not counted
  for (let run = 0; run <= RUNS; run++) {
    // tools take turns inside each round, so a noisy neighbour hurts them alike
    for (const [tool, work] of Object.entries(testCase.work) as [Tool, Work][]) {
      const timing = await work(server);
      await testCase.cleanup?.(server);
      if (run === 0) continue;
      const previous = best[tool];
      if (!previous || timing.ms < previous.ms) best[tool] = timing;
      process.stderr.write(
        `  ${testCase.title} · ${tool} · run ${run + 1}/${RUNS}: ${(timing.ms / 1000).toFixed(3)} s\n`,
      );
    }
  }
  return {
    title: testCase.title,
    unit: testCase.unit,
    best,
    targets: testCase.targets,
    baseline: testCase.baseline ?? {},
  };
}

function ratio(row: Row, tool: Tool): number | undefined {
  const ours = row.best["@ftp/client"];
  const other = row.best[tool];
  if (!ours || !other) return undefined;
  return other.ms / ours.ms;
}

function table(rows: readonly Row[], bytes: number): string {
  const header = [
    "case",
    "@ftp/client",
    "curl",
    "basic-ftp",
    "ratio vs curl",
    "ratio vs basic-ftp",
    "target",
    "met",
  ];
  const body = rows.map((row) => {
    const size = row.unit === "bytes" ? bytes : 0;
    const vsCurl = ratio(row, "curl");
    const vsBasic = ratio(row, "basic-ftp");
    const targets = Object.entries(row.targets) as [Tool, number][];
    const met = targets.map(([tool, min]) => (ratio(row, tool) ?? 0) >= min);
    return [
      row.title,
      format(row.best["@ftp/client"], row.unit, size),
      row.baseline.curl ?? format(row.best.curl, row.unit, size),
      row.baseline["basic-ftp"] ?? format(row.best["basic-ftp"], row.unit, size),
      vsCurl === undefined ? "-" : `${vsCurl.toFixed(2)}×`,
      vsBasic === undefined ? "-" : `${vsBasic.toFixed(2)}×`,
      targets.length === 0 ? "-" : targets.map(([tool, min]) => `≥ ${min}× ${tool}`).join(", "),
      targets.length === 0 ? "-" : met.every(Boolean) ? "yes" : "NO",
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`,
    ...body.map(line),
  ].join("\n");
}

async function main(): Promise<void> {
  const bytes = MB * 1024 * 1024;
  process.stderr.write(`preparing ${MB} MiB and ${FILES} files of ${SMALL_BYTES} B on tmpfs...\n`);
  const server = await startBenchServer({
    bigBytes: bytes,
    smallCount: FILES,
    smallBytes: SMALL_BYTES,
    prefer: process.env.BENCH_SERVER,
  });
  const uploaded = (name: string) => `${server.uploadDir}/${name}.bin`;
  const removeUploads = async (target: BenchServer) => {
    for (const name of ["ours", "curl", "basic"])
      await rm(path.join(target.root, "upload", `${name}.bin`), { force: true });
  };
  /** Index in `cases` of the small files over one connection (pipelining), the pool's baseline. */
  const SMALL_ONE_CONNECTION = 3;
  const cases: Case[] = [
    {
      // like curl -o /dev/null: each chunk is dropped before the next is read
      title: `download ${MB} MiB (reuseBuffers)`,
      unit: "bytes",
      work: { "@ftp/client": oursDownload(true), curl: curlDownload, "basic-ftp": basicDownload },
      targets: { curl: 0.8, "basic-ftp": 1.5 },
    },
    {
      title: `download ${MB} MiB (chunks kept)`,
      unit: "bytes",
      work: { "@ftp/client": oursDownload(false) },
      targets: {},
      othersFrom: 0,
    },
    {
      title: `upload ${MB} MiB`,
      unit: "bytes",
      work: {
        "@ftp/client": oursUpload(uploaded("ours")),
        curl: curlUpload(uploaded("curl")),
        "basic-ftp": basicUpload(uploaded("basic")),
      },
      targets: {},
      cleanup: removeUploads,
    },
    {
      title: `${FILES} × 4 KiB, one connection (pipelining)`,
      unit: "files",
      work: {
        "@ftp/client": oursSmallFiles(true),
        curl: curlSmallFiles,
        "basic-ftp": basicSmallFiles,
      },
      targets: { curl: 1.0 },
    },
    {
      title: `${FILES} × 4 KiB, one connection (no pipelining)`,
      unit: "files",
      work: { "@ftp/client": oursSmallFiles(false) },
      targets: {},
      othersFrom: SMALL_ONE_CONNECTION,
    },
  ];
  const rows: Row[] = [];
  try {
    for (const testCase of cases) {
      const row = await measure(server, testCase);
      const others = testCase.othersFrom === undefined ? undefined : rows[testCase.othersFrom];
      if (others) row.best = { ...others.best, ...row.best };
      rows.push(row);
    }
    // the pool is compared with curl's single connection
    const pool = await measure(server, {
      title: `${FILES} × 4 KiB, ClientPool of ${POOL_SIZE} (pipelining)`,
      unit: "files",
      work: { "@ftp/client": oursPool(POOL_SIZE, true) },
      targets: {},
    });
    const single = rows[SMALL_ONE_CONNECTION];
    if (single?.best.curl) pool.best.curl = single.best.curl;
    pool.targets = { curl: 3 };
    pool.baseline = { curl: `(one connection) ${format(single?.best.curl, "files", 0)}` };
    rows.push(pool);
  } finally {
    await server.close();
  }
  const where = `${server.name} on ${server.host}, files on tmpfs`;
  console.log(
    `\n@ftp/client benchmark: ${where}; ${MB} MiB, ${FILES} × 4 KiB; best of ${RUNS} runs after a warm-up round; ` +
      `MB/s = 10^6 bytes/s; ratio = other tool's time / @ftp/client's time (higher is better)\n`,
  );
  console.log(table(rows, bytes));
  const missed = rows.filter((row) =>
    (Object.entries(row.targets) as [Tool, number][]).some(
      ([tool, min]) => (ratio(row, tool) ?? 0) < min,
    ),
  );
  console.log(
    missed.length === 0
      ? "\nall targets met"
      : `\ntargets missed: ${missed.map((row) => row.title).join("; ")}`,
  );
}

await main();
