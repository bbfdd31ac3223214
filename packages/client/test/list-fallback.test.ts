import type { ListEntry } from "@ftp/protocol";
import { defineCommand } from "@ftp/server";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "../src/index.js";
import { HOSTS, type Pair, startPair } from "./helpers/our-server.js";
import { passiveListener, type ScriptedServer, startScripted } from "./helpers/scripted-server.js";

const notImplemented = (name: string) =>
  defineCommand({
    name,
    syntax: name,
    help: "not here",
    async handler(session) {
      await session.reply(502, `'${name}' not implemented`);
    },
  });

describe.each(HOSTS)("LIST fallback against @ftp/server over %s", (host) => {
  let pair: Pair;

  afterEach(async () => {
    await pair.close();
  });

  it("falls back to LIST for directories, sub-directories and files, and stat via the parent", async () => {
    pair = await startPair(host, { commands: [notImplemented("MLSD"), notImplemented("MLST")] });
    const client = await pair.client();
    await client.makeDirectory("bar");
    await client.uploadFrom(Buffer.from("x"), "bar/foo");
    expect((await client.list()).map(([p, info]) => [p, info.type])).toEqual([["bar", "dir"]]);
    expect((await client.list("bar")).map(([p, info]) => [p, info.type])).toEqual([
      ["bar/foo", "file"],
    ]);
    expect((await client.stat("bar/foo")).type).toBe("file");
    expect(await client.isDir("bar")).toBe(true);
    expect(await client.exists("bar/nope")).toBe(false);
  });

  it("uses only LIST with rawCommand LIST, and refuses other raw commands", async () => {
    pair = await startPair(host);
    const client = await pair.client();
    await client.makeDirectory("d");
    const commands: string[] = [];
    const { subscribe, unsubscribe } = await import("node:diagnostics_channel");
    const onCommand = (message: unknown) => commands.push((message as { command: string }).command);
    subscribe("ftp:client:command", onCommand);
    try {
      expect((await client.list("", { rawCommand: "LIST" })).map(([p]) => p)).toEqual(["d"]);
    } finally {
      unsubscribe("ftp:client:command", onCommand);
    }
    expect(commands.some((line) => line.startsWith("MLSD"))).toBe(false);
    expect(commands.some((line) => line.startsWith("LIST"))).toBe(true);
    expect(() => client.list("", { rawCommand: "FOO" as "LIST" })).toThrow(TypeError);
  });
});

describe("LIST dialects and custom parsers (scripted server)", () => {
  let scripted: ScriptedServer;

  afterEach(async () => {
    await scripted.close();
  });

  async function serveListing(lines: string[]): Promise<number> {
    scripted = await startScripted(async (verb, _argument, { send }) => {
      if (verb === "USER") send("230 ok");
      else if (verb === "TYPE") send("200 ok");
      else if (verb === "EPSV") {
        const data = await passiveListener();
        send(`229 (|||${data.port}|)`);
        pending = data;
      } else if (verb === "MLSD") {
        pending?.close();
        send("502 no MLSD");
      } else if (verb === "LIST") {
        send("150 here");
        const socket = await pending?.accepted;
        socket?.end(lines.map((line) => `${line}\r\n`).join(""));
        socket?.once("close", () => send("226 done"));
      } else send("502 no");
    });
    let pending: Awaited<ReturnType<typeof passiveListener>> | undefined;
    return scripted.port;
  }

  it("parses a Windows/IIS listing, sizes with separators", async () => {
    const port = await serveListing([
      "11/4/2018   9:09 PM  <DIR>          .",
      "11/4/2018   9:09 PM  <DIR>          ..",
      "04/27/2018  05:02 PM       1,456,123 setup.exe",
      "04/27/2018  05:02 PM  <DIR>          Program Files",
    ]);
    const client = new Client({ socketTimeout: 2000 });
    await client.connect("127.0.0.1", port);
    await client.login();
    const entries = await client.list();
    expect(entries.map(([p, info]) => [p, info.type, info.size])).toEqual([
      ["setup.exe", "file", "1456123"],
      ["Program Files", "dir", undefined],
    ]);
    client.close();
  });

  it("tries a custom parser first, or last", async () => {
    const lines = ["total 2", "-rw-r--r-- 1 u g 3 Jan 01 2020 a.txt", "CUSTOM b.txt"];
    const custom = (line: string): ListEntry => {
      const match = /^CUSTOM (.+)$/.exec(line);
      if (!match) throw new Error("not custom");
      return [match[1] as string, { type: "file", custom: "yes" }];
    };
    for (const first of [true, false]) {
      const port = await serveListing(lines);
      const client = new Client({ parseListLineCustom: custom, parseListLineCustomFirst: first });
      await client.connect("127.0.0.1", port);
      await client.login();
      const entries = await client.list();
      expect(entries.map(([p, info]) => [p, info.type, info.custom])).toEqual([
        ["a.txt", "file", undefined],
        ["b.txt", "file", "yes"],
      ]);
      client.close();
      await scripted.close();
    }
    scripted = await startScripted(() => {});
  });

  it("reads an empty listing whose data connection closed before it was read", async () => {
    const port = await serveListing([]);
    const client = new Client({ socketTimeout: 2000 });
    await client.connect("127.0.0.1", port);
    await client.login();
    for (let i = 0; i < 3; i++) expect(await client.list()).toEqual([]);
    client.close();
  });

  it("fails clearly on a line no parser understands", async () => {
    const port = await serveListing(["this is not a listing line"]);
    const client = new Client();
    await client.connect("127.0.0.1", port);
    await client.login();
    await expect(client.list()).rejects.toMatchObject({ code: "ERR_FTP_LIST_PARSE" });
    client.close();
  });
});
