import { describe, expect, it } from "vitest";
import { formatOctalMode, formatUnixMode, parseUnixMode } from "./unix-mode.js";

describe("unix modes", () => {
  it("round-trips all 4096 modes", () => {
    for (let mode = 0; mode <= 0o7777; mode++)
      expect(parseUnixMode(formatUnixMode(mode))).toBe(mode);
  });

  it("formats special bits in upper case without execute", () => {
    expect(formatUnixMode(0o4644)).toBe("rwSr--r--");
    expect(formatUnixMode(0o1770)).toBe("rwxrwx--T");
    expect(formatOctalMode(0o40755)).toBe("0755");
    expect(formatOctalMode(0o2755)).toBe("2755");
  });

  it("rejects other characters and lengths", () => {
    expect(parseUnixMode("rwxrwxrw")).toBeUndefined();
    expect(parseUnixMode("rwtrwxrwx")).toBeUndefined();
    expect(parseUnixMode("rwxrwxrws")).toBeUndefined();
    expect(parseUnixMode("xwxrwxrwx")).toBeUndefined();
  });
});
