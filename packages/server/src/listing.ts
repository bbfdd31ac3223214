import type { FileStat } from "@ftp/pathio";
import { formatListLine, formatMdtmTime } from "@ftp/protocol";
import type { Permission } from "./permission.js";
import type { Session } from "./session.js";

/** One directory entry as the listing commands see it. */
export interface ListingEntry {
  /** Name inside its directory. */
  name: string;
  /** Virtual path. */
  virtual: string;
  /** Backend path. */
  real: string;
  /** Stat of the entry (of the link target when it stays inside the root). */
  stat: FileStat;
  type: "file" | "dir" | "link" | "unknown";
}

const BATCH = 64;

function typeOf(stat: FileStat): ListingEntry["type"] {
  if (stat.isSymbolicLink) return "link";
  if (stat.isDirectory) return "dir";
  if (stat.isFile) return "file";
  return "unknown";
}

function joinVirtual(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

async function entryFor(
  session: Session,
  virtualDir: string,
  realChild: string,
): Promise<ListingEntry | undefined> {
  const name = session.pathio.basename(realChild);
  const virtual = joinVirtual(virtualDir, name);
  let stat: FileStat;
  try {
    stat = await session.pathio.lstat(realChild);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink) {
    // Follow the link only when it stays inside the user's root; otherwise show the link
    // itself, so nothing about the outside is revealed.
    try {
      const resolved = await session.resolve(virtual);
      const target = await session.pathio.stat(resolved.real);
      return { name, virtual, real: realChild, stat: target, type: typeOf(target) };
    } catch {
      return { name, virtual, real: realChild, stat, type: "link" };
    }
  }
  return { name, virtual, real: realChild, stat, type: typeOf(stat) };
}

/** The entries of a directory, streamed (stats run in small parallel batches). */
export async function* listDirectory(
  session: Session,
  virtualDir: string,
  realDir: string,
): AsyncGenerator<ListingEntry> {
  let batch: string[] = [];
  const flush = async () => {
    const entries = await Promise.all(batch.map((child) => entryFor(session, virtualDir, child)));
    batch = [];
    return entries.filter((entry): entry is ListingEntry => entry !== undefined);
  };
  for await (const child of session.pathio.list(realDir)) {
    batch.push(child);
    if (batch.length >= BATCH) yield* await flush();
  }
  if (batch.length > 0) yield* await flush();
}

/** The entry for one path (LIST/MLST of a file). */
export async function statEntry(
  session: Session,
  virtual: string,
  real: string,
): Promise<ListingEntry> {
  const stat = await session.pathio.stat(real);
  const name = virtual === "/" ? "/" : virtual.slice(virtual.lastIndexOf("/") + 1);
  return { name, virtual, real, stat, type: typeOf(stat) };
}

/** An `ls -l` line for an entry. */
export function listLine(entry: ListingEntry, now: Date): string {
  return formatListLine(
    entry.name,
    {
      type: entry.type,
      size: entry.type === "dir" ? 4096 : entry.stat.size,
      mtime: entry.stat.mtime,
      mode: entry.stat.mode & 0o7777,
      nlink: entry.stat.nlink,
      owner: "ftp",
      group: "ftp",
    },
    { now },
  );
}

/** RFC 3659 `perm` fact for an entry under a permission. */
function permFact(entry: ListingEntry, permission: Permission): string {
  let perm = "";
  if (entry.type === "dir") {
    if (permission.writable) perm += "cmpfd";
    if (permission.readable) perm += "el";
  } else {
    if (permission.writable) perm += "awfd";
    if (permission.readable) perm += "r";
  }
  return perm;
}

/** MLSx facts (`type=file;size=3;...;`) of an entry, limited to the session's OPTS MLST set. */
export async function mlsxFacts(session: Session, entry: ListingEntry): Promise<string> {
  const selected = new Set(session.state.mlstFacts);
  const user = session.state.user;
  const permission = user !== undefined ? await user.getPermissions(entry.virtual) : undefined;
  let facts = "";
  if (selected.has("type"))
    facts += `type=${entry.type === "link" ? "OS.unix=symlink" : entry.type};`;
  if (selected.has("size") && entry.type !== "dir") facts += `size=${entry.stat.size};`;
  if (selected.has("modify")) facts += `modify=${formatMdtmTime(entry.stat.mtime)};`;
  if (selected.has("perm") && permission !== undefined)
    facts += `perm=${permFact(entry, permission)};`;
  if (selected.has("unix.mode"))
    facts += `unix.mode=0${(entry.stat.mode & 0o7777).toString(8).padStart(3, "0")};`;
  return facts;
}
