/**
 * Throughput of the disk backends against bare node:fs streams, and memory of a streamed
 * listing of a 100,000-entry directory.
 *
 *   pnpm --filter @ftp/pathio bench
 *   PATHIO_BENCH_MIB=256 PATHIO_BENCH_ROUNDS=1 PATHIO_BENCH_ENTRIES=20000 pnpm ... bench
 *
 * Files go to /dev/shm (tmpfs) when it exists, so the numbers measure the code, not a disk.
 * Every case moves the same bytes in 1 MiB blocks; ratios are against the bare stream of
 * the same direction measured in the same run (best of the rounds, cases interleaved).
 */
import { randomFillSync } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type AbstractPathIO, AsyncPathIO, MemoryPathIO, PathIO } from "../src/index.js";

const MIB = 1024 * 1024;
const SIZE_MIB = Number(process.env.PATHIO_BENCH_MIB ?? 1024);
const ROUNDS = Number(process.env.PATHIO_BENCH_ROUNDS ?? 2);
const ENTRIES = Number(process.env.PATHIO_BENCH_ENTRIES ?? 100_000);
const BLOCK = MIB;
const TOTAL = SIZE_MIB * MIB;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const base = fs.existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
const work = fs.mkdtempSync(path.join(base, "ftp-pathio-bench-"));
const file = path.join(work, "data.bin");
const block = randomFillSync(Buffer.allocUnsafe(BLOCK));

async function writeAll(stream: Writable): Promise<void> {
  for (let written = 0; written < TOTAL; written += BLOCK) {
    if (!stream.write(block)) await once(stream, "drain");
  }
  stream.end();
  await finished(stream);
}

async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let total = 0;
  for await (const chunk of stream) total += (chunk as Buffer).length;
  return total;
}

type Case = { name: string; run: () => Promise<number | undefined> };

function handleWrite(pathio: AbstractPathIO): () => Promise<undefined> {
  return async () => {
    await using handle = await pathio.open(file, "wb");
    for (let written = 0; written < TOTAL; written += BLOCK) await handle.write(block);
    return undefined;
  };
}

function handleRead(pathio: AbstractPathIO): () => Promise<number> {
  return async () => {
    await using handle = await pathio.open(file, "rb");
    let total = 0;
    for (;;) {
      const chunk = await handle.read(BLOCK);
      if (chunk.length === 0) return total;
      total += chunk.length;
    }
  };
}

const asyncIO = new AsyncPathIO();
const syncIO = new PathIO();

const writeCases: Case[] = [
  {
    name: "bare fs.createWriteStream",
    run: async () => {
      await writeAll(fs.createWriteStream(file));
      return undefined;
    },
  },
  { name: "AsyncPathIO handle.write", run: handleWrite(asyncIO) },
  {
    name: "AsyncPathIO createWriteStream",
    run: async () => {
      await writeAll(await asyncIO.createWriteStream(file));
      return undefined;
    },
  },
  { name: "PathIO handle.write", run: handleWrite(syncIO) },
  {
    name: "PathIO createWriteStream",
    run: async () => {
      await writeAll(await syncIO.createWriteStream(file));
      return undefined;
    },
  },
];

const readCases: Case[] = [
  {
    name: "bare fs.createReadStream",
    run: () => drain(fs.createReadStream(file, { highWaterMark: BLOCK })),
  },
  { name: "AsyncPathIO handle.read", run: handleRead(asyncIO) },
  {
    name: "AsyncPathIO createReadStream",
    run: async () => drain(await asyncIO.createReadStream(file, { highWaterMark: BLOCK })),
  },
  { name: "PathIO handle.read", run: handleRead(syncIO) },
  {
    name: "PathIO createReadStream",
    run: async () => drain(await syncIO.createReadStream(file, { highWaterMark: BLOCK })),
  },
];

async function measure(cases: Case[], kind: "write" | "read"): Promise<Map<string, number>> {
  const best = new Map<string, number>();
  // Round 0 warms up (JIT, tmpfs pages) and is not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    for (const item of cases) {
      if (kind === "write") await fsp.rm(file, { force: true });
      gc();
      const start = process.hrtime.bigint();
      const count = await item.run();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (count !== undefined && count !== TOTAL) throw new Error(`${item.name} read ${count}`);
      if (kind === "write" && fs.statSync(file).size !== TOTAL)
        throw new Error(`${item.name} size`);
      const mbps = TOTAL / 1e6 / seconds;
      if (round === 0) continue;
      best.set(item.name, Math.max(best.get(item.name) ?? 0, mbps));
    }
  }
  return best;
}

function report(title: string, results: Map<string, number>, baseline: string): void {
  const reference = results.get(baseline) ?? Number.NaN;
  console.log(`\n${title} (${SIZE_MIB} MiB in 1 MiB blocks, best of ${ROUNDS})`);
  for (const [name, mbps] of results) {
    const ratio = mbps / reference;
    const flag = name === baseline ? "baseline" : ratio >= 0.9 ? "ok (>= 0.9)" : "BELOW 0.9";
    console.log(
      `  ${name.padEnd(32)} ${mbps.toFixed(0).padStart(7)} MB/s   x${ratio.toFixed(2)}  ${flag}`,
    );
  }
}

interface ListResult {
  seconds: number;
  entries: number;
  /** Peak RSS growth during the timed pass. */
  peakRss: number;
  /** Peak heapUsed growth during the timed pass (includes not-yet-collected garbage). */
  peakHeap: number;
  /** Largest heap still reachable mid-listing (gc before each sample, untimed pass). */
  retainedHeap: number;
}

type ListSource = () => AsyncIterable<string> | Promise<Iterable<string>>;

/** Keeps the current listing reachable while it is iterated (as a caller's variable would). */
const held = new Set<unknown>();

async function iterate(list: ListSource, every: number, sample: () => void): Promise<number> {
  let entries = 0;
  const source = await list();
  held.add(source);
  if (Symbol.asyncIterator in source) {
    for await (const _entry of source) if (++entries % every === 0) sample();
  } else {
    for (const _entry of source) if (++entries % every === 0) sample();
  }
  sample();
  held.delete(source);
  return entries;
}

async function measureList(list: ListSource): Promise<ListResult> {
  // Untimed pass first (a repeated listing can find the previous result still referenced):
  // heap still reachable (gc first) at ten points of the listing, against the heap before.
  gc();
  const before = process.memoryUsage().heapUsed;
  let retained = 0;
  await iterate(list, Math.max(1, Math.floor(ENTRIES / 10)), () => {
    gc();
    retained = Math.max(retained, process.memoryUsage().heapUsed - before);
  });
  gc();
  const start0 = process.memoryUsage();
  let peakRss = start0.rss;
  let peakHeap = start0.heapUsed;
  const start = process.hrtime.bigint();
  const entries = await iterate(list, 1000, () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    seconds,
    entries,
    peakRss: peakRss - start0.rss,
    peakHeap: peakHeap - start0.heapUsed,
    retainedHeap: retained,
  };
}

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

async function listing(): Promise<void> {
  const dir = path.join(work, "many");
  fs.mkdirSync(dir);
  for (let i = 0; i < ENTRIES; i++) fs.closeSync(fs.openSync(path.join(dir, `entry-${i}`), "w"));
  const memory = new MemoryPathIO();
  await memory.mkdir("/many");
  for (let i = 0; i < ENTRIES; i++) await (await memory.open(`/many/entry-${i}`, "wb")).close();

  const cases: [string, () => AsyncIterable<string> | Promise<Iterable<string>>][] = [
    ["fs.promises.readdir (array)", async () => fsp.readdir(dir)],
    ["AsyncPathIO.list (streamed)", () => asyncIO.list(dir)],
    ["PathIO.list (streamed)", () => syncIO.list(dir)],
    ["MemoryPathIO.list (streamed)", () => memory.list("/many")],
  ];
  console.log(`\nlist of a ${ENTRIES}-entry directory (peak growth over the start of each run)`);
  for (const [name, make] of cases) {
    const result = await measureList(make);
    if (result.entries !== ENTRIES) throw new Error(`${name} listed ${result.entries}`);
    console.log(
      `  ${name.padEnd(32)} ${(result.entries / result.seconds).toFixed(0).padStart(9)} entries/s` +
        `   peak RSS +${mib(result.peakRss)}   peak heap +${mib(result.peakHeap)}` +
        `   retained heap +${mib(result.retainedHeap)}`,
    );
  }
}

try {
  console.log(`@ftp/pathio I/O bench on ${base} (node ${process.version})`);
  report("write", await measure(writeCases, "write"), "bare fs.createWriteStream");
  report("read", await measure(readCases, "read"), "bare fs.createReadStream");
  await fsp.rm(file, { force: true });
  await listing();
} finally {
  await fsp.rm(work, { recursive: true, force: true });
}
