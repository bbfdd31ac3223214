import type { Stats } from "node:fs";
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
import { openPool, parseFtpUrl } from "../target.js";
import { type FileJob, runTransfers } from "../transfers.js";
import { localStat, localTree } from "../trees.js";
import { summaryExit } from "./get.js";

/** Help of `ftp put`. */
export const PUT_HELP = `Usage: ftp put [options] LOCAL... URL

Uploads local files, or with -r directory trees. When the URL ends with "/", names an
existing remote directory, or several LOCALs are given, each goes inside it under its own
name; otherwise the URL is the new remote name.

Options:
  -r, --recursive    upload directories and everything under them
  -P, --parallel N   transfer N files at a time, each on its own connection (default 1)
  -c, --continue     resume: append what the remote file is missing (REST + STOR)

${CONNECTION_HELP}

Examples:
  ftp put report.pdf ftp://alice:secret@example.com/incoming/
  ftp put -r -P 4 ./site ftp://alice@example.com/www`;

async function isRemoteDir(client: Client, remote: string, signal?: AbortSignal): Promise<boolean> {
  if (remote === "" || remote === "/") return true;
  try {
    const { type } = await client.stat(remote, signal ? { signal } : {});
    return type === "dir" || type === "cdir" || type === "pdir";
  } catch {
    return false;
  }
}

/** `ftp put`: uploads files or trees. */
export async function put(argv: readonly string[], context: CliContext): Promise<number> {
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
    context.stdout.write(`${PUT_HELP}\n`);
    return 0;
  }
  if (positionals.length < 2) throw new UsageError("put needs at least one local path and a URL");
  const url = parseFtpUrl(positionals.at(-1) ?? "");
  const sources = positionals.slice(0, -1).map((source) => path.resolve(context.cwd, source));
  const parallel = positiveInteger("--parallel", values.parallel);
  const flags = connectionFlags(values);
  const sourceInfo: { source: string; info: Stats }[] = [];
  for (const source of sources) {
    const info = await localStat(source);
    if (!info) throw new CliError(EXIT.local, `${source}: no such file or directory`);
    if (info.isDirectory() && !values.recursive)
      throw new CliError(EXIT.local, `${source} is a directory (use -r to upload it)`);
    sourceInfo.push({ source, info });
  }
  const remote = url.path.length > 1 ? url.path.replace(/\/+$/, "") : url.path;
  return withClient(url, flags, context, async (client, endpoint) => {
    const signal = context.signal;
    const into =
      sources.length > 1 || url.path.endsWith("/") || (await isRemoteDir(client, remote, signal));
    const jobs: FileJob[] = [];
    // the target directory itself (existing is fine), then the trees' directories
    const directories: string[] = into && remote !== "" && remote !== "/" ? [remote] : [];
    for (const { source, info } of sourceInfo) {
      const target = into ? posix.join(remote || "/", path.basename(source)) : remote;
      if (!info.isDirectory()) {
        jobs.push({
          direction: "upload",
          remote: target,
          local: source,
          size: info.size,
          resume: values.continue,
        });
        continue;
      }
      const tree = await localTree(source);
      directories.push(target, ...tree.directories.map((dir) => posix.join(target, dir)));
      for (const file of tree.files)
        jobs.push({
          direction: "upload",
          remote: posix.join(target, file.relative),
          local: path.join(source, ...file.relative.split("/")),
          size: file.size,
          resume: values.continue,
        });
    }
    // directories first, on one connection, so parallel uploads never race to create them
    for (const directory of directories)
      await client.makeDirectory(directory, signal ? { signal } : {});
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
