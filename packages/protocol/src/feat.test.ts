import { describe, expect, it } from "vitest";
import { formatFeatReply, parseFeatReply } from "./feat.js";
import { formatReply } from "./reply-format.js";
import { parseReply } from "./reply-parser.js";

describe("FEAT", () => {
  it("parses the features between the first and the last line", () => {
    const reply = parseReply(
      "211-Features supported:\r\n EPRT\r\n MLST type*;perm*;size*;\r\n REST STREAM\r\n utf8\r\n AUTH TLS\r\n AUTH SSL\r\n211 End FEAT.\r\n",
    );
    const features = parseFeatReply(reply.lines);
    expect([...features.keys()]).toEqual(["EPRT", "MLST", "REST", "UTF8", "AUTH"]);
    expect(features.get("MLST")).toBe("type*;perm*;size*;");
    expect(features.get("EPRT")).toBe("");
    expect(features.get("AUTH")).toBe("TLS;SSL");
  });

  it("gives an empty map for a single-line reply", () => {
    expect(parseFeatReply(["No features"]).size).toBe(0);
  });

  it("formats lines for a 211 reply that parse back", () => {
    const lines = formatFeatReply(["EPSV", "MLST type*;size*;modify*;", "UTF8"]);
    expect(lines).toEqual(["Features:", " EPSV", " MLST type*;size*;modify*;", " UTF8", "End"]);
    expect(formatReply(211, lines)).toBe(
      "211-Features:\r\n EPSV\r\n MLST type*;size*;modify*;\r\n UTF8\r\n211 End\r\n",
    );
    expect(parseFeatReply(parseReply(formatReply(211, lines)).lines).get("MLST")).toBe(
      "type*;size*;modify*;",
    );
    expect(() => formatFeatReply(["A\r\nB"])).toThrow(TypeError);
  });
});
