import { EventEmitter, once } from "node:events";
import { mkdir } from "node:fs/promises";
import path, { posix } from "node:path";
import { parseArgs } from "node:util";
import { StatusCodeError } from "@ftp/protocol";
import {
  type CliContext,
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  connectionFlags,
  positiveInteger,
  usage,
} from "../context.js";
import { CliError, describeError, EXIT, exitCodeFor, UsageError } from "../exit-codes.js";
import { progressFor, withClient } from "../remote.js";
import { openPool, parseFtpUrl } from "../target.js";
import { type FileJob, runTransfers, type TransferSummary } from "../transfers.js";
import { localStat, remoteTree } from "../trees.js";

/** Help of `ftp get`. */
export const GET_HELP = `Usage: ftp get [options] URL [LOCAL]

Downloads a remote file, or with -r a directory tree. LOCAL defaults to the current
directory; when LOCAL is an existing directory the file or tree goes inside it, otherwise
LOCAL is the new name. LOCAL "-" writes a file to standard output.

Options:
  -r, --recursive    download a directory and everything under it
  -P, --parallel N   transfer N files at a time, each on its own connection (default 1)
  -c, --continue     resume: keep what a local file already has and fetch the rest (REST)

${CONNECTION_HELP}

Examples:
  ftp get ftp://ftp.example.com/pub/file.iso
  ftp get -c ftp://ftp.example.com/pub/file.iso ./downloads/
  ftp get -r -P 4 ftp://alice:secret@example.com/site ./backup`;

/** Throws the first failure of a summary as the command's result, or returns 0. */
export function summaryExit(summary: TransferSummary, context: CliContext): number {
  if (context.signal?.aborted) {
    context.stderr.write("ftp: interrupted\n");
    return EXIT.interrupted;
  }
  for (const { job, error } of summary.failures)
    context.stderr.write(
      `ftp: ${job.direction === "download" ? job.remote : job.local}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  const first = summary.failures[0];
  if (!first) return 0;
  return exitCodeFor(first.error, "command");
}

/** `ftp get`: downloads a file or a tree. */
export async function get(argv: readonly string[], context: CliContext): Promise<number> {
  const { values, positionals } = usage(() =>
    parseArgs({
      args: [...argv],
      options: {
        ...CONNECTION_OPTIONS,
        recursive: { type: "boolean", short: "r", default: false },
        parallel: { type: "string", short: "P", default: "1" },
        continue: { type: "boolean", short: "c", default: false },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    context.stdout.write(`${GET_HELP}\n`);
    return 0;
  }
  if (positionals.length < 1 || positionals.length > 2)
    throw new UsageError("get needs a URL and at most one local path");
  const url = parseFtpUrl(positionals[0] ?? "");
  const parallel = positiveInteger("--parallel", values.parallel);
  const flags = connectionFlags(values);
  const remote = url.path.length > 1 ? url.path.replace(/\/+$/, "") : url.path;
  if (remote === "" || remote === "/") {
    if (!values.recursive) throw new UsageError("the URL names no file (use -r for a directory)");
  }
  const localArgument = positionals[1] ?? ".";
  const toStdout = localArgument === "-";
  return withClient(url, flags, context, async (client, endpoint) => {
    const signal = context.signal;
    const call = signal ? { signal } : {};
    const info = await client.stat(remote === "" ? "/" : remote, call).catch((error: unknown) => {
      if (error instanceof StatusCodeError)
        throw new CliError(EXIT.remote, `${remote}: ${describeError(error)}`, {
          cause: error,
        });
      throw error;
    });
    const isDir = info.type === "dir" || info.type === "cdir" || info.type === "pdir";
    if (toStdout) {
      if (isDir) throw new UsageError(`${remote} is a directory; "-" takes one file`);
      const stream = await client.downloadStream(remote, call);
      const out = context.stdout;
      for await (const chunk of stream)
        if (out.write(chunk) === false && out instanceof EventEmitter) await once(out, "drain");
      return 0;
    }
    if (isDir && !values.recursive)
      throw new CliError(EXIT.remote, `${remote} is a directory (use -r to download it)`);
    const localBase = path.resolve(context.cwd, localArgument);
    const existing = await localStat(localBase);
    // the root's tree goes into LOCAL itself; anything else inside LOCAL when it is a directory
    const name = posix.basename(remote);
    const target = existing?.isDirectory() && name !== "" ? path.join(localBase, name) : localBase;
    const jobs: FileJob[] = [];
    if (!isDir) {
      jobs.push({
        direction: "download",
        remote,
        local: target,
        size: info.size !== undefined ? Number(info.size) : undefined,
        resume: values.continue,
      });
    } else {
      const tree = await remoteTree(client, remote, signal);
      try {
        await mkdir(target, { recursive: true });
        for (const dir of tree.directories)
          await mkdir(path.join(target, ...dir.split("/")), { recursive: true });
      } catch (error) {
        throw new CliError(EXIT.local, `cannot create ${target}: ${(error as Error).message}`);
      }
      for (const file of tree.files)
        jobs.push({
          direction: "download",
          remote: posix.join(remote, file.relative),
          local: path.join(target, ...file.relative.split("/")),
          size: file.size,
          resume: values.continue,
        });
    }
    const display = progressFor(context, values.quiet);
    const pool = parallel > 1 && jobs.length > 1 ? openPool(endpoint, parallel) : undefined;
    try {
      const summary = await runTransfers(jobs, {
        client,
        pool,
        parallel,
        display,
        cwd: context.cwd,
        signal,
      });
      return summaryExit(summary, context);
    } finally {
      display?.stop();
      await pool?.close();
    }
  });
}
