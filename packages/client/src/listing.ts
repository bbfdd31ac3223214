import { type ListEntry, type ListParser, parseListLine, parseMlsxLine } from "@ftp/protocol";
import type { ControlEncoding } from "./control-connection.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes one line: UTF-8 when valid, else latin1 (which keeps every byte). */
export function decodeLine(bytes: Uint8Array, encoding: ControlEncoding): string {
  if (encoding === "latin1") return Buffer.from(bytes).toString("latin1");
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes).toString("latin1");
  }
}

/** Splits data-connection bytes into decoded lines (CRLF or LF), dropping blank ones. */
export function splitLines(data: Buffer, encoding: ControlEncoding): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(10, start);
    if (end < 0) end = data.length;
    let stop = end;
    if (stop > start && data[stop - 1] === 13) stop--;
    if (stop > start) {
      const line = decodeLine(data.subarray(start, stop), encoding);
      if (line.trim() !== "") lines.push(line);
    }
    start = end + 1;
  }
  return lines;
}

/** How LIST lines are parsed. */
export interface ListLineOptions {
  custom: ListParser | ((line: string) => ListEntry) | undefined;
  customFirst: boolean;
}

const TOTAL_LINE = /^total\s+\d+/i;

/** Parses an MLSD or LIST listing; LIST summary lines (`total N`) are skipped. */
export function parseListingLines(
  lines: readonly string[],
  kind: "MLSD" | "LIST",
  options: ListLineOptions,
): ListEntry[] {
  const entries: ListEntry[] = [];
  for (const line of lines) {
    if (kind === "MLSD") {
      entries.push(parseMlsxLine(line));
      continue;
    }
    if (TOTAL_LINE.test(line)) continue;
    entries.push(
      parseListLine(
        line,
        options.custom
          ? { custom: options.custom, customFirst: options.customFirst }
          : { customFirst: options.customFirst },
      ),
    );
  }
  return entries;
}
