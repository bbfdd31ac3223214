import { describe, expect, it } from "vitest";
import { ListParseError } from "../errors.js";
import { parseListLineWindows } from "./windows.js";

describe("parseListLineWindows", () => {
  it.each([
    [
      "10-05-26  07:08AM       <DIR>          aspnet client",
      "aspnet client",
      { type: "dir", modify: "20261005070800" },
    ],
    [
      "10-05-26  07:08PM                 1234 iisstart.htm",
      "iisstart.htm",
      { type: "file", size: "1234", modify: "20261005190800" },
    ],
    ["01-02-99  12:00AM                    0 old.txt", "old.txt", { modify: "19990102000000" }],
    [
      "01-02-2024  12:30PM    1,234,567 big.bin",
      "big.bin",
      { size: "1234567", modify: "20240102123000" },
    ],
    [
      "01-02-2024  23:59       <DIR>          night",
      "night",
      { type: "dir", modify: "20240102235900" },
    ],
    ["10/3/2018   2:58 PM    34,359,738,368  win10.img", "win10.img", { size: "34359738368" }],
    ["02-29-24  01:02:03  <DIR>  leap", "leap", { modify: "20240229010203" }],
  ])("parses %j", (line, name, facts) => {
    const [n, info] = parseListLineWindows(`${line}\r\n`);
    expect(n).toBe(name);
    expect(info).toMatchObject(facts);
    if (info.type === "dir") expect(info.size).toBeUndefined();
  });

  it("reads junctions and symbolic links with their targets", () => {
    expect(
      parseListLineWindows("01/02/2024  10:00 AM    <JUNCTION>     Docs [C:\\Users\\a\\Docs]"),
    ).toEqual(["Docs", { type: "link", modify: "20240102100000", link_dst: "C:\\Users\\a\\Docs" }]);
    expect(
      parseListLineWindows("01/02/2024  10:00 AM    <SYMLINK>      l.txt [t.txt]")[1].link_dst,
    ).toBe("t.txt");
    expect(parseListLineWindows("01/02/2024  10:00 AM    <SYMLINKD>     d")).toEqual([
      "d",
      { type: "link", modify: "20240102100000" },
    ]);
  });

  it.each([
    "13-05-26  07:08AM  <DIR>  x",
    "02-30-24  07:08AM  <DIR>  x",
    "10-05-26  13:08AM  <DIR>  x",
    "10-05-26  07:61  <DIR>  x",
    "10-05-26  07:08AM  12x4  x",
    "10-05-26  07:08AM  <DIR>",
    "6 files  75,978,506,648 bytes",
    "-rw-r--r-- 1 a b 7 Oct 05 07:08 f",
  ])("rejects %j", (line) => {
    expect(() => parseListLineWindows(line)).toThrow(ListParseError);
  });
});
