/**
 * The pieces of wire format only the server needs: its multi-line reply layout, strict
 * PORT/EPRT argument parsing (malformed → 501, unknown protocol → 522) and MDTM/MFMT times.
 * Shared formats (PASV/EPSV texts, 257 quoting, `ls -l` lines) come from @ftp/protocol.
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
