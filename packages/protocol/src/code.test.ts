import { describe, expect, it } from "vitest";
import { Code } from "./code.js";

describe("Code", () => {
  it("matches masks with x wildcards", () => {
    const code = new Code("226");
    expect(code.matches("2xx")).toBe(true);
    expect(code.matches("22x")).toBe(true);
    expect(code.matches("226")).toBe(true);
    expect(code.matches("5xx")).toBe(false);
    expect(code.matches("20x")).toBe(false);
  });
  it("rejects malformed codes and masks", () => {
    expect(() => new Code("22")).toThrow(TypeError);
    expect(() => new Code("abc")).toThrow(TypeError);
    expect(() => new Code("226").matches("2y6")).toThrow(TypeError);
  });
  it("represents masks for expected-code lists", () => {
    const mask = Code.mask("2XX");
    expect(mask.value).toBe("2xx");
    expect(mask.isMask).toBe(true);
    expect(new Code("226").isMask).toBe(false);
    expect(new Code("226").matches(mask)).toBe(true);
    expect(() => Code.mask("2y6")).toThrow(TypeError);
  });
});
