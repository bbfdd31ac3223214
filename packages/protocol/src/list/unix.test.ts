import { describe, expect, it } from "vitest";
import { ListParseError } from "../errors.js";
import { parseListLineUnix } from "./unix.js";

const now = new Date(Date.UTC(2026, 10, 23, 20, 1));
const parse = (line: string) => parseListLineUnix(line, { now });

describe("parseListLineUnix", () => {
  it("reads every column of a vsftpd line", () => {
    expect(
      parse("-rwxr-xr-x    1 1001     1001           18 Oct 05 07:08 exec-0755.sh\r\n"),
    ).toEqual([
      "exec-0755.sh",
      {
        type: "file",
        size: "18",
        modify: "20261005070800",
        "unix.mode": "0755",
        "unix.owner": "1001",
        "unix.group": "1001",
        "unix.links": "1",
      },
    ]);
  });

  it.each([
    [
      "without a group column",
      "-rw-r--r--  1 ftp   1234 Oct 05 07:08 a.txt",
      { "unix.owner": "ftp", size: "1234" },
    ],
    [
      "without links",
      "-rw-r--r-- ftp ftp 1234 Oct 05 07:08 a.txt",
      { "unix.owner": "ftp", "unix.group": "ftp" },
    ],
    [
      "with an ACL marker",
      "-rw-r--r--+ 1 ann staff 7 Oct 05 07:08 a.txt",
      { "unix.links": "1", size: "7" },
    ],
    ["with an SELinux marker", "drwxr-xr-x. 2 root root 6 Oct 05 07:08 a.txt", { type: "dir" }],
    ["with a macOS @ marker", "-rw-r--r--@ 1 ann staff 7 Oct 05 07:08 a.txt", { size: "7" }],
    [
      "with a day padded by a space",
      "-rw-r--r-- 1 a b 7 Oct  5 07:08 a.txt",
      { modify: "20261005070800" },
    ],
    ["with a tab before the name column", "-rw-r--r--\t1 a b 7 Oct 05 07:08 a.txt", { size: "7" }],
    [
      "with a lower-case month",
      "-rw-r--r-- 1 a b 7 oct 05 07:08 a.txt",
      { modify: "20261005070800" },
    ],
    ["with a year", "-rw-r--r-- 1 a b 7 Nov 23  2021 a.txt", { modify: "20211123000000" }],
    ["with an ISO date", "-rw-r--r-- 1 a b 7 2026-10-05 07:08 a.txt", { modify: "20261005070800" }],
    [
      "with a full ISO date and zone",
      "-rw-r--r-- 1 a b 7 2026-10-05 09:08:09.123456789 +0200 a.txt",
      { modify: "20261005070809" },
    ],
  ])("parses a line %s", (_, line, facts) => {
    const [name, info] = parse(line);
    expect(name).toBe("a.txt");
    expect(info).toMatchObject(facts);
  });

  it("reads devices (no size) as unknown entries", () => {
    for (const line of [
      "brw-rw----  1 root disk   8,   0 Oct 05 07:08 sda",
      "crw-rw-rw-  1 root root   1,3 Oct 05 07:08 sda",
    ]) {
      const [name, info] = parse(line);
      expect(name).toBe("sda");
      expect(info.type).toBe("unknown");
      expect(info.size).toBeUndefined();
      expect(info["unix.group"]).toMatch(/disk|root/);
    }
  });

  it.each([
    ["-rwsr-xr-x", "4755"],
    ["-rwSr--r--", "4644"],
    ["-rwxr-sr-x", "2755"],
    ["-rw-r-Sr--", "2644"],
    ["drwxrwxrwt", "1777"],
    ["drwxrwx--T", "1770"],
    ["-rwsrwsrwt", "7777"],
    ["----------", "0000"],
  ])("reads %s as mode %s", (mode, octal) => {
    expect(parse(`${mode} 1 a b 7 Oct 05 07:08 f`)[1]["unix.mode"]).toBe(octal);
  });

  it("keeps runs of spaces and leading spaces in names", () => {
    expect(parse("-rw-r--r-- 1 a b 7 Oct 05 07:08 name  with  multiple   spaces.txt")[0]).toBe(
      "name  with  multiple   spaces.txt",
    );
    expect(parse("-rw-r--r-- 1 a b 7 Oct 05 07:08   leading.txt")[0]).toBe("  leading.txt");
    expect(parse("-rw-r--r-- 1 a b 7 Oct 05  2020   leading.txt")[0]).toBe("  leading.txt");
    expect(parse("-rw-r--r-- 1 a b 7 Oct 05 07:08 Jan 01 2020 x")[0]).toBe("Jan 01 2020 x");
  });

  it("splits links and picks the arrow whose target length matches the size", () => {
    expect(parse("lrwxrwxrwx 1 a b 16 Oct 05 07:08 up-link -> ../size-1234.bin")).toEqual([
      "up-link",
      expect.objectContaining({
        type: "link",
        size: "16",
        link_dst: "../size-1234.bin",
        "unix.mode": "0777",
      }),
    ]);
    expect(parse("lrwxrwxrwx 1 a b 6 Oct 05 07:08 a -> b -> c -> d")[1].link_dst).toBe("c -> d");
    expect(parse("lrwxrwxrwx 1 a b 1 Oct 05 07:08 a -> b -> c")[1].link_dst).toBe("c");
    expect(parse("lrwxrwxrwx 1 a b 9 Oct 05 07:08 odd-link")).toEqual([
      "odd-link",
      expect.not.objectContaining({ link_dst: expect.anything() }),
    ]);
  });

  it("infers the year from now: future dates within half a year stay in the future", () => {
    expect(parse("-rw-r--r-- 1 a b 7 Mar 14 15:09 f")[1].modify).toBe("20270314150900");
    expect(parse("-rw-r--r-- 1 a b 7 Aug 23 14:03 f")[1].modify).toBe("20260823140300");
    expect(parse("-rw-r--r-- 1 a b 7 Feb 29 13:37 f")[1].modify).toBe("20280229133700");
  });

  it.each([
    "total 12",
    "-rw-r--r-- 1 a b 7 Oct 05 07:08",
    "-rw-r--r-- 1 a b 7 Oct 05 07:08 ",
    "-rw-r--r-- 1 a b 7x Oct 05 07:08 f",
    "-rw-r--r-- 1 a b 7 Oct 32 07:08 f",
    "-rw-r--r-- 1 a b 7 Feb 30 07:08 f",
    "-rw-r--r-- 1 a b 7 Feb 29  2023 f",
    "-rw-r--r-- 1 a b 7 Oct 05 25:08 f",
    "-rw-r--r-- 1 a b 7 Okt 05 07:08 f",
    "-rw-r--r-- 1 a b c 7 Oct 05 07:08 f",
    "-rwxrwxrwz 1 a b 7 Oct 05 07:08 f",
    "-rw-r--r--x 1 a b 7 Oct 05 07:08 f",
    "10-05-26  07:08AM  <DIR>  dir",
  ])("rejects %j", (line) => {
    expect(() => parse(line)).toThrow(ListParseError);
  });
});
