import { parseArgs } from "node:util";
import {
  type CliContext,
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  connectionFlags,
  usage,
} from "../context.js";
import { UsageError } from "../exit-codes.js";
import { withClient } from "../remote.js";
import { sameServerUrls } from "./rm.js";

/** Help of `ftp mkdir`. */
export const MKDIR_HELP = `Usage: ftp mkdir [options] URL...

Creates remote directories. Without -p the parent must exist and the directory must not.
All URLs must name the same server.

Options:
  -p, --parents      create missing parents too; an existing directory is fine

${CONNECTION_HELP}

Examples:
  ftp mkdir ftp://alice:secret@example.com/incoming/2026
  ftp mkdir -p ftp://alice@example.com/a/b/c`;

/** `ftp mkdir`: creates directories. */
export async function mkdir(argv: readonly string[], context: CliContext): Promise<number> {
  const { values, positionals } = usage(() =>
    parseArgs({
      args: [...argv],
      options: { ...CONNECTION_OPTIONS, parents: { type: "boolean", short: "p", default: false } },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    context.stdout.write(`${MKDIR_HELP}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("mkdir needs at least one URL");
  const urls = sameServerUrls(positionals);
  const [first] = urls;
  if (!first) throw new UsageError("mkdir needs at least one URL");
  return withClient(first, connectionFlags(values), context, async (client) => {
    const signal = context.signal;
    const call = signal ? { signal } : {};
    for (const url of urls) {
      const target = url.path.length > 1 ? url.path.replace(/\/+$/, "") : url.path;
      if (target === "" || target === "/") throw new UsageError("mkdir needs a path in the URL");
      if (values.parents) await client.makeDirectory(target, { ...call, parents: true });
      else await client.command(`MKD ${target}`, "257", [], call);
      if (!values.quiet) context.stderr.write(`created ${target}\n`);
    }
    return 0;
  });
}
