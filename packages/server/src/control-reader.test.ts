import { describe, expect, it } from "vitest";
import { ControlReader } from "./control-reader.js";

function lines(reader: ControlReader, ...chunks: (string | Buffer)[]): string[] {
  const out: string[] = [];
  for (const chunk of chunks) {
    for (const item of reader.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, "latin1")))
      out.push(item.kind === "line" ? item.bytes.toString("latin1") : "<too-long>");
  }
  return out;
}

describe("ControlReader", () => {
  it("splits on CRLF and bare LF, across chunks and byte by byte", () => {
    expect(lines(new ControlReader(100), "USER a\r\nPA", "SS b\r", "\nNOOP\n")).toEqual([
      "USER a",
      "PASS b",
      "NOOP",
    ]);
    const text = "USER a\r\nPASS b\r\n";
    expect(lines(new ControlReader(100), ...text.split(""))).toEqual(["USER a", "PASS b"]);
  });

  it("reports a too-long line once, discards it and goes on", () => {
    const reader = new ControlReader(10);
    expect(lines(reader, "X".repeat(8), "Y".repeat(8), "Z".repeat(50), "\r\nNOOP\r\n")).toEqual([
      "<too-long>",
      "NOOP",
    ]);
  });

  it("accepts a line of exactly the limit", () => {
    expect(lines(new ControlReader(4), "NOOP\r\n")).toEqual(["NOOP"]);
  });

  it("strips Telnet IAC sequences around ABOR", () => {
    const bytes = Buffer.from([0xff, 0xf4, 0xff, 0xf2, ...Buffer.from("ABOR\r\n")]);
    expect(lines(new ControlReader(100), bytes)).toEqual(["ABOR"]);
  });

  it("completes ABOR ended by CR alone (ftplib sends its LF out of band)", () => {
    expect(lines(new ControlReader(100), "ABOR\r")).toEqual(["ABOR"]);
  });
});
