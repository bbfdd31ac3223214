/**
 * Table-driven tests over real server captures (`shared/fixtures`, see its README): every LIST
 * and MLSD capture parses and matches the `ls-reference*.tsv` ground truth; every captured
 * control reply parses whole, byte by byte and at random split points.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEpsvResponse, parsePasvResponse } from "./address.js";
import { parseDirectoryResponse } from "./directory.js";
import { parseFeatReply } from "./feat.js";
import { parseMlsxLine, parseMlsxListing } from "./list/mlsx.js";
import { parseListing } from "./list/parse-list-line.js";
import type { ListEntry } from "./list/types.js";
import { parseMdtmTime } from "./mdtm.js";
import { type Reply, ReplyParser } from "./reply-parser.js";

const FIXTURES = fileURLToPath(new URL("../../../../shared/fixtures/", import.meta.url));
const present = existsSync(`${FIXTURES}README.md`);
if (!present) {
  console.warn(`[protocol] shared fixtures not found at ${FIXTURES}: fixture tests skipped`);
}
const SERVERS = ["vsftpd", "pyftpdlib"] as const;
/** Capture time ("now" for year inference). */
const NOW = new Date(Date.UTC(2026, 10, 23, 20, 1));

interface Truth {
  name: string;
  type: string;
  size: string;
  mtime: string;
  mode: string;
  linkTarget: string;
  targetType: string;
}

function read(server: string, file: string): Buffer {
  return readFileSync(`${FIXTURES}${server}/${file}`);
}

function readTruth(server: string, file: string): Map<string, Truth> {
  const rows = read(server, file).toString("utf8").split("\n").slice(1);
  const map = new Map<string, Truth>();
  for (const row of rows) {
    if (row === "") continue;
    const c = row.split("\t");
    const [name, type, size, mtime, mode, linkTarget] = c as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    map.set(name, { name, type, size, mtime, mode, linkTarget, targetType: c[12] ?? "" });
  }
  return map;
}

function index(server: string): { file: string; kind: string; codes: string[] }[] {
  return read(server, "index.tsv")
    .toString("utf8")
    .split("\n")
    .slice(1)
    .filter((row) => row !== "")
    .map((row) => {
      const [file, kind, , codes] = row.split("\t") as [string, string, string, string];
      return { file, kind, codes: codes === "" ? [] : codes.split(" ") };
    });
}

/** `2026-10-05T07:08:09Z` → `20261005070809`. */
function factTime(iso: string): string {
  return iso.replace(/[-:TZ]/g, "");
}

/** A LIST date has minutes (recent) or only the day (older): accept either truncation. */
function expectListTime(modify: string | undefined, iso: string): void {
  const t = factTime(iso);
  expect([`${t.slice(0, 12)}00`, `${t.slice(0, 8)}000000`]).toContain(modify);
}

function feed(parser: ReplyParser, bytes: Buffer, cuts: number[]): Reply[] {
  const replies: Reply[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    replies.push(...parser.push(bytes.subarray(at, cut)));
    at = cut;
  }
  return replies;
}

const plain = (replies: Reply[]) => replies.map((r) => ({ code: r.code.value, lines: r.lines }));

const LISTINGS: [file: string, truth: string][] = [
  ["list-root.txt", "ls-reference.tsv"],
  ["list-a-root.txt", "ls-reference.tsv"],
  ["list-subdir.txt", "ls-reference-subdir.tsv"],
  ["list-a-subdir.txt", "ls-reference-subdir.tsv"],
  ["list-many.txt", "ls-reference-many.tsv"],
  ["list-file.txt", "ls-reference.tsv"],
];

describe.skipIf(!present)("real server captures", () => {
  for (const server of SERVERS) {
    describe(server, () => {
      for (const [file, truthFile] of LISTINGS) {
        if (!existsSync(`${FIXTURES}${server}/${file}`)) continue;
        it(`${file} parses and matches ${truthFile}`, () => {
          const truth = readTruth(server, truthFile);
          const entries = parseListing(read(server, file).toString("utf8"), { now: NOW });
          expect(entries.length).toBeGreaterThan(0);
          const seen = new Set<string>();
          for (const [name, info] of entries) {
            if (name === "." || name === "..") {
              expect(info.type).toBe("dir");
              continue;
            }
            const base = name.includes("/") ? name.slice(name.lastIndexOf("/") + 1) : name;
            const want = truth.get(base);
            expect(want, `entry ${JSON.stringify(name)} is in the reference`).toBeDefined();
            if (want === undefined) continue;
            seen.add(base);
            expect(info.type).toBe(want.type);
            expect(info.size).toBe(want.size);
            expect(info.link_dst).toBe(want.linkTarget === "" ? undefined : want.linkTarget);
            expect(info["unix.mode"]).toBe(want.mode);
            expectListTime(info.modify, want.mtime);
          }
          // vsftpd's answer to "LIST size-1234.bin" also shows link-to-file (a capture quirk).
          if (file === "list-file.txt") expect(seen.has("size-1234.bin")).toBe(true);
          else {
            // Dot files are hidden by vsftpd unless "-a".
            const expected = [...truth.keys()].filter(
              (n) => server === "pyftpdlib" || file.includes("-a-") || !n.startsWith("."),
            );
            expect([...seen].sort()).toEqual(expected.sort());
          }
        });
      }

      it("LIST of the future-dated file gets the right year from the half-year rule", () => {
        const entries = parseListing(read(server, "list-root.txt").toString("utf8"), { now: NOW });
        const future = entries.find(([name]) => name === "mtime-future.txt");
        // vsftpd: "Mar 14  2027"; pyftpdlib: "Mar 14 15:09" (no year) → 2027 by aioftp's rule.
        expect(future?.[1].modify?.slice(0, 8)).toBe("20270314");
      });

      it("STAT of a directory carries a parsable listing", () => {
        const [reply] = new ReplyParser().push(read(server, "stat-subdir.txt"));
        expect(reply?.code.value).toBe("213");
        const body = (reply?.lines ?? []).slice(1, -1).join("\n");
        const names = parseListing(body, { now: NOW }).map(([n]) => n);
        expect(names).toContain("up-link");
        expect(names).toContain("ünïcødé файл.txt");
      });

      it("every captured control reply parses whole, byte by byte and at random splits", () => {
        const replies = index(server).filter((row) => row.kind === "reply");
        expect(replies.length).toBeGreaterThan(40);
        for (const { file, codes } of replies) {
          const bytes = read(server, file);
          const whole = new ReplyParser().push(bytes);
          expect(
            whole.map((r) => r.code.value),
            file,
          ).toEqual(codes);
          const parser = new ReplyParser();
          const oneByOne = feed(
            parser,
            bytes,
            Array.from({ length: bytes.length }, (_, i) => i),
          );
          expect(plain(oneByOne), file).toEqual(plain(whole));
          expect(parser.pending).toBe(false);
          fc.assert(
            fc.property(
              fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 8 }),
              (cuts) => {
                const split = feed(
                  new ReplyParser(),
                  bytes,
                  cuts.sort((a, b) => a - b),
                );
                expect(plain(split)).toEqual(plain(whole));
              },
            ),
            { numRuns: 30 },
          );
        }
      });

      it("the whole server side of the transcript parses at random splits", () => {
        const lines = read(server, "transcript.txt")
          .toString("utf8")
          .split("\n")
          .filter((l) => l.startsWith("S: "))
          .map((l) => l.slice(3));
        const bytes = Buffer.from(lines.map((l) => `${l}\r\n`).join(""), "utf8");
        const whole = new ReplyParser().push(bytes);
        expect(whole.length).toBeGreaterThan(40);
        fc.assert(
          fc.property(fc.uniqueArray(fc.nat(bytes.length), { maxLength: 40 }), (cuts) => {
            const split = feed(
              new ReplyParser(),
              bytes,
              cuts.sort((a, b) => a - b),
            );
            expect(plain(split)).toEqual(plain(whole));
          }),
          { numRuns: 100 },
        );
      });

      it("PWD replies give paths with doubled quotes undone", () => {
        const pwd = (file: string) =>
          parseDirectoryResponse(new ReplyParser().push(read(server, file))[0]!.lines[0]!);
        expect(pwd("pwd.txt")).toBe("/");
        expect(pwd("pwd-quote.txt")).toBe('/we"ird');
        expect(pwd("pwd-nested.txt")).toBe("/subdir/nested");
        expect(pwd("mkd-quote.txt")).toBe('/new"dir');
      });

      it("PASV, EPSV, FEAT and MDTM replies parse", () => {
        const first = (file: string) => new ReplyParser().push(read(server, file))[0]!;
        const pasv = parsePasvResponse(first("pasv.txt").lines[0]!);
        expect(pasv.host).toBe("127.0.0.1");
        expect(pasv.port).toBeGreaterThan(1023);
        expect(parseEpsvResponse(first("epsv.txt").lines[0]!).port).toBeGreaterThan(1023);
        const feat = parseFeatReply(first("feat.txt").lines);
        expect(feat.get("EPSV")).toBe("");
        expect(feat.get("REST")).toBe("STREAM");
        if (server === "pyftpdlib") {
          expect(feat.get("MLST")).toBe(
            "type*;perm*;size*;modify*;unique*;unix.mode;unix.uid;unix.gid;",
          );
        }
        expect(parseMdtmTime(first("mdtm-file.txt").lines[0]!).toISOString()).toBe(
          "2024-02-29T13:37:29.000Z",
        );
        expect(parseMdtmTime(first("mdtm-future.txt").lines[0]!).toISOString()).toBe(
          "2027-03-14T15:09:26.000Z",
        );
      });
    });
  }

  describe("pyftpdlib MLSD / MLST", () => {
    const server = "pyftpdlib";
    const MLSD: [file: string, truth: string][] = [
      ["mlsd-root.txt", "ls-reference.tsv"],
      ["mlsd-subdir.txt", "ls-reference-subdir.tsv"],
      ["mlsd-many.txt", "ls-reference-many.tsv"],
    ];
    const root = () => readTruth(server, "ls-reference.tsv");

    /** pyftpdlib's MLSD follows links: compare a link with its target, skip broken ones. */
    function resolved(truth: Map<string, Truth>, want: Truth): Truth | undefined {
      if (want.type !== "link") return want;
      if (want.targetType === "missing") return undefined;
      const target = want.linkTarget.startsWith("../")
        ? root().get(want.linkTarget.slice(3))
        : truth.get(want.linkTarget);
      return target;
    }

    for (const [file, truthFile] of MLSD) {
      it(`${file} parses and matches ${truthFile}`, () => {
        const truth = readTruth(server, truthFile);
        const entries: ListEntry[] = parseMlsxListing(read(server, file).toString("utf8"));
        const names = new Set(entries.map(([n]) => n));
        for (const want of truth.values()) {
          const target = resolved(truth, want);
          if (target === undefined) {
            expect(names.has(want.name)).toBe(false);
            continue;
          }
          const entry = entries.find(([n]) => n === want.name);
          expect(entry, want.name).toBeDefined();
          const info = entry![1];
          expect(info.type).toBe(target.type);
          expect(info.size).toBe(target.size);
          expect(info.modify).toBe(factTime(target.mtime));
          expect(info.perm).toMatch(/^[a-zA-Z]+$/);
        }
        expect(entries.length).toBe(
          [...truth.values()].filter((t) => resolved(truth, t) !== undefined).length,
        );
      });
    }

    it("MLST replies carry one entry line with the full path", () => {
      for (const [file, path, type] of [
        ["mlst-file.txt", "/size-1234.bin", "file"],
        ["mlst-dir.txt", "/subdir", "dir"],
        ["mlst-utf8.txt", "/ünïcødé файл.txt", "file"],
      ] as const) {
        const [reply] = new ReplyParser().push(read(server, file));
        expect(reply?.code.value).toBe("250");
        const [name, info] = parseMlsxLine(reply!.lines[1]!);
        expect(name).toBe(path);
        expect(info.type).toBe(type);
      }
    });
  });
});
