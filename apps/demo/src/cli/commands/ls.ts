import { posix } from "node:path";
import { parseArgs } from "node:util";
import type { ListEntry } from "@ftp/protocol";
import { StatusCodeError } from "@ftp/protocol";
import {
  type CliContext,
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  connectionFlags,
  usage,
} from "../context.js";
import { UsageError } from "../exit-codes.js";
import { withClient } from "../remote.js";
import { parseFtpUrl } from "../target.js";

/** Help of `ftp ls`. */
export const LS_HELP = `Usage: ftp ls [options] URL

Lists a remote directory (MLSD, or LIST on servers without it). A URL naming a file shows
that one file.

Options:
  -l, --long         type, size, modification time (UTC) and name
  -R, --recursive    list sub-directories too (paths relative to URL)
  --json             one JSON array of { name, path, type, size, modify, facts }

${CONNECTION_HELP}

Examples:
  ftp ls ftp://ftp.example.com/pub/
  ftp ls -lR --json ftps://alice:secret@example.com/site/`;

/** One entry of `ls --json`. */
export interface JsonEntry {
  name: string;
  path: string;
  type: string;
  size: number | null;
  /** ISO 8601, UTC; `null` when the server did not say. */
  modify: string | null;
  /** Every fact the server sent (lower-case keys). */
  facts: Record<string, string>;
}

function isoModify(value: string | undefined): string | null {
  const match = value ? /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\.\d+)?$/.exec(value) : null;
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction] = match;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction ?? ""}Z`;
}

function toJson(base: string, [path, info]: ListEntry): JsonEntry {
  const relative = base === "" ? path : posix.relative(base, path) || posix.basename(path);
  return {
    name: relative,
    path,
    type: info.type,
    size: info.size !== undefined ? Number(info.size) : null,
    modify: isoModify(info.modify),
    facts: { ...info },
  };
}

function longLine(entry: JsonEntry): string {
  const size = entry.size === null ? "-" : String(entry.size);
  const modify =
    entry.modify === null ? "-".padEnd(19) : entry.modify.slice(0, 19).replace("T", " ");
  return `${entry.type.padEnd(4)} ${size.padStart(12)}  ${modify}  ${entry.name}`;
}

/** `ftp ls`: lists a directory. */
export async function ls(argv: readonly string[], context: CliContext): Promise<number> {
  const { values, positionals } = usage(() =>
    parseArgs({
      args: [...argv],
      options: {
        ...CONNECTION_OPTIONS,
        long: { type: "boolean", short: "l", default: false },
        recursive: { type: "boolean", short: "R", default: false },
        json: { type: "boolean", default: false },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    context.stdout.write(`${LS_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("ls needs exactly one URL");
  const url = parseFtpUrl(positionals[0] ?? "");
  const flags = connectionFlags(values);
  const entries = await withClient(url, flags, context, async (client) => {
    const base = url.path.length > 1 ? url.path.replace(/\/+$/, "") : url.path;
    const signal = context.signal;
    try {
      const listed = await client.list(base, {
        recursive: values.recursive,
        ...(signal ? { signal } : {}),
      });
      return listed.map((entry) => toJson(base, entry));
    } catch (error) {
      // a file, or a server that cannot list it: show the path's own facts when it has some
      if (!(error instanceof StatusCodeError) || base === "" || url.path.endsWith("/")) throw error;
      let info: Awaited<ReturnType<typeof client.stat>>;
      try {
        info = await client.stat(base);
      } catch {
        throw error;
      }
      if (info.type !== "file") throw error;
      return [toJson("", [posix.basename(base), info])].map((entry) => ({ ...entry, path: base }));
    }
  });
  if (values.json) context.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  else
    for (const entry of entries)
      context.stdout.write(`${values.long ? longLine(entry) : entry.name}\n`);
  return 0;
}
