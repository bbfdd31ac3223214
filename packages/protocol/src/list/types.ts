/** What a listing entry is. `cdir` / `pdir` are MLSx's "this directory" and "parent directory". */
export type EntryType = "file" | "dir" | "link" | "cdir" | "pdir" | "unknown";

/**
 * Facts about one listing entry: a plain object of strings keyed in lower case, as aioftp.
 * Always has `type`; when known also `size` (decimal), `modify` / `create` (`YYYYMMDDHHMMSS`,
 * UTC for MLSx), `unix.mode` (octal, e.g. `"0755"`, `"4755"`), `unix.owner`, `unix.group`,
 * `unix.links`, `link_dst`, `perm`, `unique`, and any other MLSx fact the server sent.
 */
export type ListInfo = { type: EntryType } & Record<string, string>;

/** A parsed listing line: the entry's name (as listed, not joined to a directory) and facts. */
export type ListEntry = [name: string, info: ListInfo];

/** Options every LIST parser receives. */
export interface ListParseOptions {
  /**
   * The moment the listing was made, used to infer the year of `Mon DD HH:MM` dates (the
   * half-year rule of aioftp, see `parseLsDate`). Default: the current time. Dates are read as UTC.
   */
  now?: Date;
}

/**
 * A LIST dialect. `parse` returns `undefined` (or throws) when the line is not in its format;
 * {@link parseListLine} then tries the next parser.
 */
export interface ListParser {
  /** Short name for messages, e.g. `"unix"`. */
  readonly name: string;
  /** Parses one line (without its line terminator), or returns `undefined`. */
  parse(line: string, options: ListParseOptions): ListEntry | undefined;
}
