import { utimes } from "node:fs/promises";
import path from "node:path";
import type { Client, ClientPool, TransferProgress } from "@ftp/client";
import { formatBytes, formatDuration, rateOf } from "../format.js";
import type { ProgressDisplay, ProgressTask } from "../progress-display.js";
import { describeError } from "./exit-codes.js";

/** One file to move. */
export interface FileJob {
  direction: "download" | "upload";
  /** Remote path. */
  remote: string;
  /** Local path (absolute). */
  local: string;
  /** Size of the source, when known (for progress). */
  size: number | undefined;
  /** Continue from what the destination already has (REST). */
  resume: boolean;
  /** Modification time to give the destination afterwards (mirror), when known. */
  mtime?: Date;
}

/** A job that failed, and why. */
export interface FailedJob {
  job: FileJob;
  error: unknown;
}

/** What {@link runTransfers} did. */
export interface TransferSummary {
  files: number;
  bytes: number;
  failures: FailedJob[];
  elapsed: number;
}

/** How to run the jobs: on one client, or on a pool with `parallel` sessions. */
export interface TransferRunner {
  client: Client;
  pool: ClientPool | undefined;
  parallel: number;
  /** Progress output; `undefined` with `--quiet`. */
  display: ProgressDisplay | undefined;
  /** Local paths are shown relative to this directory. */
  cwd: string;
  signal: AbortSignal | undefined;
}

function shown(cwd: string, local: string): string {
  const relative = path.relative(cwd, local);
  return relative === "" ? "." : relative.startsWith("..") ? local : relative;
}

async function runJob(client: Client, job: FileJob, runner: TransferRunner): Promise<number> {
  const { display, signal } = runner;
  const local = shown(runner.cwd, job.local);
  const label = job.direction === "download" ? job.remote : local;
  const task: ProgressTask | undefined = display?.task(label, job.size);
  let last: TransferProgress | undefined;
  const onProgress = (event: TransferProgress) => {
    if (event.path !== job.remote) return;
    last = event;
    task?.update(event.bytes, event.rate);
  };
  client.on("progress", onProgress);
  const start = performance.now();
  const options = { writeInto: true, resume: job.resume, ...(signal ? { signal } : {}) };
  try {
    if (job.direction === "download") {
      await client.download(job.remote, job.local, options);
      if (job.mtime) await utimes(job.local, job.mtime, job.mtime).catch(() => {});
    } else {
      await client.upload(job.local, job.remote, options);
      if (job.mtime) await client.setModifiedTime(job.remote, job.mtime).catch(() => {});
    }
  } catch (error) {
    const verb = job.direction === "download" ? "get" : "put";
    task?.done(
      signal?.aborted
        ? `interrupted ${verb} ${label}`
        : `FAILED ${verb} ${label}: ${describeError(error)}`,
    );
    throw error;
  } finally {
    client.off("progress", onProgress);
  }
  const elapsed = performance.now() - start;
  const bytes = last?.bytes ?? 0;
  const arrow =
    job.direction === "download" ? `${job.remote} -> ${local}` : `${local} -> ${job.remote}`;
  const resumed = job.resume && job.size !== undefined && bytes < job.size ? ", resumed" : "";
  task?.done(
    `${job.direction === "download" ? "get" : "put"} ${arrow}  ${formatBytes(bytes)} in ${formatDuration(elapsed)} (${rateOf(bytes, elapsed)}${resumed})`,
  );
  return bytes;
}

/**
 * Moves every file of `jobs`, `parallel` at a time (each on its own pooled session; on the
 * one client when `parallel` is 1). A failed file does not stop the others; an interrupt does.
 */
export async function runTransfers(
  jobs: readonly FileJob[],
  runner: TransferRunner,
): Promise<TransferSummary> {
  const start = performance.now();
  const queue = [...jobs];
  const failures: FailedJob[] = [];
  let files = 0;
  let bytes = 0;
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      if (runner.signal?.aborted) return;
      const current = job;
      try {
        const moved =
          runner.pool && runner.parallel > 1
            ? await runner.pool.run((client) => runJob(client, current, runner))
            : await runJob(runner.client, current, runner);
        files++;
        bytes += moved;
      } catch (error) {
        failures.push({ job: current, error });
      }
    }
  };
  const workers = Math.max(1, Math.min(runner.parallel, jobs.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const elapsed = performance.now() - start;
  if (runner.display && jobs.length > 1)
    runner.display.log(
      `${files} of ${jobs.length} files, ${formatBytes(bytes)} in ${formatDuration(elapsed)} ` +
        `(${rateOf(bytes, elapsed)}) over ${workers} connection${workers === 1 ? "" : "s"}`,
    );
  return { files, bytes, failures, elapsed };
}
