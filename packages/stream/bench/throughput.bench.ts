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

async function bare(): Promise<number> {
  const { a, b } = await pair();
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
  const seconds = (performance.now() - start) / 1000;
  a.destroy();
  b.destroy();
  return TOTAL / seconds / 1e6;
}

async function throttled(limit?: number): Promise<number> {
  const { a, b } = await pair();
  const throttles = { global: StreamThrottle.fromLimits(undefined, limit) };
  const writer = new ThrottleStreamIO(a, throttles);
  const reader = new ThrottleStreamIO(b, {});
  const start = performance.now();
  const reading = (async () => {
    let received = 0;
    while (received < TOTAL) received += (await reader.read(BLOCK)).length;
  })();
  for (let sent = 0; sent < TOTAL; sent += BLOCK) await writer.write(block);
  await reading;
  const seconds = (performance.now() - start) / 1000;
  writer.destroy();
  reader.destroy();
  return TOTAL / seconds / 1e6;
}

console.log(`@ftp/stream bench: ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`);
console.log(`moving ${TOTAL / 1024 / 1024} MiB over 127.0.0.1 in ${BLOCK / 1024} KiB blocks`);
const bareRuns: number[] = [];
const ioRuns: number[] = [];
for (let i = 0; i < 3; i++) {
  bareRuns.push(await bare());
  ioRuns.push(await throttled());
}
const best = (runs: number[]) => Math.max(...runs);
console.log(`bare net.Socket          ${best(bareRuns).toFixed(0).padStart(6)} MB/s (best of 3)`);
console.log(
  `ThrottleStreamIO (none)  ${best(ioRuns).toFixed(0).padStart(6)} MB/s  ratio ${(best(ioRuns) / best(bareRuns)).toFixed(2)} (target >= 0.90)`,
);
const limit = 100e6;
const limited = await throttled(limit);
console.log(
  `ThrottleStreamIO 100 MB/s ${limited.toFixed(1).padStart(6)} MB/s  deviation ${(((limited - limit / 1e6) / (limit / 1e6)) * 100).toFixed(2)}% (target within 2%)`,
);
