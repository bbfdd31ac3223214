/**
 * Client-side measurements: curl for the big transfers, Python's ftplib for many small RETRs
 * and for directory listings, a Node child process for the raw TCP baseline. Every client runs
 * in its own process.
 */
import { execFile } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import net from "node:net";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { PYTHON } from "./peers.js";

const run = promisify(execFile);

/** Seconds taken by `fn`. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/** Downloads `remote` with curl into `local`; returns seconds. */
export function curlRetr(
  host: string,
  port: number,
  remote: string,
  local: string,
): Promise<number> {
  return timed(() =>
    run("curl", ["-sS", "--fail", "-o", local, `ftp://${host}:${port}/${remote}`], {
      maxBuffer: 1 << 20,
    }),
  );
}

/** Uploads `local` with curl to `remote`; returns seconds. */
export function curlStor(
  host: string,
  port: number,
  local: string,
  remote: string,
): Promise<number> {
  return timed(() =>
    run("curl", ["-sS", "--fail", "-T", local, `ftp://${host}:${port}/${remote}`]),
  );
}

const SMALL_FILES_SCRIPT = `
import ftplib, sys, time
host, port, count, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ftp = ftplib.FTP()
ftp.connect(host, port)
ftp.login()
ftp.voidcmd("TYPE I")
sink = bytearray()
best = None
for _ in range(rounds):
    start = time.perf_counter()
    for i in range(count):
        sink.clear()
        with ftp.transfercmd("RETR small/f%04d.bin" % i) as conn:
            while True:
                block = conn.recv(65536)
                if not block:
                    break
                sink += block
        ftp.voidresp()
        if len(sink) != 4096:
            raise SystemExit("short file %d: %d" % (i, len(sink)))
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
print(best)
ftp.quit()
`;

/**
 * `count` RETRs of 4 KiB files over one control connection (ftplib), `rounds` times on that
 * connection; returns the seconds of the fastest round.
 */
export async function ftplibSmallFiles(
  host: string,
  port: number,
  count: number,
  rounds: number,
): Promise<number> {
  const { stdout } = await run(PYTHON, [
    "-c",
    SMALL_FILES_SCRIPT,
    host,
    String(port),
    String(count),
    String(rounds),
  ]);
  return Number(stdout.trim());
}

const LISTING_SCRIPT = `
import ftplib, sys, time, json
host, port, path, rounds, mlsd = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"
ftp = ftplib.FTP()
ftp.connect(host, port)
ftp.login()
result = {"list": [], "mlsd": [], "listEntries": 0, "mlsdEntries": 0}
for _ in range(rounds):
    lines = []
    start = time.perf_counter()
    ftp.retrlines("LIST " + path, lines.append)
    result["list"].append(time.perf_counter() - start)
    result["listEntries"] = len(lines)
    if mlsd:
        start = time.perf_counter()
        entries = [e for e in ftp.mlsd(path) if e[1].get("type") == "file"]
        result["mlsd"].append(time.perf_counter() - start)
        result["mlsdEntries"] = len(entries)
print(json.dumps(result))
ftp.quit()
`;

/** LIST (and MLSD) of `dir`, `rounds` times each; returns the median seconds and entry counts. */
export async function ftplibListing(
  host: string,
  port: number,
  dir: string,
  rounds: number,
  mlsd: boolean,
): Promise<{ list: number; mlsd: number | undefined; listEntries: number; mlsdEntries: number }> {
  const { stdout } = await run(PYTHON, [
    "-c",
    LISTING_SCRIPT,
    host,
    String(port),
    dir,
    String(rounds),
    mlsd ? "1" : "0",
  ]);
  const parsed = JSON.parse(stdout) as {
    list: number[];
    mlsd: number[];
    listEntries: number;
    mlsdEntries: number;
  };
  return {
    list: median(parsed.list),
    mlsd: parsed.mlsd.length > 0 ? median(parsed.mlsd) : undefined,
    listEntries: parsed.listEntries,
    mlsdEntries: parsed.mlsdEntries,
  };
}

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile (nearest rank) of some numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

const RAW_CLIENT = `
const net = require("node:net"), fs = require("node:fs");
const [mode, port, file] = process.argv.slice(1);
const socket = net.connect({ host: "127.0.0.1", port: Number(port) });
if (mode === "get") socket.pipe(fs.createWriteStream(file, { highWaterMark: 1 << 20 }));
else fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(socket);
`;

/**
 * The ceiling for Node: a raw loopback TCP connection between this process (reading or writing
 * the file on tmpfs) and a Node child (writing or reading it). Returns seconds from the
 * accepted connection to the file complete on the far side (Node's start-up not counted).
 * File streams use 1 MiB buffers: with fs.WriteStream's default 16 KiB, a socket-to-file
 * pipe runs at about half speed (each 64 KiB socket chunk waits for its own thread-pool write).
 */
export async function rawTcp(
  direction: "get" | "put",
  source: string,
  target: string,
): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  let start = performance.now();
  const served = new Promise<void>((resolve, reject) => {
    server.once("connection", (socket) => {
      start = performance.now();
      socket.setNoDelay(true);
      const done =
        direction === "get"
          ? pipeline(createReadStream(source, { highWaterMark: 1 << 20 }), socket)
          : pipeline(socket, createWriteStream(target, { highWaterMark: 1 << 20 }));
      done.then(resolve, reject);
    });
  });
  const child = execFile(process.execPath, [
    "-e",
    RAW_CLIENT,
    direction,
    String(port),
    direction === "get" ? target : source,
  ]);
  await Promise.all([served, once(child, "exit")]);
  server.close();
  return (performance.now() - start) / 1000;
}
