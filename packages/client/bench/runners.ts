/**
 * The benchmarked clients, each doing the same work end to end (connect, log in, transfer,
 * quit) so the timings compare: @ftp/client, curl (spawned), basic-ftp.
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { Client as BasicFtp } from "basic-ftp";
import { Client, type ClientOptions, ClientPool } from "../src/index.js";
import type { BenchServer } from "./server.js";

/** What one run of one case measured. */
export interface Timing {
  ms: number;
  bytes: number;
  files: number;
}

/** The work of one benchmark case, done by one tool. */
export type Work = (server: BenchServer) => Promise<Timing>;

function timed(start: number, bytes: number, files: number): Timing {
  return { ms: performance.now() - start, bytes, files };
}

// ---- @ftp/client -------------------------------------------------------------------------

async function ours(server: BenchServer, options: ClientOptions = {}): Promise<Client> {
  const client = new Client(options);
  await client.connect(server.host, server.port);
  await client.login(server.user, server.password);
  return client;
}

async function drain(client: Client, remote: string, reuseBuffers = false): Promise<number> {
  const stream = await client.downloadStream(remote, { reuseBuffers });
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.length;
  await stream.finish();
  return bytes;
}

/** RETR drained in memory; `reuseBuffers`: chunks valid until the next read (no allocation). */
export function oursDownload(reuseBuffers: boolean): Work {
  return async (server) => {
    const start = performance.now();
    const client = await ours(server);
    const bytes = await drain(client, server.bigFile, reuseBuffers);
    await client.quit();
    return timed(start, bytes, 1);
  };
}

export function oursUpload(remote: string): Work {
  return async (server) => {
    const start = performance.now();
    const client = await ours(server);
    await client.upload(server.bigLocal, remote, { writeInto: true });
    await client.quit();
    return timed(start, 0, 1);
  };
}

/** The small files one after the other on one connection (`pipelining` as given). */
export function oursSmallFiles(pipelining: boolean): Work {
  return async (server) => {
    const start = performance.now();
    const client = await ours(server, { pipelining });
    let bytes = 0;
    for (const file of server.smallFiles) bytes += await drain(client, file);
    await client.quit();
    return timed(start, bytes, server.smallFiles.length);
  };
}

export function oursPool(size: number, pipelining: boolean): Work {
  return async (server) => {
    const start = performance.now();
    const pool = new ClientPool({
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      size,
      pipelining,
    });
    const sizes = await Promise.all(
      server.smallFiles.map((file) => pool.run((client) => drain(client, file))),
    );
    await pool.close();
    return timed(
      start,
      sizes.reduce((a, b) => a + b, 0),
      server.smallFiles.length,
    );
  };
}

// ---- curl --------------------------------------------------------------------------------

function curl(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("curl", ["-sS", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`curl exited ${code}: ${stderr.trim()}`)),
    );
  });
}

function url(server: BenchServer, remote: string): string {
  const credentials = `${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}`;
  return `ftp://${credentials}@${server.host}:${server.port}${remote}`;
}

export const curlDownload: Work = async (server) => {
  const start = performance.now();
  await curl(["-o", "/dev/null", url(server, server.bigFile)]);
  return timed(start, 0, 1);
};

export function curlUpload(remote: string): Work {
  return async (server) => {
    const start = performance.now();
    await curl(["-T", server.bigLocal, url(server, remote)]);
    return timed(start, 0, 1);
  };
}

/** One curl process for all the small files: it keeps the connection between URLs. */
export const curlSmallFiles: Work = async (server) => {
  const config = path.join(tmpdir(), `ftp-bench-curl-${process.pid}.cfg`);
  const lines = server.smallFiles.map(
    (file) => `url = "${url(server, file)}"\noutput = "/dev/null"`,
  );
  await writeFile(config, `${lines.join("\n")}\n`);
  const start = performance.now();
  await curl(["-K", config]);
  return timed(start, 0, server.smallFiles.length);
};

// ---- basic-ftp ---------------------------------------------------------------------------

function sink(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

async function basic(server: BenchServer): Promise<BasicFtp> {
  const client = new BasicFtp(0);
  await client.access({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
  });
  return client;
}

export const basicDownload: Work = async (server) => {
  const start = performance.now();
  const client = await basic(server);
  await client.downloadTo(sink(), server.bigFile);
  client.close();
  return timed(start, 0, 1);
};

export function basicUpload(remote: string): Work {
  return async (server) => {
    const start = performance.now();
    const client = await basic(server);
    await client.uploadFrom(server.bigLocal, remote);
    client.close();
    return timed(start, 0, 1);
  };
}

export const basicSmallFiles: Work = async (server) => {
  const start = performance.now();
  const client = await basic(server);
  for (const file of server.smallFiles) await client.downloadTo(sink(), file);
  client.close();
  return timed(start, 0, server.smallFiles.length);
};
