import { describe, expect, it } from "vitest";
import { fromNetworkAscii, toNetworkAscii } from "./ascii.js";
import { parseEprtArgument, parsePortArgument } from "./wire.js";

describe("wire formats", () => {
  it("parses PORT and EPRT strictly", () => {
    expect(parsePortArgument("127,0,0,1,4,1")).toEqual({ host: "127.0.0.1", port: 1025 });
    expect(parsePortArgument("127,0,0,1,4")).toBeUndefined();
    expect(parsePortArgument("300,0,0,1,4,1")).toBeUndefined();
    expect(parseEprtArgument("|1|127.0.0.1|2000|")).toEqual({
      host: "127.0.0.1",
      port: 2000,
      family: 4,
    });
    expect(parseEprtArgument("|2|::1|2000|")).toEqual({ host: "::1", port: 2000, family: 6 });
    expect(parseEprtArgument("|3|x|2000|")).toEqual({ unsupported: true });
    expect(parseEprtArgument("|1|::1|2000|")).toBeUndefined();
    expect(parseEprtArgument("|1|127.0.0.1|99999|")).toBeUndefined();
  });
});

describe("ASCII conversion", () => {
  async function run(
    transform: import("node:stream").Transform,
    chunks: string[],
  ): Promise<string> {
    const out: Buffer[] = [];
    transform.on("data", (chunk: Buffer) => out.push(chunk));
    const done = new Promise((resolve) => transform.on("end", resolve));
    for (const chunk of chunks) transform.write(Buffer.from(chunk, "latin1"));
    transform.end();
    await done;
    return Buffer.concat(out).toString("latin1");
  }

  it("converts LF to CRLF, keeping existing CRLF, across chunk borders", async () => {
    expect(await run(toNetworkAscii(), ["a\nb\r", "\nc\n"])).toBe("a\r\nb\r\nc\r\n");
  });

  it("converts CRLF to LF, keeping lone CRs, across chunk borders", async () => {
    expect(await run(fromNetworkAscii(), ["a\r", "\nb\rc\r"])).toBe("a\nb\rc\r");
  });
});
