import { END_OF_LINE } from "./constants.js";
import { InvalidCommandError } from "./errors.js";

const FORBIDDEN = /[\r\n\0]/;

/**
 * Formats a command line: `"CMD arg\r\n"` (or `"CMD\r\n"` when the argument is absent or
 * empty). Refuses CR, LF and NUL anywhere, which would let a path inject further commands.
 * @throws {InvalidCommandError}
 */
export function formatCommand(command: string, argument?: string): string {
  if (command.length === 0) throw new InvalidCommandError("FTP command is empty");
  if (FORBIDDEN.test(command) || (argument !== undefined && FORBIDDEN.test(argument)))
    throw new InvalidCommandError();
  return argument === undefined || argument === ""
    ? `${command}${END_OF_LINE}`
    : `${command} ${argument}${END_OF_LINE}`;
}

const SECRET = /^(\s*(?:PASS|ACCT)\s+)([^\r\n]*)/i;

/**
 * Hides the argument of `PASS` and `ACCT` (any case) for logs: `"PASS hunter2\r\n"` becomes
 * `"PASS ********\r\n"`. Any other line is returned unchanged.
 */
export function redactCommand(line: string): string {
  const match = SECRET.exec(line);
  if (match === null || (match[2] as string).length === 0) return line;
  return `${match[1]}********${line.slice((match[0] as string).length)}`;
}

/** A command line split into its verb and argument. */
export interface CommandLine {
  /** The verb, upper-cased (`"RETR"`). */
  command: string;
  /** Everything after the first space, verbatim (`""` when there is none). */
  argument: string;
}

/**
 * Splits a received command line at its first space. A trailing CR LF / LF is removed; the
 * argument is otherwise kept as sent (spaces inside or at the end of a path survive).
 */
export function parseCommandLine(line: string): CommandLine {
  let end = line.length;
  if (end > 0 && line.charCodeAt(end - 1) === 10) end--;
  if (end > 0 && line.charCodeAt(end - 1) === 13) end--;
  const text = end === line.length ? line : line.slice(0, end);
  const space = text.indexOf(" ");
  if (space === -1) return { command: text.toUpperCase(), argument: "" };
  return { command: text.slice(0, space).toUpperCase(), argument: text.slice(space + 1) };
}
