import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client, type TransferProgress } from "@ftp/client";
import { formatBytes, formatDuration, rateOf } from "./format.js";
import type { OutputStream, ProgressDisplay } from "./progress-display.js";

/** Where and how the tour runs. */
export interface TourOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  /** PEM certificate to trust for the FTPS part; absent: the FTPS part is skipped. */
  ca?: string;
  /** Bytes of the big upload. Default 4 MiB. */
  size?: number;
  /** Lines go here. */
  out: OutputStream;
  /** Progress of the big transfers. */
  progress: ProgressDisplay;
  /** Remote directory to work in (created, then removed). Default `/demo-<random>`. */
  directory?: string;
}

/** What the tour did. */
export interface TourResult {
  /** Steps run, all passed. */
  steps: number;
  /** Milliseconds for the whole tour. */
  elapsed: number;
}

/** A step of the tour failed; `step` names it, `cause` is the error. */
export class TourStepError extends Error {
  readonly step: string;

  constructor(step: string, cause: unknown) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(`step "${step}" failed: ${message}`, { cause });
    this.name = "TourStepError";
    this.step = step;
  }
}

/** What a step reports: a short description and, for transfers, the bytes moved. */
interface StepReport {
  detail: string;
  bytes?: number;
  /** Extra lines printed under the step (e.g. a listing). */
  lines?: string[];
}

class Steps {
  readonly #progress: ProgressDisplay;
  count = 0;

  constructor(progress: ProgressDisplay) {
    this.#progress = progress;
  }

  heading(text: string): void {
    this.#progress.log(`\n${text}`);
  }

  async run(title: string, body: () => Promise<StepReport>): Promise<void> {
    const start = performance.now();
    let report: StepReport;
    try {
      report = await body();
    } catch (error) {
      this.#progress.log(
        `  ✗ ${title.padEnd(24)} ${error instanceof Error ? error.message : String(error)}`,
      );
      throw new TourStepError(title, error);
    }
    const elapsed = performance.now() - start;
    this.count++;
    const timing = formatDuration(elapsed).padStart(8);
    const rate = report.bytes !== undefined ? `  ${rateOf(report.bytes, elapsed)}` : "";
    this.#progress.log(`  ✓ ${title.padEnd(24)} ${report.detail.padEnd(48)} ${timing}${rate}`);
    for (const line of report.lines ?? []) this.#progress.log(`      ${line}`);
  }
}

function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** `data` in blocks, so uploads are streamed rather than written in one call. */
function* blocks(data: Buffer, size = 256 * 1024): Generator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size)
    yield data.subarray(offset, offset + size);
}

/** Follows a client's progress events on the display. */
function follow(client: Client, progress: ProgressDisplay, label: string, total: number) {
  const task = progress.task(label, total);
  let last: TransferProgress | undefined;
  const listener = (event: TransferProgress) => {
    last = event;
    task.update(event.bytes, event.rate);
  };
  client.on("progress", listener);
  return {
    get last() {
      return last;
    },
    end(line: string) {
      client.off("progress", listener);
      task.done(line);
    },
  };
}

async function plainTour(
  options: TourOptions,
  steps: Steps,
  data: Buffer,
  workDir: string,
): Promise<void> {
  const { host, port, user, password, progress } = options;
  const dir = options.directory ?? `/demo-${randomBytes(4).toString("hex")}`;
  const remoteFile = `${dir}/data/random.bin`;
  const renamed = `${dir}/data/renamed.bin`;
  const localFile = path.join(workDir, "random.bin");
  const client = new Client({ connectionTimeout: 10_000, socketTimeout: 30_000 });
  try {
    steps.heading(`Plain FTP on ${host}:${port}`);
    await steps.run("connect", async () => {
      const greeting = await client.connect(host, port);
      return { detail: greeting.join(" ") };
    });
    await steps.run("login", async () => {
      await client.login(user, password);
      return { detail: `as ${user}, in ${await client.getCurrentDirectory()}` };
    });
    await steps.run("make directory", async () => {
      await client.makeDirectory(`${dir}/data/docs`);
      if (!(await client.isDir(`${dir}/data/docs`))) throw new Error("the directory is missing");
      return { detail: `${dir}/data/docs (with parents)` };
    });
    await steps.run("upload", async () => {
      await client.uploadFrom(Buffer.from("Hello from the @ftp demo!\n"), `${dir}/data/hello.txt`);
      const shown = follow(client, progress, "upload random.bin", data.length);
      try {
        await client.uploadFrom(blocks(data), remoteFile, { total: data.length });
      } finally {
        shown.end(`    uploaded random.bin (${formatBytes(data.length)})`);
      }
      const size = await client.size(remoteFile);
      if (size !== data.length)
        throw new Error(`the server has ${size} bytes, sent ${data.length}`);
      return {
        detail: `random.bin, ${formatBytes(data.length)} (SIZE agrees)`,
        bytes: data.length,
      };
    });
    await steps.run("list (MLSD)", async () => {
      const entries = await client.list(`${dir}/data`, { rawCommand: "MLSD" });
      const lines = entries.map(
        ([name, info]) =>
          `${info.type.padEnd(5)} ${(info.size ?? "").padStart(9)}  ${info.modify ?? ""}  ${path.posix.basename(name)}`,
      );
      const names = entries.map(([name]) => path.posix.basename(name)).sort();
      if (names.join(",") !== "docs,hello.txt,random.bin")
        throw new Error(`unexpected listing: ${names.join(", ")}`);
      return { detail: `${entries.length} entries with facts`, lines };
    });
    let stoppedAt = 0;
    await steps.run("download, interrupted", async () => {
      const stream = await client.downloadStream(remoteFile);
      const file = await open(localFile, "w");
      try {
        const target = Math.floor(data.length / 3);
        while (stoppedAt < target) {
          // at most 64 KiB per read, so the stop lands near the third whatever the chunk sizes
          const chunk = await stream.read(64 * 1024);
          if (chunk.length === 0) break;
          await file.write(chunk);
          stoppedAt += chunk.length;
        }
        await stream.abort();
      } finally {
        await file.close();
      }
      if (stoppedAt >= data.length) throw new Error("the download ended before it was interrupted");
      return {
        detail: `stopped with ABOR after ${formatBytes(stoppedAt)} of ${formatBytes(data.length)}`,
        bytes: stoppedAt,
      };
    });
    await steps.run("download, resumed", async () => {
      const remaining = data.length - stoppedAt;
      const shown = follow(client, progress, "resume random.bin", remaining);
      try {
        await client.download(remoteFile, localFile, { writeInto: true, resume: true });
      } finally {
        shown.end(`    resumed random.bin at byte ${stoppedAt}`);
      }
      const moved = shown.last?.bytes;
      if (moved !== remaining)
        throw new Error(`expected ${remaining} more bytes, the transfer moved ${moved ?? "?"}`);
      const size = (await stat(localFile)).size;
      if (size !== data.length) throw new Error(`local file has ${size} bytes`);
      return {
        detail: `REST ${stoppedAt}: only the missing ${formatBytes(remaining)}`,
        bytes: remaining,
      };
    });
    await steps.run("verify SHA-256", async () => {
      const expected = sha256(data);
      const actual = await sha256File(localFile);
      if (actual !== expected) throw new Error(`checksum mismatch: ${actual} != ${expected}`);
      return { detail: `${actual.slice(0, 16)}… matches the uploaded data` };
    });
    await steps.run("rename", async () => {
      await client.rename(remoteFile, renamed);
      if (await client.exists(remoteFile)) throw new Error("the old name still exists");
      if (!(await client.isFile(renamed))) throw new Error("the new name is missing");
      return { detail: "random.bin → renamed.bin" };
    });
    await steps.run("remove", async () => {
      await client.remove(dir);
      if (await client.exists(dir)) throw new Error(`${dir} still exists`);
      return { detail: `${dir} and everything in it` };
    });
    await steps.run("quit", async () => {
      await client.quit();
      return { detail: "QUIT" };
    });
  } finally {
    client.close();
  }
}

async function tlsTour(
  options: TourOptions,
  steps: Steps,
  data: Buffer,
  ca: string,
): Promise<void> {
  const { host, port, user, password, progress } = options;
  const dir = `${options.directory ?? `/demo-${randomBytes(4).toString("hex")}`}-tls`;
  const remoteFile = `${dir}/secret.bin`;
  const client = new Client({ connectionTimeout: 10_000, socketTimeout: 30_000 });
  try {
    steps.heading("Explicit FTPS (AUTH TLS, certificate generated for this run)");
    await steps.run("connect + AUTH TLS", async () => {
      await client.connect(host, port);
      await client.upgradeToTls({ ca });
      if (!client.secure) throw new Error("the control connection is not encrypted");
      return { detail: "certificate verified, PBSZ 0, PROT P" };
    });
    await steps.run("login", async () => {
      await client.login(user, password);
      return { detail: `as ${user} (password sent encrypted)` };
    });
    await steps.run("make directory", async () => {
      await client.makeDirectory(dir);
      return { detail: dir };
    });
    await steps.run("upload (TLS)", async () => {
      const shown = follow(client, progress, "upload secret.bin", data.length);
      try {
        await client.uploadFrom(blocks(data), remoteFile, { total: data.length });
      } finally {
        shown.end(`    uploaded secret.bin (${formatBytes(data.length)}) over TLS`);
      }
      return { detail: `secret.bin, ${formatBytes(data.length)}`, bytes: data.length };
    });
    await steps.run("download (TLS) + SHA-256", async () => {
      const stream = await client.downloadStream(remoteFile);
      const hash = createHash("sha256");
      let bytes = 0;
      for await (const chunk of stream) {
        hash.update(chunk);
        bytes += chunk.length;
      }
      const actual = hash.digest("hex");
      if (bytes !== data.length) throw new Error(`got ${bytes} bytes of ${data.length}`);
      if (actual !== sha256(data)) throw new Error("checksum mismatch");
      return { detail: `${actual.slice(0, 16)}… matches`, bytes };
    });
    await steps.run("list (MLSD, TLS)", async () => {
      const entries = await client.list(dir, { rawCommand: "MLSD" });
      if (entries.length !== 1) throw new Error(`expected 1 entry, got ${entries.length}`);
      return { detail: `${entries.length} entry` };
    });
    await steps.run("remove", async () => {
      await client.remove(dir);
      if (await client.exists(dir)) throw new Error(`${dir} still exists`);
      return { detail: dir };
    });
    await steps.run("quit", async () => {
      await client.quit();
      return { detail: "QUIT" };
    });
  } finally {
    client.close();
  }
}

/**
 * Drives an `@ftp/client` through the demo's tour against a server: login, directories,
 * an upload with progress, an MLSD listing, a download interrupted with ABOR and resumed with
 * REST, SHA-256 checks, rename, recursive remove; then the same over explicit FTPS when `ca`
 * is given. Each step prints what it did and how long it took.
 *
 * @throws TourStepError naming the first step that failed.
 */
export async function runTour(options: TourOptions): Promise<TourResult> {
  const start = performance.now();
  const steps = new Steps(options.progress);
  const data = randomBytes(options.size ?? 4 * 1024 * 1024);
  const workDir = await mkdtemp(path.join(tmpdir(), "ftp-demo-"));
  try {
    await plainTour(options, steps, data, workDir);
    if (options.ca !== undefined) {
      const tlsData = data.subarray(0, Math.min(data.length, 1024 * 1024));
      await tlsTour(options, steps, tlsData, options.ca);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return { steps: steps.count, elapsed: performance.now() - start };
}
