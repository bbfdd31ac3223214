import assert from "node:assert/strict";
import {
  formatCommand,
  formatListLine,
  formatMlsxLine,
  formatReply,
  mlsxFactsFromStat,
  parseDirectoryResponse,
  parseEpsvResponse,
  parseListLine,
  parseMlsxLine,
  parsePasvResponse,
  ReplyParser,
} from "../src/index.js";

// Replies arrive in pieces; the parser hands them out when complete.
const parser = new ReplyParser();
assert.deepEqual(parser.push(Buffer.from("211-Features:\r\n EPSV\r\n")), []);
const [feat] = parser.push(Buffer.from(" UTF8\r\n211 End\r\n"));
assert.equal(feat?.code.value, "211");
assert.ok(feat?.code.matches("2xx"));
assert.deepEqual(feat?.lines, ["Features:", " EPSV", " UTF8", "End"]);

// Commands never carry a line break (no command injection through paths).
assert.equal(formatCommand("RETR", "a file.txt"), "RETR a file.txt\r\n");
assert.throws(() => formatCommand("DELE", "x\r\nRMD /"), { code: "ERR_FTP_INVALID_COMMAND" });

// Data-connection addresses and 257 paths.
assert.deepEqual(parsePasvResponse("Entering Passive Mode (127,0,0,1,90,90)."), {
  host: "127.0.0.1",
  port: 23130,
});
assert.deepEqual(parseEpsvResponse("Entering Extended Passive Mode (|||6446|)"), { port: 6446 });
assert.equal(parseDirectoryResponse('"/we""ird" is the current directory'), '/we"ird');

// Listings: LIST (Unix, Windows/IIS, EPLF) and MLSD lines become [name, facts].
const now = new Date("2026-11-23T20:01:00Z");
assert.deepEqual(
  parseListLine("lrwxrwxrwx 1 ftp ftp 13 Mar 14 15:09 link -> size-1234.bin", { now }),
  [
    "link",
    {
      type: "link",
      size: "13",
      modify: "20270314150900", // no year in the line: inferred from `now`
      "unix.mode": "0777",
      "unix.owner": "ftp",
      "unix.group": "ftp",
      "unix.links": "1",
      link_dst: "size-1234.bin",
    },
  ],
);
assert.deepEqual(parseMlsxLine("Type=file;Size=1234;Modify=20261005070809; a b.txt"), [
  "a b.txt",
  { type: "file", size: "1234", modify: "20261005070809" },
]);

// What a server sends.
const stat = {
  type: "file",
  size: 1234,
  mtime: new Date("2026-10-05T07:08:09Z"),
  mode: 0o644,
} as const;
assert.equal(
  formatListLine("a b.txt", stat, { now }),
  "-rw-r--r--    1 ftp      ftp          1234 Oct  5 07:08 a b.txt",
);
assert.equal(
  formatMlsxLine("a b.txt", mlsxFactsFromStat(stat, { perm: "adfrw" })),
  "type=file;size=1234;modify=20261005070809;perm=adfrw;unix.mode=0644; a b.txt",
);
assert.equal(formatReply(257, '"/we""ird" created'), '257 "/we""ird" created\r\n');
