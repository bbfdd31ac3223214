import { PathIOError } from "@ftp/pathio";
import { describe, expect, it } from "vitest";
import { replyForError } from "./reply-for-error.js";

describe("replyForError", () => {
  it("maps every PathIOError reason to a precise, path-free reply", () => {
    const cases: [PathIOError["reason"], number][] = [
      ["not-found", 550],
      ["exists", 550],
      ["not-a-directory", 550],
      ["is-a-directory", 550],
      ["not-empty", 550],
      ["permission", 550],
      ["no-space", 452],
      ["cross-device", 553],
      ["bad-mode", 553],
      ["outside-root", 550],
      ["unsupported", 502],
      ["io", 451],
    ];
    for (const [reason, code] of cases) {
      const reply = replyForError(new PathIOError(reason, "/real/secret/path: boom"));
      expect(reply.code).toBe(code);
      expect(reply.text).not.toMatch(/secret|boom/);
    }
  });

  it("answers 451 for anything else, 452 for ENOSPC", () => {
    expect(replyForError(new Error("internal")).code).toBe(451);
    expect(replyForError(Object.assign(new Error("x"), { code: "ENOSPC" })).code).toBe(452);
  });
});
