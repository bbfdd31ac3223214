import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./helpers/fixture.js";

const VERBS = [
  "ABOR",
  "ACCT",
  "ALLO",
  "APPE",
  "CDUP",
  "CWD",
  "DELE",
  "EPRT",
  "EPSV",
  "FEAT",
  "HELP",
  "HOST",
  "LIST",
  "MDTM",
  "MFMT",
  "MKD",
  "MLSD",
  "MLST",
  "MODE",
  "NLST",
  "NOOP",
  "OPTS",
  "PASS",
  "PASV",
  "PBSZ",
  "PORT",
  "PROT",
  "PWD",
  "REST",
  "RETR",
  "RMD",
  "RNFR",
  "RNTO",
  "SITE",
  "SIZE",
  "STAT",
  "STOR",
  "STOU",
  "STRU",
  "SYST",
  "TYPE",
  "USER",
  "XCUP",
  "XMKD",
  "XPWD",
  "XRMD",
  "BOGUS",
  "",
];

describe("fuzzed command lines", () => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  it("always answers and keeps the session (and the server) alive", async () => {
    ts = await startServer("127.0.0.1", { waitFutureTimeout: 30, maxLineLength: 256 });
    const client = await ts.login();
    const line = fc
      .tuple(
        fc.constantFrom(...VERBS),
        fc.oneof(
          fc.constant(""),
          fc.string({ maxLength: 40 }),
          fc.constantFrom(
            "..",
            "/",
            "../../etc",
            "a\\b",
            "-la",
            "|1|127.0.0.1|1|",
            "1,2,3,4,5,6",
            "ALL",
            "A",
            "P",
          ),
          fc.uint8Array({ maxLength: 30 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
        ),
      )
      .map(([verb, argument]) =>
        `${verb}${argument === "" ? "" : ` ${argument}`}`.replace(/[\r\n]/g, " "),
      );
    await fc.assert(
      fc.asyncProperty(line, async (text) => {
        client.send(Buffer.from(text, "latin1"));
        client.send("HELP NOOP");
        for (let i = 0; i < 5; i++) {
          const reply = await client.read();
          expect(reply.code).toBeGreaterThanOrEqual(100);
          if (reply.text.startsWith("Syntax: NOOP")) return;
        }
        throw new Error(`no sentinel after ${JSON.stringify(text)}`);
      }),
      { numRuns: 300, seed: 4242 },
    );
    expect((await client.command("NOOP")).code).toBe(200);
  });
});
