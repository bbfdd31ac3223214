import { formatFactTime, formatLsDate } from "./ls-date.js";
import { formatOctalMode, formatUnixMode } from "./unix-mode.js";

/** What {@link formatListLine} and {@link mlsxFactsFromStat} need to know about an entry. */
export interface ListLineStat {
  /** Entry type (`link` for a symbolic link itself, not its target). */
  type: "file" | "dir" | "link" | "unknown";
  /** Size in bytes (for a link: the length of its target, as `lstat` reports). */
  size: number;
  /** Last modification time. */
  mtime: Date;
  /** Permission bits including setuid / setgid / sticky (`0o4755`); type bits are ignored. */
  mode: number;
  /** Hard link count. Default 1. */
  nlink?: number;
  /** Owner name or id. Default `"ftp"`. */
  owner?: string;
  /** Group name or id. Default `"ftp"`. */
  group?: string;
  /** For links: the target, shown as `name -> target`. */
  linkTarget?: string;
}

/** Characters an MLSx fact value cannot carry. */
const UNSAFE = /[\s;\0]/;

const TYPE_CHAR = { file: "-", dir: "d", link: "l", unknown: "?" } as const;

/**
 * One `ls -l` line (without CR LF) as a server sends it in a LIST reply, laid out like
 * vsftpd: `-rw-r--r--    1 ftp      ftp          1234 Oct  5 07:08 name`. The date shows
 * the time when it lies within the half year up to `options.now` (default: now), else the
 * year. Times are UTC. A line break inside the name or target is sent as `?`.
 */
export function formatListLine(
  name: string,
  stat: ListLineStat,
  options: { now?: Date } = {},
): string {
  const mode = `${TYPE_CHAR[stat.type]}${formatUnixMode(stat.mode)}`;
  const links = String(stat.nlink ?? 1).padStart(4, " ");
  const owner = (stat.owner ?? "ftp").padEnd(8, " ");
  const group = (stat.group ?? "ftp").padEnd(8, " ");
  const size = String(stat.size).padStart(8, " ");
  const date = formatLsDate(stat.mtime, options.now ?? new Date());
  let shown = name;
  if (stat.type === "link" && stat.linkTarget !== undefined) shown += ` -> ${stat.linkTarget}`;
  return `${mode} ${links} ${owner} ${group} ${size} ${date} ${shown.replace(/[\r\n\0]/g, "?")}`;
}

/** Options of {@link mlsxFactsFromStat}. */
export interface MlsxFactOptions {
  /** RFC 3659 `perm` letters (e.g. `"adfrw"` for a file, `"cdeflmp"` for a directory). */
  perm?: string;
  /** RFC 3659 `unique` id (e.g. device and inode in hex). */
  unique?: string;
  /** Mark the entry as the listed directory itself (`cdir`) or its parent (`pdir`). */
  dirRole?: "cdir" | "pdir";
  /** Creation time, sent as `create` when given. */
  create?: Date;
}

/**
 * The RFC 3659 facts a server sends for an entry, in a fixed order: `type`, `size` (files
 * only), `modify`, `create`, `perm`, `unique`, `unix.mode`, `unix.owner`, `unix.group`; a
 * link gives `type=OS.unix=slink:<target>`. Feed the result to `formatMlsxLine`.
 */
export function mlsxFactsFromStat(
  stat: ListLineStat,
  options: MlsxFactOptions = {},
): Record<string, string> {
  const facts: Record<string, string> = {};
  if (options.dirRole !== undefined) facts.type = options.dirRole;
  else if (stat.type === "link" && stat.linkTarget !== undefined && !UNSAFE.test(stat.linkTarget))
    facts.type = `OS.unix=slink:${stat.linkTarget}`;
  else
    facts.type =
      stat.type === "link"
        ? "OS.unix=symlink"
        : stat.type === "unknown"
          ? "OS.unix=unknown"
          : stat.type;
  if (stat.type === "file") facts.size = String(stat.size);
  facts.modify = formatFactTime(stat.mtime);
  if (options.create !== undefined) facts.create = formatFactTime(options.create);
  if (options.perm !== undefined) facts.perm = options.perm;
  if (options.unique !== undefined) facts.unique = options.unique;
  facts["unix.mode"] = formatOctalMode(stat.mode);
  if (stat.owner !== undefined && !UNSAFE.test(stat.owner)) facts["unix.owner"] = stat.owner;
  if (stat.group !== undefined && !UNSAFE.test(stat.group)) facts["unix.group"] = stat.group;
  return facts;
}
