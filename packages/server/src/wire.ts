/**
 * The small pieces of wire format the server writes and parses. Kept here (rather than
 * imported from @ftp/protocol) because they are server-side formatting decisions: the
 * multi-line reply layout, the PASV/EPSV texts, `ls -l` lines and MLSx facts.
 */
import { isIP } from "node:net";

const CRLF = "\r\n";

/**
 * Formats a reply. One line: `"ddd text"`. Several: `"ddd-first"`, body lines (indented by a
 * space when they would start with a digit, so a client never mistakes them for the end),
 * `"ddd last"`.
 */
export function formatReply(code: number | string, lines: string | readonly string[]): string {
  const all = typeof lines === "string" ? [lines] : lines.length === 0 ? [""] : lines;
  const safe = all.map((line) => line.replace(/[\r\n\0]/g, " "));
  if (safe.length === 1) return `${code} ${safe[0]}${CRLF}`;
  let out = `${code}-${safe[0]}${CRLF}`;
  for (let i = 1; i < safe.length - 1; i++) {
    const line = safe[i]!;
    out += (/^\d/.test(line) ? ` ${line}` : line) + CRLF;
  }
  return `${out}${code} ${safe[safe.length - 1]}${CRLF}`;
}

/** Quotes a path for a 257 reply: surrounding quotes, inner quotes doubled (RFC 959). */
export function quotePath(path: string): string {
  return `"${path.replaceAll('"', '""')}"`;
}

/** `Entering Passive Mode (h,h,h,h,p,p).` */
export function formatPasv(host: string, port: number): string {
  return `Entering Passive Mode (${host.split(".").join(",")},${port >> 8},${port & 0xff}).`;
}

/** `Entering Extended Passive Mode (|||port|)` */
export function formatEpsv(port: number): string {
  return `Entering Extended Passive Mode (|||${port}|)`;
}

/** Parses a PORT argument `h,h,h,h,p,p`; undefined when malformed. */
export function parsePortArgument(argument: string): { host: string; port: number } | undefined {
  const parts = argument.trim().split(",");
  if (parts.length !== 6) return undefined;
  const numbers = parts.map((part) => (/^\d{1,3}$/.test(part.trim()) ? Number(part) : Number.NaN));
  if (numbers.some((value) => !(value >= 0 && value <= 255))) return undefined;
  const port = numbers[4]! * 256 + numbers[5]!;
  if (port === 0) return undefined;
  return { host: numbers.slice(0, 4).join("."), port };
}

/** Parses an EPRT argument `<d>proto<d>addr<d>port<d>`; undefined when malformed. */
export function parseEprtArgument(
  argument: string,
): { host: string; port: number; family: 4 | 6 } | { unsupported: true } | undefined {
  const text = argument.trim();
  if (text.length < 7) return undefined;
  const delimiter = text[0]!;
  if (delimiter.charCodeAt(0) < 33 || delimiter.charCodeAt(0) > 126) return undefined;
  const parts = text.split(delimiter);
  if (parts.length !== 5 || parts[0] !== "" || parts[4] !== "") return undefined;
  const [, proto, host, portText] = parts as [string, string, string, string, string];
  if (proto !== "1" && proto !== "2") return { unsupported: true };
  const family = proto === "1" ? 4 : 6;
  if (isIP(host) !== family) return undefined;
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65535) return undefined;
  return { host, port, family };
}

/** `YYYYMMDDHHMMSS` in UTC (MDTM, MLSx `modify`). */
export function formatTime(date: Date): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds())
  );
}

/** Parses `YYYYMMDDHHMMSS[.sss]` (UTC); undefined when invalid. */
export function parseTime(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?$/.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const ms = match[7] === undefined ? 0 : Number(match[7].padEnd(3, "0"));
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms));
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo! - 1 ||
    date.getUTCDate() !== d ||
    date.getUTCHours() !== h ||
    date.getUTCMinutes() !== mi ||
    date.getUTCSeconds() !== s
  )
    return undefined;
  return date;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const HALF_YEAR_MS = 15_778_476_000;

/** What an `ls -l` line shows about an entry. */
export interface ListLineInfo {
  type: "file" | "dir" | "link" | "unknown";
  size: number;
  mtime: Date;
  /** Permission bits (incl. setuid/setgid/sticky). */
  mode: number;
  nlink: number;
  owner: string;
  group: string;
}

function modeString(type: ListLineInfo["type"], mode: number): string {
  const kind = type === "dir" ? "d" : type === "link" ? "l" : "-";
  const bit = (mask: number, char: string) => ((mode & mask) !== 0 ? char : "-");
  const exec = (mask: number, special: number, on: string, off: string) => {
    const x = (mode & mask) !== 0;
    if ((mode & special) !== 0) return x ? on : off;
    return x ? "x" : "-";
  };
  return (
    kind +
    bit(0o400, "r") +
    bit(0o200, "w") +
    exec(0o100, 0o4000, "s", "S") +
    bit(0o040, "r") +
    bit(0o020, "w") +
    exec(0o010, 0o2000, "s", "S") +
    bit(0o004, "r") +
    bit(0o002, "w") +
    exec(0o001, 0o1000, "t", "T")
  );
}

/**
 * An `ls -l` line as vsftpd writes it (UTC times, fixed month table, never the locale):
 * `-rw-r--r--    1 ftp      ftp            17 Oct 05 07:08 name`.
 */
export function formatListLine(name: string, info: ListLineInfo, now: Date = new Date()): string {
  const t = info.mtime;
  const recent =
    now.getTime() - t.getTime() < HALF_YEAR_MS && t.getTime() <= now.getTime() + 60_000;
  const day = String(t.getUTCDate()).padStart(2, "0");
  const when = recent
    ? `${String(t.getUTCHours()).padStart(2, "0")}:${String(t.getUTCMinutes()).padStart(2, "0")}`
    : ` ${t.getUTCFullYear()}`;
  return (
    `${modeString(info.type, info.mode)} ${String(info.nlink).padStart(4)} ` +
    `${info.owner.padEnd(8)} ${info.group.padEnd(8)} ${String(info.size).padStart(12)} ` +
    `${MONTHS[t.getUTCMonth()]} ${day} ${when.padStart(5)} ${name}`
  );
}
