import { describe, expect, it } from "vitest";
import { parseNetrc } from "../src/cli/netrc.js";
import { parseFtpUrl } from "../src/cli/target.js";

describe("parseNetrc", () => {
  it("reads machines, the default entry, quotes and comments, and skips macros", () => {
    const entries = parseNetrc(`# comment
machine ftp.example.com login alice password "with space"
macdef init
  cd /pub
  binary

machine Other.Example
  login bob
  password b0b
default login anonymous password guest@
`);
    expect(entries.get("ftp.example.com")).toEqual({ login: "alice", password: "with space" });
    expect(entries.get("other.example")).toEqual({ login: "bob", password: "b0b" });
    expect(entries.get("")).toEqual({ login: "anonymous", password: "guest@" });
  });
});

describe("parseFtpUrl", () => {
  it("decodes credentials and paths, defaults ports by scheme, unwraps IPv6", () => {
    expect(parseFtpUrl("ftp://a%40b:p%3Ass@example.com/pub/my%20file")).toEqual({
      scheme: "ftp",
      host: "example.com",
      port: 21,
      path: "/pub/my file",
      user: "a@b",
      password: "p:ss",
    });
    expect(parseFtpUrl("ftps://[::1]:2990/")).toMatchObject({
      scheme: "ftps",
      host: "::1",
      port: 2990,
      path: "/",
    });
    expect(parseFtpUrl("FTPS://host")).toMatchObject({ port: 990, user: undefined });
    expect(() => parseFtpUrl("http://host/")).toThrow(/not an ftp/);
  });
});
