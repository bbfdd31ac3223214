import { ListParseError } from "../errors.js";
import { formatFactTime, lsDateParts, monthIndex } from "./ls-date.js";
import type { EntryType, ListEntry, ListInfo, ListParseOptions, ListParser } from "./types.js";
import { formatOctalMode, parseUnixMode } from "./unix-mode.js";

const DIGITS = /^\d+$/;
const DAY = /^\d{1,2}$/;
const TIME = /^(\d{1,2}):(\d{2})$/;
const YEAR = /^\d{4}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const TZ = /^([+-])(\d{2})(\d{2})$/;
const DEVICE = /^\d+,\d+$/;
const MAX_TOKENS = 12;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Removes a trailing CR LF / LF / CR. */
export function stripLineEnd(line: string): string {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c !== 10 && c !== 13) break;
    end--;
  }
  return end === line.length ? line : line.slice(0, end);
}

function entryType(c: number): EntryType | undefined {
  if (c === 45) return "file"; // -
  if (c === 100) return "dir"; // d
  if (c === 108) return "link"; // l
  // c, b, p, s, D, … : devices, pipes, sockets, doors; "?" is GNU ls's unknown type
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 63) return "unknown";
  return undefined;
}

interface FoundDate {
  /** Token index of the first date token. */
  index: number;
  /** Offset just after the last date token. */
  end: number;
  /** Extra separator characters before the name (left-aligned year quirk). */
  skip: number;
  date: Date;
}

function findDate(
  text: string,
  starts: number[],
  ends: number[],
  now: Date,
): FoundDate | undefined {
  const n = starts.length;
  for (let k = 1; k + 1 < n; k++) {
    const length = ends[k]! - starts[k]!;
    if (length !== 3 && length !== 10) continue; // "Oct" or "2026-10-05"
    const first = text.slice(starts[k], ends[k]);
    if (length === 3) {
      if (k + 2 >= n || monthIndex(first) === -1) continue;
      const day = text.slice(starts[k + 1], ends[k + 1]);
      if (!DAY.test(day)) continue;
      const last = text.slice(starts[k + 2], ends[k + 2]);
      const time = TIME.exec(last);
      if (time === null && !YEAR.test(last)) continue;
      const date =
        time === null
          ? lsDateParts(first, day, last, undefined, now)
          : lsDateParts(first, day, time[1]!, time[2]!, now);
      if (date === undefined) continue;
      // "Jan 03 2016  name": a year written left-aligned in the 5-wide column is followed by
      // one padding space before the separator.
      const leftAligned =
        time === null &&
        starts[k + 2]! - ends[k + 1]! === 1 &&
        text.charCodeAt(ends[k + 2]! + 1) === 32;
      return { index: k, end: ends[k + 2]!, skip: leftAligned ? 1 : 0, date };
    }
    const iso = ISO_DATE.exec(first);
    if (iso !== null) {
      const time = ISO_TIME.exec(text.slice(starts[k + 1], ends[k + 1]));
      if (time === null) continue;
      const [year, month, day] = [Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])];
      if (month > 11 || day < 1 || day > 31) continue;
      let ms = Date.UTC(year, month, day, Number(time[1]), Number(time[2]), Number(time[3] ?? 0));
      let end = ends[k + 1]!;
      const tz = k + 3 < n ? TZ.exec(text.slice(starts[k + 2], ends[k + 2])) : null;
      if (tz !== null) {
        const offset = (Number(tz[2]) * 60 + Number(tz[3])) * 60_000;
        ms += tz[1] === "+" ? -offset : offset;
        end = ends[k + 2]!;
      }
      return { index: k, end, skip: 0, date: new Date(ms) };
    }
  }
  return undefined;
}

function splitLink(name: string, size: string | undefined): [string, string] | undefined {
  const marks: number[] = [];
  for (let i = name.indexOf(" -> "); i !== -1; i = name.indexOf(" -> ", i + 1)) marks.push(i);
  if (marks.length === 0) return undefined;
  let at = marks[marks.length - 1]!;
  if (marks.length > 1 && size !== undefined) {
    // An ls size of a link is the byte length of its target: use it to pick the arrow.
    const match = marks.find((i) => String(Buffer.byteLength(name.slice(i + 4))) === size);
    if (match !== undefined) at = match;
  }
  return [name.slice(0, at), name.slice(at + 4)];
}

/**
 * Parses one `ls -l` style line as Unix servers send it, or returns `undefined`:
 * with or without the group column (and links column), numeric or named owners, ACL `+` /
 * SELinux `.` / `@` markers after the mode, device numbers (`8,   0`) instead of a size,
 * setuid / setgid / sticky in either case, `Mon DD HH:MM` (year inferred from `now`),
 * `Mon DD YYYY` and ISO `YYYY-MM-DD HH:MM` dates, names with runs of spaces or leading
 * spaces, `name -> target` links (`link_dst`).
 */
function parseUnix(line: string, options: ListParseOptions): ListEntry | undefined {
  const text = stripLineEnd(line);
  if (text.length < 12) return undefined;
  const type = entryType(text.charCodeAt(0));
  if (type === undefined) return undefined;
  const mode = parseUnixMode(text.slice(1, 10));
  if (mode === undefined) return undefined;
  let pos = 10;
  const marker = text.charCodeAt(10);
  if (marker === 43 || marker === 46 || marker === 64) pos = 11; // + . @
  if (!isBlank(text.charCodeAt(pos))) return undefined;

  const starts: number[] = [];
  const ends: number[] = [];
  const length = text.length;
  while (starts.length < MAX_TOKENS) {
    while (pos < length && isBlank(text.charCodeAt(pos))) pos++;
    if (pos >= length) break;
    starts.push(pos);
    while (pos < length && !isBlank(text.charCodeAt(pos))) pos++;
    ends.push(pos);
  }
  const found = findDate(text, starts, ends, options.now ?? new Date());
  if (found === undefined) return undefined;
  const nameStart = found.end + 1 + found.skip;
  if (nameStart >= length || !isBlank(text.charCodeAt(found.end))) return undefined;

  const fields: string[] = [];
  for (let k = 0; k < found.index; k++) fields.push(text.slice(starts[k], ends[k]));
  let size: string | undefined;
  const last = fields.pop()!;
  if (DIGITS.test(last)) {
    const before = fields[fields.length - 1];
    if (before?.endsWith(",") && DIGITS.test(before.slice(0, -1))) {
      fields.pop(); // "8, 0": major, minor of a device
    } else {
      size = last;
    }
  } else if (!DEVICE.test(last)) {
    return undefined;
  }
  let links: string | undefined;
  if (fields.length > 0 && DIGITS.test(fields[0]!)) links = fields.shift();
  if (fields.length > 2) return undefined; // links must be numeric; at most owner and group
  const [owner, group] = fields;

  let name = text.slice(nameStart);
  let target: string | undefined;
  if (type === "link") {
    const parts = splitLink(name, size);
    if (parts !== undefined) [name, target] = parts;
  }
  if (name.length === 0) return undefined;

  const info: ListInfo = { type };
  if (size !== undefined) info.size = size;
  info.modify = formatFactTime(found.date);
  info["unix.mode"] = formatOctalMode(mode);
  if (owner !== undefined) info["unix.owner"] = owner;
  if (group !== undefined) info["unix.group"] = group;
  if (links !== undefined) info["unix.links"] = links;
  if (target !== undefined) info.link_dst = target;
  return [name, info];
}

/** The Unix `ls -l` dialect (see {@link parseListLineUnix}). */
export const unixListParser: ListParser = { name: "unix", parse: parseUnix };

/**
 * Parses one Unix `ls -l` line: with or without group (and links) columns, numeric ids,
 * ACL `+` / SELinux `.` / `@` markers, devices, setuid/setgid/sticky in upper and lower case,
 * `Mon DD HH:MM` dates with the year inferred from `options.now` as aioftp does (Feb 29
 * included), `Mon DD YYYY`, ISO dates, names with runs of spaces, `name -> target`.
 * @throws {ListParseError} when the line is not in this format.
 */
export function parseListLineUnix(line: string, options: ListParseOptions = {}): ListEntry {
  const entry = parseUnix(line, options);
  if (entry === undefined)
    throw new ListParseError(
      line,
      `Not a Unix listing line: ${JSON.stringify(line.slice(0, 200))}`,
    );
  return entry;
}
