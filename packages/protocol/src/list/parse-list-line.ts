import { ListParseError } from "../errors.js";
import { eplfListParser } from "./eplf.js";
import type { ListEntry, ListParseOptions, ListParser } from "./types.js";
import { stripLineEnd, unixListParser } from "./unix.js";
import { windowsListParser } from "./windows.js";

/** The built-in dialects in the order {@link parseListLine} tries them: Unix, Windows, EPLF. */
export const DEFAULT_LIST_PARSERS: readonly ListParser[] = Object.freeze([
  unixListParser,
  windowsListParser,
  eplfListParser,
]);

/** A custom LIST parser: a {@link ListParser}, or a function that throws when a line is not its own. */
export type CustomListParser = ListParser | ((line: string) => ListEntry);

/** Options of {@link parseListLine} and {@link parseListing}. */
export interface ParseListLineOptions extends ListParseOptions {
  /** The dialects to try, in order. Default {@link DEFAULT_LIST_PARSERS}. */
  parsers?: readonly ListParser[];
  /** An extra parser, tried before (default) or after the others (`customFirst: false`). */
  custom?: CustomListParser;
  /** Whether `custom` goes first. Default `true` (as aioftp). */
  customFirst?: boolean;
}

function asParser(custom: CustomListParser): ListParser {
  if (typeof custom !== "function") return custom;
  return { name: custom.name || "custom", parse: (line) => custom(line) };
}

/**
 * Parses one LIST line by trying the parsers in order (the custom one first or last); the
 * first that returns an entry wins. A parser that throws counts as "not mine".
 * @throws {ListParseError} naming the line when no parser understands it; `cause` is an
 * `AggregateError` of what custom parsers threw, if anything.
 */
export function parseListLine(line: string, options: ParseListLineOptions = {}): ListEntry {
  const base = options.parsers ?? DEFAULT_LIST_PARSERS;
  const parsers =
    options.custom === undefined
      ? base
      : options.customFirst === false
        ? [...base, asParser(options.custom)]
        : [asParser(options.custom), ...base];
  const errors: unknown[] = [];
  for (const parser of parsers) {
    try {
      const entry = parser.parse(line, options);
      if (entry !== undefined) return entry;
    } catch (error) {
      errors.push(error);
    }
  }
  const names = parsers.map((p) => p.name).join(", ");
  throw new ListParseError(
    line,
    `No LIST parser (${names}) understood the line: ${JSON.stringify(line.slice(0, 200))}`,
    errors.length > 0 ? { cause: new AggregateError(errors, "Parsers failed") } : undefined,
  );
}

const TOTAL = /^total\s+\d+\s*$/i;
const DOS_SUMMARY = /^\s*\d[\d,.]*\s+(files?|dirs?|dir\(s\)|file\(s\)|directories|bytes)\b/i;

/**
 * Parses a whole LIST listing (the data connection's text): splits it into lines (CR LF or
 * LF), skips blank lines, `total N` lines and DOS `N File(s)` / `N Dir(s)` summary lines, and
 * parses every other line with {@link parseListLine}.
 * @throws {ListParseError} for the first line no parser understands.
 */
export function parseListing(text: string, options: ParseListLineOptions = {}): ListEntry[] {
  const entries: ListEntry[] = [];
  const opts = options.now === undefined ? { ...options, now: new Date() } : options;
  for (const raw of text.split("\n")) {
    const line = stripLineEnd(raw);
    if (line.trim() === "" || TOTAL.test(line)) continue;
    try {
      entries.push(parseListLine(line, opts));
    } catch (error) {
      if (DOS_SUMMARY.test(line)) continue;
      throw error;
    }
  }
  return entries;
}
