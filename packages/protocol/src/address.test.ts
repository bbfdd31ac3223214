import { describe, expect, it } from "vitest";
import {
  formatEprt,
  formatEpsv,
  formatPasv,
  formatPort,
  isIPv4,
  isIPv6,
  parseEprt,
  parseEpsvResponse,
  parsePasvResponse,
  parsePort,
  unmapIPv4,
} from "./address.js";
import { AddressParseError } from "./errors.js";

describe("PASV", () => {
  it.each([
    ["Entering Passive Mode (127,0,0,1,90,90).", "127.0.0.1", 23130],
    ["227 Entering passive mode (127,0,0,1,91,40).", "127.0.0.1", 23336],
    ["Entering Passive Mode 192,168,1,2,4,1", "192.168.1.2", 1025],
    ["=192,168,1,2,4,1", "192.168.1.2", 1025],
    ["Entering Passive Mode ( 10, 0, 0, 1, 0, 21 )", "10.0.0.1", 21],
    ["listen socket created (192,168,1,0,1,0)", "192.168.1.0", 256],
  ])("parses %j", (text, host, port) => {
    expect(parsePasvResponse(text)).toEqual({ host, port });
  });

  it.each([
    "Entering Passive Mode",
    "(1,2,3,4,5)",
    "(256,0,0,1,1,1)",
    "(1,2,3,4,0,0)",
  ])("rejects %j", (text) => {
    expect(() => parsePasvResponse(text)).toThrow(AddressParseError);
  });

  it("formats IPv4 and IPv4-mapped hosts, refuses IPv6", () => {
    expect(formatPasv("127.0.0.1", 23130)).toBe("Entering Passive Mode (127,0,0,1,90,90).");
    expect(formatPasv("::ffff:10.0.0.2", 256)).toBe("Entering Passive Mode (10,0,0,2,1,0).");
    expect(() => formatPasv("::1", 21)).toThrow(AddressParseError);
    expect(() => formatPasv("127.0.0.1", 70000)).toThrow(
      expect.objectContaining({ code: "ERR_FTP_BAD_ADDRESS" }),
    );
  });

  it("round-trips", () => {
    for (const port of [1, 255, 256, 1025, 65535]) {
      expect(parsePasvResponse(formatPasv("1.2.3.4", port))).toEqual({ host: "1.2.3.4", port });
    }
  });
});

describe("EPSV", () => {
  it.each([
    ["Entering Extended Passive Mode (|||23117|)", 23117],
    ["229 Entering extended passive mode (|||23332|).", 23332],
    ["Entering Extended Passive Mode (!!!6446!)", 6446],
    ["(###21#)", 21],
  ])("parses %j with any delimiter", (text, port) => {
    expect(parseEpsvResponse(text)).toEqual({ port });
  });

  it("rejects replies without a port group", () => {
    expect(() => parseEpsvResponse("Entering Extended Passive Mode")).toThrow(AddressParseError);
    expect(() => parseEpsvResponse("(|||0|)")).toThrow(AddressParseError);
    expect(() => parseEpsvResponse("(|||70000|)")).toThrow(AddressParseError);
    expect(() => parseEpsvResponse("(||1|)")).toThrow(AddressParseError);
  });

  it("formats", () => {
    expect(formatEpsv(6446)).toBe("Entering Extended Passive Mode (|||6446|)");
    expect(parseEpsvResponse(formatEpsv(6446))).toEqual({ port: 6446 });
  });
});

describe("PORT", () => {
  it("parses and formats", () => {
    expect(parsePort("127,0,0,1,90,90")).toEqual({ host: "127.0.0.1", port: 23130 });
    expect(parsePort(" 10,0,0,1,0,21 ")).toEqual({ host: "10.0.0.1", port: 21 });
    expect(formatPort("10.0.0.1", 21)).toBe("10,0,0,1,0,21");
    expect(formatPort("::FFFF:10.0.0.1", 21)).toBe("10,0,0,1,0,21");
  });

  it.each([
    "1,2,3,4,5",
    "a,b,c,d,e,f",
    "1,2,3,300,4,5",
    "1,2,3,4,0,0",
    "(1,2,3,4,5,6)",
  ])("rejects %j", (argument) => {
    expect(() => parsePort(argument)).toThrow(AddressParseError);
  });
});

describe("EPRT", () => {
  it("parses RFC 2428 examples and other delimiters", () => {
    expect(parseEprt("|1|132.235.1.2|6275|")).toEqual({
      host: "132.235.1.2",
      port: 6275,
      family: 4,
    });
    expect(parseEprt("|2|1080::8:800:200C:417A|5282|")).toEqual({
      host: "1080::8:800:200C:417A",
      port: 5282,
      family: 6,
    });
    expect(parseEprt("!2!::1!21!")).toEqual({ host: "::1", port: 21, family: 6 });
  });

  it.each([
    "|1|::1|21|",
    "|2|1.2.3.4|21|",
    "|3|1.2.3.4|21|",
    "|1|1.2.3.4|x|",
    "|1|1.2.3.4|21",
    "1|1.2.3.4|21|1",
  ])("rejects %j", (argument) => {
    expect(() => parseEprt(argument)).toThrow(AddressParseError);
  });

  it("formats IPv4, IPv4-mapped and IPv6", () => {
    expect(formatEprt("127.0.0.1", 21)).toBe("|1|127.0.0.1|21|");
    expect(formatEprt("::ffff:127.0.0.1", 21)).toBe("|1|127.0.0.1|21|");
    expect(formatEprt("::1", 2121)).toBe("|2|::1|2121|");
    expect(() => formatEprt("localhost", 21)).toThrow(AddressParseError);
    expect(parseEprt(formatEprt("fe80::1", 5))).toEqual({ host: "fe80::1", port: 5, family: 6 });
  });
});

describe("address helpers", () => {
  it("validates IPv4", () => {
    expect(isIPv4("127.0.0.1")).toBe(true);
    expect(isIPv4("255.255.255.255")).toBe(true);
    expect(isIPv4("256.0.0.1")).toBe(false);
    expect(isIPv4("01.0.0.1")).toBe(false);
    expect(isIPv4("1.2.3")).toBe(false);
  });

  it("validates IPv6", () => {
    for (const ok of [
      "::1",
      "::",
      "1::",
      "fe80::1%eth0",
      "::ffff:1.2.3.4",
      "1:2:3:4:5:6:7:8",
      "1080::8:800:200C:417A",
    ])
      expect(isIPv6(ok), ok).toBe(true);
    for (const bad of [
      "1:2:3:4:5:6:7:8:9",
      "1::2::3",
      "g::1",
      "1:2:3:4:5:6:7",
      "::1%",
      "127.0.0.1",
      ":::",
    ])
      expect(isIPv6(bad), bad).toBe(false);
  });

  it("unmaps IPv4-mapped addresses", () => {
    expect(unmapIPv4("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(unmapIPv4("::1")).toBe("::1");
  });
});
