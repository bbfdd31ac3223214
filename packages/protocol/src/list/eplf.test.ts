import { describe, expect, it } from "vitest";
import { eplfListParser } from "./eplf.js";

describe("eplfListParser", () => {
  it("parses files and directories", () => {
    expect(
      eplfListParser.parse("+i8388621.48594,m825718503,r,s280,up644,\tdjb.html\r\n", {}),
    ).toEqual([
      "djb.html",
      {
        type: "file",
        unique: "8388621.48594",
        modify: "19960301221503",
        size: "280",
        "unix.mode": "0644",
      },
    ]);
    expect(eplfListParser.parse("+i8388621.29609,m824255902,/,\t20-sep-95", {})).toEqual([
      "20-sep-95",
      { type: "dir", unique: "8388621.29609", modify: "19960213235822" },
    ]);
    expect(eplfListParser.parse("+m824255902,\tweird entry", {})?.[1].type).toBe("unknown");
  });

  it("declines other lines", () => {
    for (const line of ["-rw-r--r-- 1 a b 7 Oct 05 07:08 f", "+i1,r,s280,", "+s12x,r,\tf", "+r,\t"])
      expect(eplfListParser.parse(line, {})).toBeUndefined();
  });
});
