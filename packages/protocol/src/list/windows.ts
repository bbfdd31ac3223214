import { ListParseError } from "../errors.js";
import { daysInMonth, formatFactTime } from "./ls-date.js";
import type { ListEntry, ListInfo, ListParser } from "./types.js";
import { stripLineEnd } from "./unix.js";

const LINE =
  /^\s*(\d{1,2})[-/](\d{1,2})[-/](\d{4}|\d{2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?\s+(<DIR>|<JUNCTION>|<SYMLINKD?>|\d[\d,]*)\s+(\S.*)$/;

/**
 * Windows / IIS `dir` style: `MM-DD-YY  hh:mmAM  <DIR>  name`, `MM-DD-YYYY`, `MM/DD/YYYY`,
 * 12- or 24-hour times, sizes with thousands separators (`34,359,738,368`), and cmd.exe's
 * `<JUNCTION>` / `<SYMLINK>` / `<SYMLINKD>` entries (`name [target]`, type `link`).
 */
function parseWindows(line: string): ListEntry | undefined {
  const m = LINE.exec(stripLineEnd(line));
  if (m === null) return undefined;
  const month = Number(m[1]) - 1;
  const day = Number(m[2]);
  let year = Number(m[3]);
  if (m[3]!.length === 2) year += year < 70 ? 2000 : 1900;
  let hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6] ?? 0);
  const half = m[7]?.toUpperCase();
  if (half !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === "PM" ? 12 : 0);
  }
  if (month > 11 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const column = m[8]!;
  let name = m[9]!;
  const info: ListInfo = {
    type: column === "<DIR>" ? "dir" : column.startsWith("<") ? "link" : "file",
  };
  if (info.type === "file") info.size = column.replaceAll(",", "");
  info.modify = formatFactTime(new Date(Date.UTC(year, month, day, hour, minute, second)));
  if (info.type === "link") {
    // cmd.exe shows "name [target]" for junctions and symbolic links.
    const open = name.lastIndexOf(" [");
    if (open > 0 && name.endsWith("]")) {
      info.link_dst = name.slice(open + 2, -1);
      name = name.slice(0, open);
    }
  }
  return [name, info];
}

/** The Windows / IIS dialect (see {@link parseListLineWindows}). */
export const windowsListParser: ListParser = { name: "windows", parse: parseWindows };

/**
 * Parses one Windows / IIS listing line (`10-05-26  07:08AM  <DIR>  name`,
 * `10/3/2018   2:58 PM    34,359,738,368  win10.img`, 24-hour times, 2- or 4-digit years).
 * @throws {ListParseError} when the line is not in this format.
 */
export function parseListLineWindows(line: string): ListEntry {
  const entry = parseWindows(line);
  if (entry === undefined)
    throw new ListParseError(
      line,
      `Not a Windows listing line: ${JSON.stringify(line.slice(0, 200))}`,
    );
  return entry;
}
