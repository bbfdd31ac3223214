import { ReplyParseError, ReplyParseErrorCode } from "./errors.js";
import { daysInMonth, formatFactTime } from "./list/ls-date.js";

/**
 * Formats a time as MDTM / MFMT / MLSx write it (RFC 3659 `time-val`): `YYYYMMDDHHMMSS`, UTC,
 * with `.sss` milliseconds when `options.milliseconds` is set.
 */
export function formatMdtmTime(date: Date, options: { milliseconds?: boolean } = {}): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid date");
  const base = formatFactTime(date);
  return options.milliseconds === true
    ? `${base}.${String(date.getUTCMilliseconds()).padStart(3, "0")}`
    : base;
}

const TIME_VAL = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?$/;

/**
 * Parses an RFC 3659 `time-val` (`YYYYMMDDHHMMSS[.F…]`, UTC), as in a `213` MDTM reply text
 * (the code may be included: `"213 20240229133729"`) or an MFMT argument's time. Fractions
 * beyond milliseconds are truncated.
 * @throws {ReplyParseError} (`ERR_FTP_REPLY_MALFORMED`) for anything else or an impossible date.
 */
export function parseMdtmTime(text: string): Date {
  let value = text.trim();
  if (/^\d{3} /.test(value)) value = value.slice(4).trim();
  const m = TIME_VAL.exec(value);
  const fail = (): never => {
    throw new ReplyParseError(ReplyParseErrorCode.MALFORMED, "Not a YYYYMMDDHHMMSS time", text);
  };
  if (m === null) return fail();
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) fail();
  if (hour > 23 || minute > 59 || second > 60) fail();
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, Math.min(second, 59), ms));
  date.setUTCFullYear(year);
  return date;
}
