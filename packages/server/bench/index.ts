/**
 * Server benchmarks: @ftp/server against raw Node loopback TCP, vsftpd and pyftpdlib, in one
 * run, with curl and Python's ftplib as clients and every file on tmpfs.
 *
 *   pnpm --filter @ftp/server bench
 *   BENCH_MB=256 BENCH_SECONDS=5 BENCH_IDLE=10000 pnpm --filter @ftp/server bench
 *
 * BENCH_MB: size of the big RETR/STOR file (default 1024). BENCH_SECONDS: length of the
 * concurrent-sessions run (default 10). BENCH_IDLE: idle sessions for the memory figure
 * (default 10000; vsftpd, one process per session, gets at most 1000). BENCH_PEERS: comma list
 * to restrict the peers (ours,ours-sync,raw,vsftpd,pyftpdlib; ours-sync is @ftp/server with the
 * blocking PathIO backend instead of the default AsyncPathIO). BENCH_RUNS: runs of RETR, STOR and the
 * small-file round (default 3; the best counts).
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hasCommand } from "@ftp/test-utils";
import {
  curlRetr,
  curlStor,
  ftplibListing,
  ftplibSmallFiles,
  percentile,
  rawTcp,
} from "./clients.js";
import { type Peer, type SkippedPeer, startOurs, startPyftpdlib, startVsftpd } from "./peers.js";
import { printTable, type Row } from "./table.js";

const MB = Number(process.env.BENCH_MB ?? 1024);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const IDLE = Number(process.env.BENCH_IDLE ?? 10_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 200);
const SMALL_COUNT = 1000;
/** RETR, STOR and the small-file rounds run this often; the best run counts (warm caches). */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LIST_ENTRIES = 10_000;
const PEERS = (process.env.BENCH_PEERS ?? "ours,ours-sync,raw,vsftpd,pyftpdlib").split(",");
const here = path.dirname(fileURLToPath(import.meta.url));

function log(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}

/** Files every server serves: root (not writable by vsftpd's ftp user) with `up/` for uploads. */
async function prepare(): Promise<{ root: string; big: string; work: string }> {
  const base = existsSync("/dev/shm") ? "/dev/shm" : undefined;
  if (base === undefined) log("no /dev/shm: files are NOT on tmpfs");
  const root = await mkdtemp(path.join(base ?? "/tmp", "ftp-bench-"));
  await chmod(root, 0o755);
  const big = path.join(root, "big.bin");
  const chunk = Buffer.alloc(1 << 20);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + 7) & 0xff;
  const out = createWriteStream(big);
  for (let i = 0; i < MB; i++)
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    out.once("error", reject);
    out.end(() => resolve());
  });
  await mkdir(path.join(root, "small"));
  const small = chunk.subarray(0, 4096);
  for (let i = 0; i < SMALL_COUNT; i++)
    await writeFile(path.join(root, "small", `f${String(i).padStart(4, "0")}.bin`), small);
  await mkdir(path.join(root, "sess"));
  await writeFile(path.join(root, "sess", "s64.bin"), chunk.subarray(0, 65536));
  for (let i = 0; i < 9; i++) await writeFile(path.join(root, "sess", `other${i}.txt`), "x");
  await mkdir(path.join(root, "many"));
  for (let i = 0; i < LIST_ENTRIES; i++)
    await writeFile(path.join(root, "many", `entry-${String(i).padStart(5, "0")}.dat`), "");
  await mkdir(path.join(root, "up"));
  await chmod(path.join(root, "up"), 0o777);
  if (process.getuid?.() === 0) await chown(path.join(root, "up"), 102, 105).catch(() => {});
  const work = await mkdtemp(path.join(base ?? "/tmp", "ftp-bench-client-"));
  return { root, big, work };
}

/** Runs the session driver as its own process. */
function driver(args: string[]): ReturnType<typeof spawn> {
  return spawn(
    process.execPath,
    ["--import", "tsx", path.join(here, "session-driver.ts"), ...args],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
}

async function concurrentSessions(peer: Peer): Promise<{
  rate: number;
  count: number;
  p50: number;
  p99: number;
  errors: number;
  note?: string;
}> {
  const child = driver([
    "sessions",
    peer.host,
    String(peer.port),
    String(WORKERS),
    String(SECONDS),
    "sess",
    "sess/s64.bin",
  ]);
  child.stdin?.end();
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  await new Promise((resolve) => child.once("exit", resolve));
  const result = JSON.parse(out) as {
    sessions: number;
    errors: number;
    firstError?: string;
    seconds: number;
    latencies: number[];
  };
  return {
    rate: result.sessions / result.seconds,
    count: result.sessions,
    p50: percentile(result.latencies, 50),
    p99: percentile(result.latencies, 99),
    errors: result.errors,
    ...(result.firstError !== undefined ? { note: result.firstError } : {}),
  };
}

async function idleMemory(
  peer: Peer,
  count: number,
): Promise<{ perSession: number; heapPerSession?: number; opened: number; failed: number }> {
  const before = await peer.memory();
  const child = driver(["idle", peer.host, String(peer.port), String(count)]);
  const ready = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.trim());
    });
    child.once("exit", () => reject(new Error(`idle driver exited: ${out}`)));
  });
  const [, openedText = "0", failedText = "0"] = ready.split(" ");
  const opened = Number(openedText);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = await peer.memory();
  child.stdin?.end();
  await new Promise((resolve) => child.once("exit", resolve));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const result: { perSession: number; heapPerSession?: number; opened: number; failed: number } = {
    perSession: opened > 0 ? (after.rss - before.rss) / opened : Number.NaN,
    opened,
    failed: Number(failedText),
  };
  if (after.heap !== undefined && before.heap !== undefined && opened > 0)
    result.heapPerSession = (after.heap - before.heap) / opened;
  return result;
}

type Figures = Partial<Record<string, number>>;
type Notes = Partial<Record<string, string>>;

async function benchPeer(
  peer: Peer,
  files: { big: string; work: string },
  figures: Figures,
  notes: Notes,
): Promise<void> {
  const bytes = MB * 1024 * 1024;
  const out = path.join(files.work, `retr-${peer.name.replace(/\W/g, "")}.bin`);
  let retr = Number.POSITIVE_INFINITY;
  let stor = Number.POSITIVE_INFINITY;
  for (let run = 1; run <= RUNS; run++) {
    log(`${peer.name}: RETR ${MB} MiB (run ${run}/${RUNS})`);
    retr = Math.min(retr, await curlRetr(peer.host, peer.port, "big.bin", out));
    if ((await stat(out)).size !== bytes) throw new Error(`${peer.name}: RETR size mismatch`);
    await rm(out);
    log(`${peer.name}: STOR ${MB} MiB (run ${run}/${RUNS})`);
    const remote = `up/stor-${peer.name.replace(/\W/g, "")}.bin`;
    stor = Math.min(stor, await curlStor(peer.host, peer.port, files.big, remote));
  }
  figures.retr = bytes / retr / 1e6;
  figures.stor = bytes / stor / 1e6;
  log(`${peer.name}: ${SMALL_COUNT} RETRs of 4 KiB (${RUNS} rounds)`);
  figures.small = SMALL_COUNT / (await ftplibSmallFiles(peer.host, peer.port, SMALL_COUNT, RUNS));
  log(`${peer.name}: LIST/MLSD of ${LIST_ENTRIES} entries`);
  const listing = await ftplibListing(peer.host, peer.port, "many", 3, peer.mlsd);
  if (listing.listEntries < LIST_ENTRIES) notes.list = `only ${listing.listEntries} lines`;
  figures.list = listing.list * 1000;
  if (listing.mlsd !== undefined) figures.mlsd = listing.mlsd * 1000;
  log(`${peer.name}: ${WORKERS} concurrent sessions for ${SECONDS} s`);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const cpuBefore = await peer.cpuMs();
  const sessions = await concurrentSessions(peer);
  const cpuAfter = await peer.cpuMs();
  figures.sessions = sessions.rate;
  if (cpuBefore !== undefined && cpuAfter !== undefined && sessions.count > 0)
    figures.sessionCpu = (cpuAfter - cpuBefore) / sessions.count;
  figures.p50 = sessions.p50;
  figures.p99 = sessions.p99;
  if (sessions.errors > 0) notes.sessions = `${sessions.errors} errors (${sessions.note ?? ""})`;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const count = peer.name === "vsftpd" ? Math.min(IDLE, 1000) : IDLE;
  log(`${peer.name}: ${count} idle sessions`);
  const idle = await idleMemory(peer, count);
  figures.idle = idle.perSession / 1024;
  if (idle.heapPerSession !== undefined) figures.idleHeap = idle.heapPerSession / 1024;
  notes.idle = `${idle.opened} sessions${idle.failed > 0 ? `, ${idle.failed} failed` : ""}`;
}

async function main(): Promise<void> {
  if (!hasCommand("curl")) throw new Error("the benchmarks need curl");
  log(`preparing ${MB} MiB + ${SMALL_COUNT} small files + ${LIST_ENTRIES}-entry directory`);
  const files = await prepare();
  const results = new Map<string, { figures: Figures; notes: Notes }>();
  const skipped: SkippedPeer[] = [];
  try {
    if (PEERS.includes("raw")) {
      log(`raw TCP: ${MB} MiB each way`);
      const bytes = MB * 1024 * 1024;
      const target = path.join(files.work, "raw.bin");
      const get = await rawTcp("get", files.big, target);
      await rm(target);
      const put = await rawTcp("put", files.big, target);
      await rm(target);
      results.set("raw TCP", {
        figures: { retr: bytes / get / 1e6, stor: bytes / put / 1e6 },
        notes: {},
      });
    }
    const starters: Array<[string, () => Promise<Peer | SkippedPeer>]> = [
      ["ours", () => startOurs(files.root)],
      ["ours-sync", () => startOurs(files.root, "sync")],
      ["vsftpd", () => startVsftpd(files.root)],
      ["pyftpdlib", () => startPyftpdlib(files.root)],
    ];
    for (const [key, start] of starters) {
      if (!PEERS.includes(key)) continue;
      const peer = await start();
      if (!("port" in peer)) {
        log(`${peer.name} skipped: ${peer.reason}`);
        skipped.push(peer);
        continue;
      }
      const figures: Figures = {};
      const notes: Notes = {};
      try {
        await benchPeer(peer, files, figures, notes);
      } catch (error) {
        notes.error = (error as Error).message;
        log(`${peer.name} failed: ${(error as Error).message}`);
      } finally {
        await peer.stop();
      }
      results.set(peer.name, { figures, notes });
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  } finally {
    await rm(files.root, { recursive: true, force: true });
    await rm(files.work, { recursive: true, force: true });
  }
  const rows: Row[] = [
    {
      key: "retr",
      label: `RETR ${MB} MiB (curl, best of ${RUNS})`,
      unit: "MB/s",
      higher: true,
      target: { peer: "vsftpd", ratio: 0.75 },
    },
    {
      key: "stor",
      label: `STOR ${MB} MiB (curl, best of ${RUNS})`,
      unit: "MB/s",
      higher: true,
      target: { peer: "vsftpd", ratio: 1.0 },
    },
    {
      key: "small",
      label: `${SMALL_COUNT} RETRs of 4 KiB, one control conn (ftplib, best of ${RUNS})`,
      unit: "files/s",
      higher: true,
      target: { peer: "vsftpd", ratio: 1.0 },
    },
    {
      key: "sessions",
      label: `${WORKERS} concurrent login+LIST+RETR 64 KiB, ${SECONDS} s`,
      unit: "sessions/s",
      higher: true,
      target: { peer: "pyftpdlib", ratio: 1.0 },
    },
    { key: "p50", label: "  session latency p50", unit: "ms", higher: false },
    { key: "p99", label: "  session latency p99", unit: "ms", higher: false },
    {
      key: "sessionCpu",
      label: "  server CPU per session (user+sys)",
      unit: "ms",
      higher: false,
    },
    {
      key: "idle",
      label: `idle logged-in session, RSS delta (${IDLE})`,
      unit: "KiB/session",
      higher: false,
      target: { absolute: 16 },
    },
    {
      key: "idleHeap",
      label: "  of which JS heap + external",
      unit: "KiB/session",
      higher: false,
      target: { absolute: 16 },
    },
    {
      key: "list",
      label: `LIST of ${LIST_ENTRIES} entries (ftplib, median of 3)`,
      unit: "ms",
      higher: false,
    },
    {
      key: "mlsd",
      label: `MLSD of ${LIST_ENTRIES} entries (ftplib, median of 3)`,
      unit: "ms",
      higher: false,
    },
  ];
  printTable(rows, results, skipped, {
    mb: MB,
    seconds: SECONDS,
    idle: IDLE,
  });
}

await main();
