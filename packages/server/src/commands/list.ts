import { Readable } from "node:stream";
import { defineCommand } from "../command.js";
import { type ListingEntry, listDirectory, listLine, mlsxFacts, statEntry } from "../listing.js";
import { ReplyError } from "../reply-error.js";
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

/** NLST: names only, one per line. */
export const nlstCommand = defineCommand({
  name: "NLST",
  syntax: "NLST [<sp> pathname]",
  help: "List file names.",
  needsData: true,
  async handler(session, argument) {
    const path = splitListArgument(argument);
    const target = await resolveListTarget(session, path);
    startListing(session, "NLST", target, async function* () {
      if (!target.isDir) {
        yield path;
        return;
      }
      for await (const entry of targetEntries(session, target)) yield entry.name;
    });
  },
});

/** MLSD (RFC 3659): machine-readable listing of a directory, ending with 226. */
export const mlsdCommand = defineCommand({
  name: "MLSD",
  syntax: "MLSD [<sp> pathname]",
  help: "List a directory in machine-readable form.",
  needsData: true,
  async handler(session, argument) {
    const target = await resolveListTarget(session, argument.trim());
    if (!target.isDir) throw new ReplyError(501, "Not a directory.");
    startListing(session, "MLSD", target, async function* () {
      for await (const entry of targetEntries(session, target))
        yield `${await mlsxFacts(session, entry)} ${entry.name}`;
    });
  },
});

/** MLST (RFC 3659): facts of one path over the control connection, with the full pathname. */
export const mlstCommand = defineCommand({
  name: "MLST",
  syntax: "MLST [<sp> pathname]",
  help: "Show facts about a file or directory.",
  feature: (session) =>
    `MLST ${["type", "size", "modify", "perm", "unix.mode"]
      .map((fact) => `${fact}${session.state.mlstFacts.includes(fact) ? "*" : ""};`)
      .join("")}`,
  async handler(session, argument) {
    const { virtual, real } = await session.resolve(argument.trim());
    await session.assertPermission(virtual, "readable");
    const entry = await statEntry(session, virtual, real);
    const facts = await mlsxFacts(session, entry);
    await session.reply(250, [`Listing ${virtual}`, ` ${facts} ${virtual}`, "End."]);
  },
});
