import { mkdir, rm } from "node:fs/promises";
import path, { posix } from "node:path";
import { parseArgs } from "node:util";
import type { Client } from "@ftp/client";
import {
  type CliContext,
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  connectionFlags,
  positiveInteger,
  usage,
} from "../context.js";
import { CliError, EXIT, UsageError } from "../exit-codes.js";
import { progressFor, withClient } from "../remote.js";
import { isFtpUrl, openPool, parseFtpUrl } from "../target.js";
import { type FileJob, runTransfers } from "../transfers.js";
import { localStat, localTree, remoteTree, type Tree, type TreeFile } from "../trees.js";
import { summaryExit } from "./get.js";

/** Help of `ftp mirror`. */
export const MIRROR_HELP = `Usage: ftp mirror [options] URL LOCALDIR     (download: make LOCALDIR like URL)
       ftp mirror [options] LOCALDIR URL     (upload: make URL like LOCALDIR)

Copies the files that are missing or differ (size, or an older destination) from the source
tree to the destination tree, creating directories as needed. Files already the same are
skipped, so running it again moves nothing. Destination files get the source's modification
time (MFMT on the server when it has it).

Options:
  -P, --parallel N   transfer N files at a time, each on its own connection (default 1)
  -c, --continue     a destination file smaller than its source is completed (REST)
                     instead of transferred again
  --delete           remove destination files and directories the source does not have
  -n, --dry-run      only print what would be done

${CONNECTION_HELP}

Examples:
  ftp mirror -P 3 ftp://ftp.example.com/pub/project ./project
  ftp mirror --delete ./public_html ftp://alice@example.com/www`;

/** Whole seconds: MLSD times have no more, and some file systems keep less. */
function seconds(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : Math.floor(date.getTime() / 1000);
}

/** True when `destination` already matches `source`. */
function upToDate(source: TreeFile, destination: TreeFile | undefined): boolean {
  if (!destination) return false;
  if (source.size !== undefined && destination.size !== source.size) return false;
  const sourceTime = seconds(source.mtime);
  const destinationTime = seconds(destination.mtime);
  if (sourceTime === undefined || destinationTime === undefined) return source.size !== undefined;
  return destinationTime >= sourceTime;
}

interface Plan {
  directories: string[];
  jobs: FileJob[];
  upToDate: number;
  /** Destination entries to delete (relative), files before their directories. */
  extra: string[];
}

function plan(
  source: Tree,
  destination: Tree,
  make: (file: TreeFile, resume: boolean) => FileJob,
  resume: boolean,
  withDelete: boolean,
): Plan {
  const existing = new Map(destination.files.map((file) => [file.relative, file]));
  const destinationDirs = new Set(destination.directories);
  const result: Plan = { directories: [], jobs: [], upToDate: 0, extra: [] };
  for (const dir of source.directories) if (!destinationDirs.has(dir)) result.directories.push(dir);
  for (const file of source.files) {
    const there = existing.get(file.relative);
    if (upToDate(file, there)) {
      result.upToDate++;
      continue;
    }
    const canResume =
      resume && there?.size !== undefined && file.size !== undefined && there.size < file.size;
    result.jobs.push(make(file, canResume));
  }
  if (withDelete) {
    const sourceFiles = new Set(source.files.map((file) => file.relative));
    const sourceDirs = new Set(source.directories);
    for (const file of destination.files)
      if (!sourceFiles.has(file.relative)) result.extra.push(file.relative);
    const dirs = destination.directories.filter((dir) => !sourceDirs.has(dir));
    // deepest first, so a directory is empty when it is removed
    dirs.sort((a, b) => b.split("/").length - a.split("/").length);
    result.extra.push(...dirs);
  }
  return result;
}

/** `ftp mirror`: one-way synchronisation of a tree, either direction. */
export async function mirror(argv: readonly string[], context: CliContext): Promise<number> {
  const { values, positionals } = usage(() =>
    parseArgs({
      args: [...argv],
      options: {
        ...CONNECTION_OPTIONS,
        parallel: { type: "string", short: "P", default: "1" },
        continue: { type: "boolean", short: "c", default: false },
        delete: { type: "boolean", default: false },
        "dry-run": { type: "boolean", short: "n", default: false },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    context.stdout.write(`${MIRROR_HELP}\n`);
    return 0;
  }
  const [first, second] = positionals;
  if (positionals.length !== 2 || first === undefined || second === undefined)
    throw new UsageError("mirror needs a source and a destination");
  const download = isFtpUrl(first);
  if (download === isFtpUrl(second))
    throw new UsageError("mirror needs one URL and one local directory");
  const url = parseFtpUrl(download ? first : second);
  const localRoot = path.resolve(context.cwd, download ? second : first);
  const parallel = positiveInteger("--parallel", values.parallel);
  const flags = connectionFlags(values);
  const remoteRoot = url.path.length > 1 ? url.path.replace(/\/+$/, "") : url.path || "/";
  const localInfo = await localStat(localRoot);
  if (!download && !localInfo?.isDirectory())
    throw new CliError(EXIT.local, `${localRoot}: not a directory`);
  if (download && localInfo && !localInfo.isDirectory())
    throw new CliError(EXIT.local, `${localRoot}: exists and is not a directory`);
  const dryRun = values["dry-run"];
  const out = (line: string) => {
    if (!values.quiet || dryRun) context.stderr.write(`${line}\n`);
  };
  return withClient(url, flags, context, async (client: Client, endpoint) => {
    const signal = context.signal;
    const call = signal ? { signal } : {};
    const remoteExists = remoteRoot === "/" || (await client.exists(remoteRoot, call));
    if (download && !remoteExists)
      throw new CliError(EXIT.remote, `${remoteRoot}: no such remote directory`);
    const remote = remoteExists
      ? await remoteTree(client, remoteRoot, signal)
      : { directories: [], files: [] };
    const local = localInfo ? await localTree(localRoot) : { directories: [], files: [] };
    const toLocal = (relative: string) => path.join(localRoot, ...relative.split("/"));
    const toRemote = (relative: string) => posix.join(remoteRoot, relative);
    const work = download
      ? plan(
          remote,
          local,
          (file, resume) => ({
            direction: "download",
            remote: toRemote(file.relative),
            local: toLocal(file.relative),
            size: file.size,
            resume,
            ...(file.mtime ? { mtime: file.mtime } : {}),
          }),
          values.continue,
          values.delete,
        )
      : plan(
          local,
          remote,
          (file, resume) => ({
            direction: "upload",
            remote: toRemote(file.relative),
            local: toLocal(file.relative),
            size: file.size,
            resume,
            ...(file.mtime ? { mtime: file.mtime } : {}),
          }),
          values.continue,
          values.delete,
        );
    if (dryRun) {
      for (const dir of work.directories) out(`mkdir ${download ? toLocal(dir) : toRemote(dir)}`);
      for (const job of work.jobs)
        out(
          `${download ? "get" : "put"} ${download ? job.remote : job.local}${job.resume ? " (resume)" : ""}`,
        );
      for (const extra of work.extra) out(`delete ${download ? toLocal(extra) : toRemote(extra)}`);
      out(
        `${work.jobs.length} to transfer, ${work.upToDate} up to date, ${work.extra.length} to delete (dry run)`,
      );
      return 0;
    }
    try {
      if (download) {
        await mkdir(localRoot, { recursive: true });
        for (const dir of work.directories) await mkdir(toLocal(dir), { recursive: true });
      }
    } catch (error) {
      throw new CliError(
        EXIT.local,
        `cannot create directories under ${localRoot}: ${(error as Error).message}`,
      );
    }
    if (!download) {
      if (!remoteExists) await client.makeDirectory(remoteRoot, call);
      for (const dir of work.directories)
        await client.makeDirectory(toRemote(dir), { ...call, parents: false });
    }
    const display = progressFor(context, values.quiet);
    const pool = parallel > 1 && work.jobs.length > 1 ? openPool(endpoint, parallel) : undefined;
    let summaryCode: number;
    let transferred = 0;
    try {
      const summary = await runTransfers(work.jobs, {
        client,
        pool,
        parallel,
        display,
        cwd: context.cwd,
        signal,
      });
      summaryCode = summaryExit(summary, context);
      transferred = summary.files;
    } finally {
      display?.stop();
      await pool?.close();
    }
    if (context.signal?.aborted) return summaryCode;
    let deleted = 0;
    for (const extra of work.extra) {
      if (download) {
        try {
          await rm(toLocal(extra), { recursive: true, force: true });
        } catch (error) {
          throw new CliError(
            EXIT.local,
            `cannot delete ${toLocal(extra)}: ${(error as Error).message}`,
          );
        }
      } else {
        await client.remove(toRemote(extra), call);
      }
      out(`deleted ${download ? toLocal(extra) : toRemote(extra)}`);
      deleted++;
    }
    out(`mirror: ${transferred} transferred, ${work.upToDate} up to date, ${deleted} deleted`);
    return summaryCode;
  });
}
