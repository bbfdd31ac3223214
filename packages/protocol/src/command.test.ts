import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCommand, parseCommandLine, redactCommand } from "./command.js";
import { InvalidCommandError } from "./errors.js";

describe("formatCommand", () => {
  it("formats commands with and without an argument", () => {
    expect(formatCommand("NOOP")).toBe("NOOP\r\n");
    expect(formatCommand("MLSD", "")).toBe("MLSD\r\n");
    expect(formatCommand("RETR", "a file.txt")).toBe("RETR a file.txt\r\n");
  });

  it.each([
    ["LIST", ".\r\nDELE foo"],
    ["LIST", "a\nb"],
    ["LIST", "a\rb"],
    ["LIST", "a\0b"],
    ["NO\nOP", undefined],
  ])("refuses CR, LF and NUL: %j %j", (command, argument) => {
    expect(() => formatCommand(command, argument)).toThrow(InvalidCommandError);
  });

  it("has a stable error code and refuses an empty verb", () => {
    expect(() => formatCommand("")).toThrow(
      expect.objectContaining({ code: "ERR_FTP_INVALID_COMMAND" }),
    );
  });

  it("never produces more than one line (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (command, argument) => {
        try {
          const line = formatCommand(command, argument);
          expect(line.indexOf("\n")).toBe(line.length - 1);
          expect(line.includes("\0")).toBe(false);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCommandError);
        }
      }),
    );
  });
});

describe("redactCommand", () => {
  it("hides PASS and ACCT arguments in any case", () => {
    expect(redactCommand("PASS hunter2\r\n")).toBe("PASS ********\r\n");
    expect(redactCommand("pass hunter2")).toBe("pass ********");
    expect(redactCommand("ACCT secret account")).toBe("ACCT ********");
  });

  it("leaves other lines alone", () => {
    expect(redactCommand("USER alice")).toBe("USER alice");
    expect(redactCommand("PASSWORD x")).toBe("PASSWORD x");
    expect(redactCommand("PASS")).toBe("PASS");
  });
});

describe("parseCommandLine", () => {
  it("upper-cases the verb and keeps the argument verbatim", () => {
    expect(parseCommandLine("retr  a file ")).toEqual({ command: "RETR", argument: " a file " });
    expect(parseCommandLine("noop\r\n")).toEqual({ command: "NOOP", argument: "" });
    expect(parseCommandLine('CWD we"ird\n')).toEqual({ command: "CWD", argument: 'we"ird' });
    expect(parseCommandLine("")).toEqual({ command: "", argument: "" });
  });
});
