import diagnosticsChannel from "node:diagnostics_channel";
import { Readable } from "node:stream";
import { MemoryPathIO } from "@ftp/pathio";
import { openSocketCount, waitForSockets } from "@ftp/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { defineCommand, SERVER_CHANNELS, Server, sendToPeer } from "../src/index.js";
import { HOSTS, put, startServer, type TestServer } from "./helpers/fixture.js";
import { RawClient } from "./helpers/raw-client.js";

describe.each(HOSTS)("server lifecycle over %s", (host) => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  it("starts on port 0, reports its address, closes without leaking sockets", async () => {
    const before = openSocketCount();
    const server = new Server({ pathIoFactory: MemoryPathIO.factory() });
    const address = await server.start({ host, port: 0 });
    expect(address.port).toBeGreaterThan(0);
    expect(server.address).toEqual(address);
    const client = await RawClient.connect(host, address.port);
    await client.login();
    await client.epsv();
    await server.close();
    expect(await client.waitClosed()).toBe(true);
    expect(await waitForSockets(before)).toBe(before);
  });

  it("leaks no sockets after transfers, aborts, TLS and refused connections", async () => {
    const { generateCertificate } = await import("@ftp/test-utils");
    const { key, cert } = await generateCertificate();
    const before = openSocketCount();
    const local = await startServer(host, {
      tls: { key, cert },
      maximumConnections: 3,
      waitFutureTimeout: 100,
    });
    const client = await local.connect({ ca: cert });
    await client.upgradeToTls();
    await client.login();
    await client.transferOut("STOR f", Buffer.alloc(50_000), { secure: true });
    await client.transferIn("RETR f", { secure: true });
    await client.epsv();
    expect((await client.command("RETR f")).code).toBe(150);
    expect((await client.command("ABOR")).code).toBe(426);
    expect((await client.read()).code).toBe(226);
    await client.epsv();
    expect((await client.command("LIST")).code).toBe(150);
    expect((await client.read()).code).toBe(425);
    await local.connect();
    await local.connect();
    const refused = await local.connect();
    expect(refused.greeting?.code).toBe(421);
    await local.close();
    expect(await waitForSockets(before)).toBeLessThanOrEqual(before);
  });

  it("close() lets a running transfer finish, then sends 421", async () => {
    ts = await startServer(host, { writeSpeedLimit: 100_000, blockSize: 4096 });
    const idle = await ts.login();
    const busy = await ts.login();
    await put(busy, "f", Buffer.alloc(30_000));
    const port = await busy.epsv();
    const data = await busy.openData(port);
    expect((await busy.command("RETR f")).code).toBe(150);
    const closing = ts.server.close({ timeout: 3000 });
    expect((await idle.read()).code).toBe(421);
    expect((await data.readAll()).length).toBe(30_000);
    expect((await busy.read()).code).toBe(226);
    expect((await busy.read()).code).toBe(421);
    await closing;
    const refused = await RawClient.connect(host, ts.port).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
  });

  it("close() aborts transfers that outlive the deadline", async () => {
    ts = await startServer(host, { writeSpeedLimit: 10_000, blockSize: 1024 });
    const client = await ts.login();
    await put(client, "f", Buffer.alloc(100_000));
    const port = await client.epsv();
    const data = await client.openData(port);
    expect((await client.command("RETR f")).code).toBe(150);
    await ts.server.close({ timeout: 100 });
    expect((await client.read()).code).toBe(426);
    expect((await client.read()).code).toBe(421);
    data.destroy();
  });

  it("emits connect, login, transfer and disconnect events and diagnostics channels", async () => {
    ts = await startServer(host);
    const seen: string[] = [];
    for (const name of ["connect", "login", "transferStart", "transferEnd", "disconnect"] as const)
      ts.server.on(name, () => seen.push(name));
    const published: string[] = [];
    const onCommand = (message: unknown) =>
      published.push(
        `${(message as { command: string; argument: string }).command} ${(message as { argument: string }).argument}`,
      );
    diagnosticsChannel.subscribe(SERVER_CHANNELS.command, onCommand);
    try {
      const client = await ts.connect();
      await client.command("USER alice");
      await put(client, "f", "x");
      await client.command("QUIT");
      await client.waitClosed();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).toEqual(["connect", "login", "transferStart", "transferEnd", "disconnect"]);
      expect(published).toContain("USER alice");
    } finally {
      diagnosticsChannel.unsubscribe(SERVER_CHANNELS.command, onCommand);
    }
  });

  it("redacts passwords on the command channel", async () => {
    ts = await startServer(host);
    const published: string[] = [];
    const onCommand = (message: unknown) =>
      published.push((message as { argument: string }).argument);
    diagnosticsChannel.subscribe(SERVER_CHANNELS.command, onCommand);
    try {
      const client = await ts.connect();
      await client.command("PASS hunter2");
      expect(published).toEqual(["********"]);
    } finally {
      diagnosticsChannel.unsubscribe(SERVER_CHANNELS.command, onCommand);
    }
  });

  it("runs user commands from the registry and lists them in FEAT and HELP", async () => {
    const hello = defineCommand({
      name: "XHELLO",
      syntax: "XHELLO <sp> name",
      help: "Say hello.",
      argument: "required",
      feature: "XHELLO",
      async handler(session, argument) {
        await session.reply(200, `Hello, ${argument} (from ${session.state.cwd}).`);
      },
    });
    ts = await startServer(host, { commands: [hello] });
    const client = await ts.connect();
    expect((await client.command("XHELLO bob")).code).toBe(530);
    await client.login();
    expect((await client.command("XHELLO bob")).text).toBe("Hello, bob (from /).");
    expect((await client.command("XHELLO")).code).toBe(501);
    expect((await client.command("FEAT")).lines).toContain(" XHELLO");
    expect((await client.command("HELP XHELLO")).text).toMatch(/XHELLO <sp> name/);
    ts.server.commands.unregister("XHELLO");
    expect((await client.command("XHELLO bob")).code).toBe(502);
  });

  it("lets user commands use the data connection", async () => {
    const motd = defineCommand({
      name: "XMOTD",
      syntax: "XMOTD",
      help: "Send the message of the day over the data connection.",
      needsData: true,
      handler(session) {
        session.startTransfer({
          command: "XMOTD",
          path: "/",
          direction: "download",
          offset: 0,
          preliminary: "Here it comes.",
          body: (socket, transfer) =>
            sendToPeer(session, transfer, Readable.from([Buffer.from("hello\n")]), socket),
        });
      },
    });
    ts = await startServer(host, { commands: [motd] });
    const client = await ts.login();
    const { first, data, last } = await client.transferIn("XMOTD");
    expect([first.code, data.toString(), last?.code]).toEqual([150, "hello\n", 226]);
  });

  it("answers 451 when the backend exceeds pathTimeout", async () => {
    ts = await startServer(host, {
      pathTimeout: 50,
      pathIoFactory: () => {
        const io = new MemoryPathIO();
        io.mkdir = () => new Promise(() => {});
        return io;
      },
    });
    const client = await ts.login();
    expect((await client.command("MKD x")).code).toBe(451);
    expect((await client.command("NOOP")).code).toBe(200);
  });

  it("run() serves until its signal aborts", async () => {
    const server = new Server({ pathIoFactory: MemoryPathIO.factory() });
    const controller = new AbortController();
    const running = server.run({ host, port: 0, signal: controller.signal });
    while (server.address === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    const client = await RawClient.connect(host, server.address.port);
    expect(client.greeting?.code).toBe(220);
    controller.abort();
    await running;
    expect(await client.waitClosed()).toBe(true);
  });

  it("validates options", () => {
    expect(() => new Server({ idleTimeout: 0 })).toThrow(RangeError);
    expect(() => new Server({ requireTlsForLogin: true })).toThrow(TypeError);
    expect(() => new Server({ ipv4PasvForcedResponseAddress: "::1" })).toThrow(TypeError);
  });
});
