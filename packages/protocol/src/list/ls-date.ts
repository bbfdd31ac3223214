/** Half a (mean Gregorian) year in milliseconds: aioftp's `HALF_OF_YEAR_IN_SECONDS`. */
export const HALF_YEAR_MS = 15_778_476_000;
/** Two years in milliseconds as aioftp counts them for `Feb 29` (`(365 * 3 + 366) / 2` days). */
export const TWO_YEARS_MS = ((365 * 3 + 366) * 86_400_000) / 2;

/** English month abbreviations, a fixed table (never the process locale). */
export const MONTH_NAMES = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

const MONTH_INDEX: Record<string, number> = Object.create(null);
for (const [i, name] of MONTH_NAMES.entries()) MONTH_INDEX[name.toLowerCase()] = i;

/** The month (0-11) for an English abbreviation in any case (`"oct"`, `"OCT"`), else -1. */
export function monthIndex(name: string): number {
  return name.length === 3 ? (MONTH_INDEX[name.toLowerCase()] ?? -1) : -1;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (0-11) of a year. */
export function daysInMonth(year: number, month: number): number {
  return month === 1
    ? isLeap(year)
      ? 29
      : 28
    : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month]!;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYYMMDDHHMMSS` of the UTC fields of a date. */
export function formatFactTime(date: Date): string {
  return (
    String(date.getUTCFullYear()).padStart(4, "0") +
    pad2(date.getUTCMonth() + 1) +
    pad2(date.getUTCDate()) +
    pad2(date.getUTCHours()) +
    pad2(date.getUTCMinutes()) +
    pad2(date.getUTCSeconds())
  );
}

/**
 * The date of an `ls` line that shows a time but no year (`Mon DD HH:MM`), with the year taken
 * from `now` as aioftp does: `Feb 29` goes to the latest leap year not after `now`, or the next
 * one when that is more than two years back; any other day goes to `now`'s year, moved one
 * year forward when that lies more than half a year before `now`, or one year back when it
 * lies more than half a year after it. All fields are UTC.
 */
export function inferLsYear(
  month: number,
  day: number,
  hour: number,
  minute: number,
  now: Date,
): Date {
  const nowMs = now.getTime();
  let year = now.getUTCFullYear();
  if (month === 1 && day === 29) {
    while (!isLeap(year)) year--;
    if (nowMs - Date.UTC(year, 1, 29, hour, minute) > TWO_YEARS_MS) {
      // The next leap year (year + 4, except across a century that is not one, e.g. 2100).
      year += 4;
      while (!isLeap(year)) year++;
    }
    return new Date(Date.UTC(year, 1, 29, hour, minute));
  }
  const diff = nowMs - Date.UTC(year, month, day, hour, minute);
  if (diff > HALF_YEAR_MS) year++;
  else if (diff < -HALF_YEAR_MS) year--;
  return new Date(Date.UTC(year, month, day, hour, minute));
}

const LS_DATE = /^([A-Za-z]{3}) +(\d{1,2}) +(?:(\d{1,2}):(\d{2})|(\d{4}))$/;

/**
 * Parses an `ls` date, `"Nov 18 12:29"` (year inferred from `now`, see {@link inferLsYear}),
 * `"Nov 18  1958"` or `"Jan 03 2018"`, into `YYYYMMDDHHMMSS` (seconds `00`). Month names come
 * from a fixed English table. Returns `undefined` when the text is not such a date.
 */
export function parseLsDate(text: string, options: { now?: Date } = {}): string | undefined {
  const m = LS_DATE.exec(text.trim());
  if (m === null) return undefined;
  const date = lsDateParts(m[1]!, m[2]!, m[3] ?? m[5]!, m[4], options.now ?? new Date());
  return date === undefined ? undefined : formatFactTime(date);
}

/**
 * Builds the date of split `ls` date fields: `hourOrYear` is the hour when `minute` is given,
 * else the year. Returns `undefined` for an impossible date.
 */
export function lsDateParts(
  monthName: string,
  dayText: string,
  hourOrYear: string,
  minuteText: string | undefined,
  now: Date,
): Date | undefined {
  const month = monthIndex(monthName);
  const day = Number(dayText);
  if (month === -1 || day < 1 || day > (month === 1 ? 29 : daysInMonth(2001, month)))
    return undefined;
  if (minuteText === undefined) {
    const year = Number(hourOrYear);
    if (day > daysInMonth(year, month)) return undefined;
    return new Date(Date.UTC(year, month, day));
  }
  const hour = Number(hourOrYear);
  const minute = Number(minuteText);
  if (hour > 23 || minute > 59) return undefined;
  return inferLsYear(month, day, hour, minute, now);
}

/**
 * The date column of an `ls -l` line as servers write it: `"Mon DD HH:MM"` when the date lies
 * within the half year up to `now`, else `"Mon DD  YYYY"`; the day padded with a space
 * (`"Jan  1 00:00"`, `"Jan  1  2001"`). UTC.
 */
export function formatLsDate(date: Date, now: Date = new Date()): string {
  const month = MONTH_NAMES[date.getUTCMonth()]!;
  const day = String(date.getUTCDate()).padStart(2, " ");
  const diff = now.getTime() - date.getTime();
  if (diff >= 0 && diff < HALF_YEAR_MS)
    return `${month} ${day} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`;
  return `${month} ${day}  ${date.getUTCFullYear()}`;
}
