/**
 * Parser throughput in lines per second: control replies (ReplyParser), MLSD lines
 * (parseMlsxLine / parseMlsxListing) and Unix LIST lines (parseListing). Each is compared with
 * a baseline run in the same process: splitting the same text into lines and nothing else (the
 * floor any parser pays), and for MLSD a naive split()-based fact parser.
 *
 * Run: `pnpm --filter @ftp/protocol bench` (tsx, sources via the @ftp/source condition).
 */
import os from "node:os";
import {
  formatListLine,
  formatMlsxLine,
  formatReply,
  parseListing,
  parseMlsxLine,
  parseMlsxListing,
  ReplyParser,
} from "../src/index.js";

const LINES = 200_000;
const ROUNDS = 5;
const now = new Date(Date.UTC(2026, 10, 23, 20, 1));

/** Runs `fn` ROUNDS times (after a warm-up) and returns the best lines/s. */
function measure(lines: number, fn: () => unknown): number {
  fn();
  let best = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    fn();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, lines / seconds);
  }
  return best;
}

function splitOnly(text: string): number {
  let n = 0;
  for (const line of text.split("\n")) if (line.length > 0) n++;
  return n;
}

/** The obvious implementation (as aioftp does it): split the facts with split(). */
function naiveMlsx(line: string): [string, Record<string, string>] {
  const space = line.indexOf(" ");
  const facts: Record<string, string> = {};
  for (const fact of line.slice(0, space).split(";")) {
    if (fact === "") continue;
    const [key, value] = fact.split("=", 2) as [string, string];
    facts[key.toLowerCase()] = value;
  }
  return [line.slice(space + 1), facts];
}

const fmt = (n: number) => `${(n / 1e6).toFixed(2)} M lines/s`;
const rows: [string, number, number, string][] = [];

// MLSD: lines shaped like pyftpdlib's.
const mlsdLines: string[] = [];
for (let i = 0; i < LINES; i++) {
  mlsdLines.push(
    formatMlsxLine(`file-${i % 1000}.txt`, {
      modify: "20261005070809",
      perm: "radfwMT",
      size: String(i * 7),
      type: i % 10 === 9 ? "dir" : "file",
      unique: `fe00g21${i.toString(16)}`,
    }),
  );
}
const mlsdText = `${mlsdLines.join("\r\n")}\r\n`;
const mlsxPerLine = measure(LINES, () => {
  for (const line of mlsdLines) parseMlsxLine(line);
});
const mlsxNaive = measure(LINES, () => {
  for (const line of mlsdLines) naiveMlsx(line);
});
rows.push(["MLSD parseMlsxLine (pre-split lines)", mlsxPerLine, mlsxNaive, "naive split() parser"]);
// A client lists directory by directory: 1000-entry listings, each dropped after use.
const DIR = 1000;
const dirTexts: Buffer[] = [];
for (let i = 0; i < LINES; i += DIR)
  dirTexts.push(Buffer.from(`${mlsdLines.slice(i, i + DIR).join("\r\n")}\r\n`, "utf8"));
const mlsxStreaming = measure(LINES, () => {
  let n = 0;
  for (const bytes of dirTexts) n += parseMlsxListing(bytes.toString("utf8")).length;
  return n;
});
rows.push([
  "MLSD 1000-line listings from bytes",
  mlsxStreaming,
  measure(LINES, () => {
    let n = 0;
    for (const bytes of dirTexts) n += splitOnly(bytes.toString("utf8"));
    return n;
  }),
  "decode + split only",
]);
// One 200 000-line listing kept whole: bound by allocating and keeping 200 000 entries.
const mlsxListing = measure(LINES, () => parseMlsxListing(mlsdText));
rows.push([
  "MLSD one 200k-line listing, kept",
  mlsxListing,
  measure(LINES, () => {
    const kept: [string, Record<string, string>][] = [];
    for (let i = 0; i < LINES; i++)
      kept.push([
        `n${i & 1023}`,
        {
          type: "file",
          modify: `2026100507080${i & 7}`,
          perm: "radfwMT",
          size: `${i}`,
          unique: `u${i}`,
        },
      ]);
    return kept;
  }),
  "allocating the same entries only",
]);

// Unix LIST: vsftpd-style lines.
const mtime = new Date(Date.UTC(2026, 9, 5, 7, 8));
const listLines: string[] = [];
for (let i = 0; i < LINES; i++) {
  listLines.push(
    formatListLine(
      `file ${i % 1000}.txt`,
      {
        type: i % 10 === 9 ? "dir" : "file",
        size: i * 7,
        mtime,
        mode: 0o644,
        owner: "1001",
        group: "1001",
      },
      { now },
    ),
  );
}
const listDirs: Buffer[] = [];
for (let i = 0; i < LINES; i += DIR)
  listDirs.push(Buffer.from(`${listLines.slice(i, i + DIR).join("\r\n")}\r\n`, "utf8"));
rows.push([
  "LIST (unix) 1000-line listings from bytes",
  measure(LINES, () => {
    let n = 0;
    for (const bytes of listDirs) n += parseListing(bytes.toString("utf8"), { now }).length;
    return n;
  }),
  measure(LINES, () => {
    let n = 0;
    for (const bytes of listDirs) n += splitOnly(bytes.toString("utf8"));
    return n;
  }),
  "decode + split only",
]);

// Control replies: a realistic mix of single- and multi-line replies.
const replyText = [
  formatReply(150, "Opening BINARY mode data connection for size-1234.bin (1234 bytes)."),
  formatReply(226, "Transfer complete."),
  formatReply(211, [
    "Features:",
    " EPRT",
    " EPSV",
    " MDTM",
    " PASV",
    " REST STREAM",
    " SIZE",
    " UTF8",
    "End",
  ]),
  formatReply(257, '"/we""ird" is the current directory'),
].join("");
const replyCopies = Math.ceil(LINES / replyText.split("\r\n").length);
const replyBytes = Buffer.from(replyText.repeat(replyCopies), "utf8");
const replyLines = replyText.split("\r\n").length - 1;
const totalReplyLines = replyLines * replyCopies;
const CHUNK = 16 * 1024;
rows.push([
  "ReplyParser.push (16 KiB chunks)",
  measure(totalReplyLines, () => {
    const parser = new ReplyParser();
    for (let at = 0; at < replyBytes.length; at += CHUNK)
      parser.push(replyBytes.subarray(at, at + CHUNK));
  }),
  measure(totalReplyLines, () => splitOnly(replyBytes.toString("utf8"))),
  "decode + split only",
]);

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
process.stdout.write(
  `@ftp/protocol parse bench: ${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${os.platform()} ${os.arch()}\n` +
    `best of ${ROUNDS} rounds, ${LINES.toLocaleString("en")} lines each\n\n`,
);
for (const [name, ours, baseline, baselineName] of rows) {
  process.stdout.write(
    `${name.padEnd(42)} ${fmt(ours).padStart(16)}   baseline ${baselineName}: ${fmt(baseline)}  (ours / baseline = ${(ours / baseline).toFixed(2)})\n`,
  );
}
const target = 1_000_000;
process.stdout.write(
  `\nMLSD target >= ${fmt(target)}: ${mlsxStreaming >= target ? "met" : "NOT met"} (${fmt(mlsxStreaming)} decoding and parsing 1000-line listings)\n`,
);
