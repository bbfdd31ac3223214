/**
 * Throughput of ThrottleStreamIO against a bare net.Socket, in the same run over loopback,
 * and the accuracy of a 100 MB/s limit. Run: pnpm --filter @ftp/stream bench
 * Sizes can be lowered for a quick look: BENCH_MB=256 pnpm --filter @ftp/stream bench
 */
import net from "node:net";
import os from "node:os";
import { StreamThrottle, ThrottleStreamIO } from "../src/index.js";

const TOTAL = Number(process.env.BENCH_MB ?? 1024) * 1024 * 1024;
const BLOCK = 1024 * 1024;
const block = Buffer.alloc(BLOCK, 0x61);

async function pair(): Promise<{ a: net.Socket; b: net.Socket }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const accepted = new Promise<net.Socket>((resolve) => server.once("connection", resolve));
  const a = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
  await new Promise((resolve) => a.once("connect", resolve));
  const b = await accepted;
  server.close();
  return { a, b };
}

/** Wall-clock rate and CPU-time rate (MB per CPU second, user + system, this process). */
interface Run {
  mbs: number;
  cpu: number;
}

function measure(start: number, cpu: NodeJS.CpuUsage): Run {
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { mbs: TOTAL / seconds / 1e6, cpu: TOTAL / cpuSeconds / 1e6 };
}

async function bare(): Promise<Run> {
  const { a, b } = await pair();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const done = new Promise<void>((resolve) => {
    let received = 0;
    b.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received >= TOTAL) resolve();
    });
  });
  for (let sent = 0; sent < TOTAL; sent += BLOCK) {
    if (!a.write(block)) await new Promise((resolve) => a.once("drain", resolve));
  }
  await done;
  const run = measure(start, cpu);
  a.destroy();
  b.destroy();
  return run;
}

async function throttled(limit?: number): Promise<Run> {
  const { a, b } = await pair();
  const throttles = { global: StreamThrottle.fromLimits(undefined, limit) };
  const writer = new ThrottleStreamIO(a, throttles);
  const reader = new ThrottleStreamIO(b, {});
  const cpu = process.cpuUsage();
  const start = performance.now();
  const reading = (async () => {
    let received = 0;
    while (received < TOTAL) received += (await reader.read(BLOCK)).length;
  })();
  for (let sent = 0; sent < TOTAL; sent += BLOCK) await writer.write(block);
  await reading;
  const run = measure(start, cpu);
  writer.destroy();
  reader.destroy();
  return run;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
console.log(`@ftp/stream bench: ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`);
console.log(
  `moving ${TOTAL / 1024 / 1024} MiB over 127.0.0.1 in ${BLOCK / 1024} KiB blocks, ${ROUNDS} interleaved rounds`,
);
const bareRuns: Run[] = [];
const ioRuns: Run[] = [];
for (let i = 0; i < ROUNDS; i++) {
  // Alternate the order so drift in machine load hits both sides alike.
  if (i % 2 === 0) {
    bareRuns.push(await bare());
    ioRuns.push(await throttled());
  } else {
    ioRuns.push(await throttled());
    bareRuns.push(await bare());
  }
  const b = bareRuns[i] as Run;
  const t = ioRuns[i] as Run;
  console.log(
    `  round ${i + 1}: bare ${b.mbs.toFixed(0)} MB/s (${b.cpu.toFixed(0)} MB/cpu-s), ThrottleStreamIO ${t.mbs.toFixed(0)} MB/s (${t.cpu.toFixed(0)} MB/cpu-s)`,
  );
}
const best = (runs: number[]) => Math.max(...runs);
const median = (runs: number[]) => {
  const sorted = [...runs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const report = (what: "mbs" | "cpu", unit: string) => {
  const base = bareRuns.map((run) => run[what]);
  const io = ioRuns.map((run) => run[what]);
  console.log(
    `${unit}: bare best ${best(base).toFixed(0)}, median ${median(base).toFixed(0)} | ThrottleStreamIO best ${best(io).toFixed(0)}, median ${median(io).toFixed(0)} | ratio best ${(best(io) / best(base)).toFixed(2)}, median ${(median(io) / median(base)).toFixed(2)} (target >= 0.90)`,
  );
};
report("mbs", "wall MB/s   ");
report("cpu", "MB per cpu-s");
const limit = 100e6;
const limited = (await throttled(limit)).mbs;
console.log(
  `ThrottleStreamIO limited to 100 MB/s: ${limited.toFixed(2)} MB/s, deviation ${(((limited - limit / 1e6) / (limit / 1e6)) * 100).toFixed(2)}% (target within 2%)`,
);
