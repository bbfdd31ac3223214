import { parseArgs } from "node:util";
import { StatusCodeError } from "@ftp/protocol";
import {
  type CliContext,
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  connectionFlags,
  usage,
} from "../context.js";
import { CliError, EXIT, UsageError } from "../exit-codes.js";
import { withClient } from "../remote.js";
import { type FtpUrl, parseFtpUrl } from "../target.js";

/** Help of `ftp rm`. */
export const RM_HELP = `Usage: ftp rm [options] URL...

Removes remote files. A directory is removed only when empty, unless -r is given.
All URLs must name the same server.

Options:
  -r, --recursive    remove directories and everything in them

${CONNECTION_HELP}

Examples:
  ftp rm ftp://alice:secret@example.com/incoming/old.zip
  ftp rm -r ftp://alice@example.com/www/tmp`;

/** Parses several URLs that must name one server (same scheme, host, port and user). */
export function sameServerUrls(texts: readonly string[]): FtpUrl[] {
  const urls = texts.map(parseFtpUrl);
  const [first] = urls;
  for (const url of urls.slice(1))
    if (
      first &&
      (url.scheme !== first.scheme ||
        url.host !== first.host ||
        url.port !== first.port ||
        url.user !== first.user)
    )
      throw new UsageError("all URLs must name the same server");
  return urls;
}

/** `ftp rm`: removes files and directories. */
export async function rm(argv: readonly string[], context: CliContext): Promise<number> {
  const { values, positionals } = usage(() =>
    parseArgs({
      args: [...argv],
      options: {
        ...CONNECTION_OPTIONS,
        recursive: { type: "boolean", short: "r", default: false },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    context.stdout.write(`${RM_HELP}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("rm needs at least one URL");
  const urls = sameServerUrls(positionals);
  const [first] = urls;
  if (!first) throw new UsageError("rm needs at least one URL");
  return withClient(first, connectionFlags(values), context, async (client) => {
    const call = context.signal ? { signal: context.signal } : {};
    for (const url of urls) {
      const target = url.path.length > 1 ? url.path.replace(/\/+$/, "") : url.path;
      if (target === "" || target === "/")
        throw new UsageError("refusing to remove the root directory");
      let type: string;
      try {
        type = (await client.stat(target, call)).type;
      } catch (error) {
        if (error instanceof StatusCodeError)
          throw new CliError(EXIT.remote, `${target}: no such file or directory`, { cause: error });
        throw error;
      }
      if (type === "dir") {
        if (values.recursive) await client.remove(target, call);
        else
          await client.removeDirectory(target, call).catch((error: unknown) => {
            if (error instanceof StatusCodeError)
              throw new CliError(
                EXIT.remote,
                `${target}: cannot remove directory (${error.info.join(" ")}); use -r for a directory that is not empty`,
                { cause: error },
              );
            throw error;
          });
      } else {
        await client.removeFile(target, call);
      }
      if (!values.quiet) context.stderr.write(`removed ${target}\n`);
    }
    return 0;
  });
}
