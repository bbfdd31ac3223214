import net from "node:net";
import { InvalidCommandError, StatusCodeError } from "@ftp/protocol";
import { openSocketCount, waitForSockets } from "@ftp/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "../src/index.js";
import { HOSTS, type Pair, startPair } from "./helpers/our-server.js";
import { passiveListener, type ScriptedServer, startScripted } from "./helpers/scripted-server.js";

describe.each(HOSTS)("connection against @ftp/server over %s", (host) => {
  let pair: Pair | undefined;

  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  it("fails to connect where nothing listens", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, host, resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const client = new Client();
    await expect(client.connect(host, port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("returns the greeting, works without login for QUIT, and refuses unknown commands", async () => {
    pair = await startPair(host, { welcomeMessage: ["hello", "2021 was a year"] });
    const client = new Client();
    const greeting = await client.connect(host, pair.port);
    expect(greeting.join("\n")).toContain("2021 was a year");
    const error = await client.command("FOOBAR", "2xx").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatusCodeError);
    expect((error as StatusCodeError).receivedCodes[0]?.matches("50x")).toBe(true);
    expect((error as StatusCodeError).expectedCodes.map(String)).toEqual(["2xx"]);
    await client.quit();
    expect(client.connected).toBe(false);
  });

  it("sends raw commands with expected and wait codes; refuses CR/LF", async () => {
    pair = await startPair(host);
    const client = await pair.client();
    const reply = await client.command("SYST", "215");
    expect(reply.code.value).toBe("215");
    const unchecked = await client.command("NOOP");
    expect(unchecked.code.value).toBe("200");
    await expect(client.command("NOOP\r\nDELE x", "2xx")).rejects.toBeInstanceOf(
      InvalidCommandError,
    );
    await expect(client.list(".\r\nDELE foo")).rejects.toBeInstanceOf(InvalidCommandError);
    expect(await client.getCurrentDirectory()).toBe("/");
  });

  it("runs Client.context: connect, login, fn, quit", async () => {
    pair = await startPair(host);
    const result = await Client.context(host, { port: pair.port }, async (client) => {
      await client.makeDirectory("ctx");
      return client.isDir("ctx");
    });
    expect(result).toBe(true);
  });

  it("reports a server that went away on the next call", async () => {
    pair = await startPair(host);
    const client = await pair.client();
    await pair.server.close({ timeout: 50 });
    await expect(client.list()).rejects.toMatchObject({ code: "ERR_FTP_CONNECTION_CLOSED" });
  });

  it("reconnects after close()", async () => {
    pair = await startPair(host);
    const client = await pair.client();
    client.close();
    await client.connect(host, pair.port);
    await client.login();
    expect(await client.getCurrentDirectory()).toBe("/");
    await client.quit();
  });

  it("runs concurrent calls in the order they were made", async () => {
    pair = await startPair(host);
    const client = await pair.client();
    const order: string[] = [];
    const track = <T>(name: string, promise: PromiseLike<T>) =>
      promise.then((value) => {
        order.push(name);
        return value;
      });
    await Promise.all([
      track("mkd", client.makeDirectory("q")),
      track("upload", client.uploadFrom(Buffer.from("abc"), "q/f")),
      track("size", client.size("q/f")),
      track("list", client.list("q")),
      track("pwd", client.getCurrentDirectory()),
    ]);
    expect(order).toEqual(["mkd", "upload", "size", "list", "pwd"]);
  });

  it("leaves no socket open after transfers, an abort and quit", async () => {
    const before = openSocketCount();
    const local = await startPair(host, { writeSpeedLimitPerConnection: 512 * 1024 });
    const client = await local.client();
    await client.uploadFrom(Buffer.alloc(2 * 1024 * 1024), "x.bin");
    await client.list();
    const down = await client.downloadStream("x.bin");
    await down.read();
    await down.abort();
    await client.quit();
    await local.close();
    expect(await waitForSockets(before)).toBeLessThanOrEqual(before);
  });

  it("close() during a download drops the data connection too", async () => {
    const before = openSocketCount();
    const local = await startPair(host, { writeSpeedLimitPerConnection: 256 * 1024 });
    const client = await local.client();
    await client.uploadFrom(Buffer.alloc(1024 * 1024), "y.bin");
    const down = await client.downloadStream("y.bin");
    await down.read();
    client.close();
    await expect(down.read()).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_FTP_/) });
    await local.close();
    expect(await waitForSockets(before)).toBeLessThanOrEqual(before);
  });

  it("points errors at the caller that queued the call", async () => {
    pair = await startPair(host);
    const client = await pair.client();
    async function callerFunctionName() {
      await client.changeDirectory("missing-dir");
    }
    const error = (await callerFunctionName().catch((e: unknown) => e)) as Error;
    expect(error.stack).toContain("callerFunctionName");
  });
});

describe("replies and timeouts (scripted server)", () => {
  let scripted: ScriptedServer | undefined;

  afterEach(async () => {
    await scripted?.close();
    scripted = undefined;
  });

  it("logs in through 331 and 332 (ACCT)", async () => {
    scripted = await startScripted((verb, argument, { send }) => {
      if (verb === "USER") send("331 password please");
      else if (verb === "PASS") send("332 account please");
      else if (verb === "ACCT") send(argument === "acc" ? "230 in" : "530 no");
    });
    const client = new Client();
    await client.connect("127.0.0.1", scripted.port);
    await client.login("u", "p", "acc");
    expect(scripted.received).toEqual(["USER u", "PASS p", "ACCT acc"]);
    client.close();
  });

  it("refuses a 333 during login with StatusCodeError", async () => {
    scripted = await startScripted((verb, _argument, { send }) => {
      if (verb === "USER") send("333 odd");
    });
    const client = new Client();
    await client.connect("127.0.0.1", scripted.port);
    const error = await client.login().catch((e: unknown) => e);
    expect((error as StatusCodeError).receivedCodes.map(String)).toEqual(["333"]);
    client.close();
  });

  it("parses multi-line replies whose body lines start with digits", async () => {
    scripted = await startScripted(() => {}, [
      "220-Welcome",
      "2021 was a year",
      " 220 indented",
      "220 ready",
    ]);
    const client = new Client();
    const lines = await client.connect("127.0.0.1", scripted.port);
    expect(lines).toContain("2021 was a year");
    client.close();
  });

  it("skips 120 before the greeting", async () => {
    scripted = await startScripted(() => {}, ["120 wait a bit", "220 ready now"]);
    const client = new Client();
    expect(await client.connect("127.0.0.1", scripted.port)).toEqual(["ready now"]);
    client.close();
  });

  it("names the reply timeout", async () => {
    scripted = await startScripted(() => {});
    const client = new Client({ replyTimeout: 100 });
    await client.connect("127.0.0.1", scripted.port);
    await expect(client.getCurrentDirectory()).rejects.toMatchObject({
      code: "ERR_FTP_TIMEOUT",
      phase: "reply",
    });
    expect(client.connected).toBe(false);
  });

  it("names the greeting timeout", async () => {
    scripted = await startScripted(() => {}, []);
    const client = new Client({ connectionTimeout: 100 });
    await expect(client.connect("127.0.0.1", scripted.port)).rejects.toMatchObject({
      code: "ERR_FTP_TIMEOUT",
      phase: "connect",
    });
  });

  it("names the data-connect timeout", async () => {
    scripted = await startScripted((verb, _argument, { send }) => {
      if (verb === "USER") send("230 ok");
      else if (verb === "TYPE") send("200 ok");
      else if (verb === "EPRT") send("200 ok");
      else if (verb === "RETR") send("150 will connect (never does)");
      else if (verb === "ABOR") send("426 aborted", "226 ok");
      else if (verb === "NOOP") send("200 ok");
    });
    const active = new Client({
      passiveCommands: [],
      activeCommands: ["eprt"],
      dataConnectionTimeout: 100,
      socketTimeout: 1000,
    });
    await active.connect("127.0.0.1", scripted.port);
    await active.login();
    await expect(active.downloadStream("x")).rejects.toMatchObject({
      code: "ERR_FTP_TIMEOUT",
      phase: "data-connect",
    });
    active.close();
  });

  it("cancels while waiting for the active-mode data connection, and stays in sync", async () => {
    scripted = await startScripted((verb, _argument, { send }) => {
      if (verb === "USER") send("230 ok");
      else if (verb === "TYPE") send("200 ok");
      else if (verb === "EPRT") send("200 ok");
      else if (verb === "RETR") send("150 will connect (never does)");
      else if (verb === "ABOR") send("426 aborted", "226 ok");
      else if (verb === "NOOP") send("200 ok");
      else if (verb === "PWD") send('257 "/"');
    });
    const client = new Client({
      passiveCommands: [],
      activeCommands: ["eprt"],
      socketTimeout: 1000,
    });
    await client.connect("127.0.0.1", scripted.port);
    await client.login();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(client.downloadStream("x", { signal: controller.signal })).rejects.toMatchObject({
      code: "ERR_FTP_ABORTED",
    });
    expect(await client.getCurrentDirectory()).toBe("/");
    expect(scripted.received).toContain("ABOR");
    client.close();
  });

  it("names the idle timeout of a silent data connection", async () => {
    const data = await passiveListener();
    scripted = await startScripted((verb, _argument, { send }) => {
      if (verb === "USER") send("230 ok");
      else if (verb === "TYPE") send("200 ok");
      else if (verb === "EPSV") send(`229 (|||${data.port}|)`);
      else if (verb === "RETR") send("150 sending nothing");
      else if (verb === "ABOR") send("426 aborted", "226 ok");
      else if (verb === "NOOP") send("200 ok");
    });
    const client = new Client({ idleTimeout: 100, replyTimeout: 1000 });
    await client.connect("127.0.0.1", scripted.port);
    await client.login();
    const down = await client.downloadStream("x");
    await expect(down.read()).rejects.toMatchObject({ code: "ERR_FTP_TIMEOUT", phase: "idle" });
    await down.abort();
    expect(down.state).toBe("aborted");
    client.close();
    data.close();
  });

  it("validates options at construction", () => {
    expect(() => new Client({ socketTimeout: -1 })).toThrow(RangeError);
    expect(() => new Client({ passiveCommands: [] })).toThrow(TypeError);
    expect(() => new Client({ activePortRange: [10, 5] })).toThrow(RangeError);
    expect(() => new Client({ readSpeedLimit: 0 })).toThrow(RangeError);
  });
});
