import { Readable } from "node:stream";
import { defineCommand } from "../command.js";
import { type ListingEntry, listDirectory, listLine, statEntry } from "../listing.js";
import type { Session } from "../session.js";
import { sendToPeer } from "../transfer-io.js";

/** Splits `ls`-style options (`-a`, `-l`, `-la`, ...) from the path of LIST/NLST/STAT. */
export function splitListArgument(argument: string): string {
  let rest = argument.trim();
  while (/^-[A-Za-z1]+(\s|$)/.test(rest)) rest = rest.replace(/^-[A-Za-z1]+\s*/, "");
  return rest;
}

/** What a listing command lists: one directory, or one file. */
export interface ListTarget {
  virtual: string;
  real: string;
  isDir: boolean;
}

/** Resolves a listing argument and checks it exists and may be read. */
export async function resolveListTarget(session: Session, path: string): Promise<ListTarget> {
  const { virtual, real } = await session.resolve(path);
  await session.assertPermission(virtual, "readable");
  const stat = await session.pathio.stat(real);
  return { virtual, real, isDir: stat.isDirectory };
}

/** The entries of a target (its children, or itself when it is a file). */
export async function* targetEntries(
  session: Session,
  target: ListTarget,
): AsyncGenerator<ListingEntry> {
  if (target.isDir) yield* listDirectory(session, target.virtual, target.real);
  else yield await statEntry(session, target.virtual, target.real);
}

/** Starts a listing transfer whose lines come from `lines`. */
export function startListing(
  session: Session,
  command: string,
  target: ListTarget,
  lines: () => AsyncGenerator<string>,
): void {
  const encoding = session.server.options.encoding;
  session.startTransfer({
    command,
    path: target.virtual,
    direction: "listing",
    offset: 0,
    preliminary: "Here comes the directory listing.",
    success: "Directory send OK.",
    async body(socket, transfer) {
      async function* chunks() {
        let buffer = "";
        for await (const line of lines()) {
          buffer += `${line}\r\n`;
          if (buffer.length >= 16384) {
            yield Buffer.from(buffer, encoding);
            buffer = "";
          }
        }
        if (buffer !== "") yield Buffer.from(buffer, encoding);
      }
      await sendToPeer(session, transfer, Readable.from(chunks(), { objectMode: false }), socket);
    },
  });
}

/** LIST: `ls -l` style listing (options like `-a`, `-l`, `-la` are accepted and ignored). */
export const listCommand = defineCommand({
  name: "LIST",
  syntax: "LIST [<sp> [-options] pathname]",
  help: "List files in ls -l format.",
  needsData: true,
  async handler(session, argument) {
    const target = await resolveListTarget(session, splitListArgument(argument));
    const now = new Date();
    startListing(session, "LIST", target, async function* () {
      for await (const entry of targetEntries(session, target)) yield listLine(entry, now);
    });
  },
});
