import { ListParseError } from "../errors.js";
import type { EntryType, ListEntry, ListInfo } from "./types.js";

function typeOf(value: string, info: ListInfo): EntryType {
  switch (value) {
    case "file":
    case "dir":
    case "cdir":
    case "pdir":
      return value;
  }
  const lower = value.toLowerCase();
  switch (lower) {
    case "file":
    case "dir":
    case "cdir":
    case "pdir":
      return lower;
  }
  // OS.unix=slink:/target (RFC 3659 style), OS.unix=symlink (vsftpd-style), OS.unix=slink
  if (lower.startsWith("os.unix=slink") || lower.startsWith("os.unix=symlink")) {
    const colon = value.indexOf(":");
    if (colon !== -1 && colon + 1 < value.length) info.link_dst = value.slice(colon + 1);
    return "link";
  }
  return "unknown";
}

function lowerKey(key: string): string {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 65 && c <= 90) return key.toLowerCase();
  }
  return key;
}

/** Common fact names, grouped by length, so parsing allocates no string for them. */
const KNOWN_KEYS: Record<number, readonly string[]> = {
  4: ["type", "size", "perm", "lang"],
  6: ["modify", "create", "unique"],
  7: ["charset"],
  8: ["unix.uid", "unix.gid"],
  9: ["unix.mode"],
  10: ["media-type", "unix.owner", "unix.group"],
};

/** The interned fact name at `line[from, to)` when it is a common one written in lower case. */
function knownKey(line: string, from: number, to: number): string | undefined {
  const candidates = KNOWN_KEYS[to - from];
  if (candidates === undefined) return undefined;
  for (const key of candidates) if (line.startsWith(key, from)) return key;
  return undefined;
}

/** The `type` fact's value at `line[from, to)`, without allocating for the common ones. */
function typeAt(line: string, from: number, to: number, info: ListInfo): EntryType {
  const length = to - from;
  if (length === 4 && line.startsWith("file", from)) return "file";
  if (length === 3 && line.startsWith("dir", from)) return "dir";
  return typeOf(line.slice(from, to), info);
}

/**
 * Parses one MLSD line or MLST body line (RFC 3659): `fact=value;fact=value; name`.
 * Fact names are read case-insensitively and stored in lower case, values verbatim; the
 * trailing `;` is optional; the name is everything after the first space (exactly one), so
 * names with spaces or leading spaces survive. `type` is normalised to
 * `file` / `dir` / `cdir` / `pdir`, `link` for `OS.unix=slink:target` (target in `link_dst`)
 * or `OS.unix=symlink`, else `unknown`; it is `unknown` when the server sent no type.
 * An MLST body line's leading space is accepted. A trailing CR LF is removed.
 * @throws {ListParseError} when the line has no facts or no name.
 */
export function parseMlsxLine(line: string): ListEntry {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c !== 10 && c !== 13) break;
    end--;
  }
  let start = 0;
  // MLST replies indent the entry line by one space.
  if (line.charCodeAt(0) === 32 && line.charCodeAt(1) !== 32) start = 1;
  const space = line.indexOf(" ", start);
  const eq = line.indexOf("=", start);
  if (space === -1 || space >= end || eq === -1 || eq > space) {
    // RFC 3659: an entry without facts is sent as " name".
    if (line.charCodeAt(0) === 32 && end > 1) return [line.slice(1, end), { type: "unknown" }];
    throw new ListParseError(
      line,
      `Not an MLSx line (facts, one space, name): ${JSON.stringify(line.slice(0, 200))}`,
    );
  }
  const info = { type: "unknown" } as ListInfo;
  let pos = start;
  while (pos < space) {
    let semi = line.indexOf(";", pos);
    if (semi === -1 || semi > space) semi = space;
    const eq = line.indexOf("=", pos);
    if (eq !== -1 && eq < semi) {
      const key = knownKey(line, pos, eq) ?? lowerKey(line.slice(pos, eq));
      if (key === "type") info.type = typeAt(line, eq + 1, semi, info);
      else info[key] = line.slice(eq + 1, semi);
    }
    pos = semi + 1;
  }
  return [line.slice(space + 1, end), info];
}

/**
 * Parses a whole MLSD listing (the data connection's text, lines ended by CR LF or LF),
 * skipping blank lines.
 * @throws {ListParseError} for the first line that is not an MLSx entry.
 */
export function parseMlsxListing(text: string): ListEntry[] {
  const entries: ListEntry[] = [];
  let pos = 0;
  const length = text.length;
  while (pos < length) {
    let lf = text.indexOf("\n", pos);
    if (lf === -1) lf = length;
    let stop = lf;
    if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
    if (stop > pos) entries.push(parseMlsxLine(text.slice(pos, stop)));
    pos = lf + 1;
  }
  return entries;
}

const BAD_KEY = /[\s;=\0]/;
const BAD_VALUE = /[\s;\0]/;

/**
 * Formats MLSx facts in the order given: `{ type: "file", size: "3" }` gives
 * `"type=file;size=3;"`. Fact names are written as given (RFC 3659 reads them in any case).
 * @throws {TypeError} for a fact name with whitespace, `;`, `=` or NUL, or a value with
 * whitespace, `;` or NUL (they would break the line; leave such facts out).
 */
export function formatMlsxFacts(facts: Readonly<Record<string, string>>): string {
  let out = "";
  for (const key in facts) {
    const value = facts[key]!;
    if (key.length === 0 || BAD_KEY.test(key))
      throw new TypeError(`Invalid MLSx fact name ${JSON.stringify(key)}`);
    if (BAD_VALUE.test(value))
      throw new TypeError(`Invalid value for MLSx fact ${key}: ${JSON.stringify(value)}`);
    out += `${key}=${value};`;
  }
  return out;
}

/**
 * One MLSD line (without CR LF) or MLST body line: the facts, one space, the name.
 * @throws {TypeError} for invalid facts, or a name containing CR, LF or NUL.
 */
export function formatMlsxLine(name: string, facts: Readonly<Record<string, string>>): string {
  if (/[\r\n\0]/.test(name)) throw new TypeError("An MLSx name may not contain CR, LF or NUL");
  return `${formatMlsxFacts(facts)} ${name}`;
}
