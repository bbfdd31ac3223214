import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HOSTS, startServer, type TestServer } from "./helpers/fixture.js";

describe.each(HOSTS)("connection over %s", (host) => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  it("greets with the welcome message and says goodbye on QUIT", async () => {
    ts = await startServer(host, { welcomeMessage: "hello there" });
    const client = await ts.connect();
    expect(client.greeting).toMatchObject({ code: 220, text: "hello there" });
    expect((await client.command("QUIT")).code).toBe(221);
    expect(await client.waitClosed()).toBe(true);
  });

  it("answers every command a peer sent before half-closing, then closes", async () => {
    ts = await startServer(host);
    const client = await ts.connect();
    client.socket.end("USER anonymous\r\nPWD\r\nSYST\r\n");
    expect((await client.read()).code).toBe(230);
    expect((await client.read()).code).toBe(257);
    expect((await client.read()).code).toBe(215);
    expect(await client.waitClosed()).toBe(true);
  });

  it("answers unknown commands 502, bad arguments 501, empty lines 500 and goes on", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    expect((await client.command("FOOBAR")).code).toBe(502);
    expect((await client.command("")).code).toBe(500);
    expect((await client.command("TYPE FOO")).code).toBe(501);
    expect((await client.command("PWD extra")).code).toBe(501);
    expect((await client.command("MKD")).code).toBe(501);
    expect((await client.command("RNTO x")).code).toBe(503);
    expect((await client.command("NOOP")).code).toBe(200);
  });

  it("accepts commands in any case and TYPE case-insensitively", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    expect((await client.command("type a")).code).toBe(200);
    expect((await client.command("Type i")).code).toBe(200);
    expect((await client.command("TYPE L 8")).code).toBe(200);
    expect((await client.command("TYPE E")).code).toBe(504);
    expect((await client.command("syst")).text).toBe("UNIX Type: L8");
  });

  it("gives PASV and EPSV one reused listener per session", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    const first = await client.epsv();
    expect(await client.epsv()).toBe(first);
    if (host === "127.0.0.1") {
      const pasv = await client.pasv();
      expect(pasv).toEqual({ host: "127.0.0.1", port: first });
    } else {
      expect((await client.command("PASV")).code).toBe(522);
    }
    expect((await client.command("NOOP")).code).toBe(200);
  });

  it("uses the data port range, gives 425 when exhausted and goes on", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, host, resolve));
    const busy = (blocker.address() as net.AddressInfo).port;
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, host, resolve));
    const free = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    try {
      ts = await startServer(host, { dataPorts: [busy, free] });
      const a = await ts.login();
      expect(await a.epsv()).toBe(free);
      const b = await ts.login();
      const reply = await b.command("EPSV");
      expect(reply.code).toBe(425);
      expect((await b.command("NOOP")).code).toBe(200);
      expect((await a.command("QUIT")).code).toBe(221);
      await a.waitClosed();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await b.epsv()).toBe(free);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("gives a range port back after its transfer, so idle sessions hold none", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, host, resolve));
    const only = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    ts = await startServer(host, { dataPorts: [only] });
    const a = await ts.login();
    expect((await a.transferIn("LIST")).last?.code).toBe(226);
    expect((await a.command("LIST")).code).toBe(425); // one transfer per PASV/EPSV
    const b = await ts.login();
    expect((await b.transferIn("LIST")).last?.code).toBe(226);
    expect((await a.transferIn("NLST")).last?.code).toBe(226);
  });

  it("puts the NAT address in PASV replies only", async () => {
    if (host !== "127.0.0.1") return;
    ts = await startServer(host, { ipv4PasvForcedResponseAddress: "203.0.113.7" });
    const client = await ts.login();
    const reply = await client.command("PASV");
    expect(reply.text).toMatch(/\(203,0,113,7,\d+,\d+\)/);
    expect((await client.command("EPSV")).text).toMatch(/\(\|\|\|\d+\|\)/);
  });

  it("keeps the session after EPSV ALL and refuses PASV/PORT afterwards", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    expect((await client.command("EPSV ALL")).code).toBe(200);
    expect((await client.command("PASV")).code).toBe(503);
    expect((await client.command("PORT 127,0,0,1,10,10")).code).toBe(503);
    expect((await client.command("EPSV 3")).code).toBe(522);
    await client.epsv();
  });

  it("closes a second data connection while one is pending", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    const port = await client.epsv();
    const first = await client.openData(port);
    const second = await client.openData(port);
    await second.readAll();
    expect(second.socket.destroyed || second.socket.readableEnded).toBe(true);
    first.destroy();
  });

  it("answers 425 when no data connection arrives in time", async () => {
    ts = await startServer(host, { waitFutureTimeout: 100 });
    const client = await ts.login();
    await client.epsv();
    expect((await client.command("LIST")).code).toBe(150);
    expect((await client.read()).code).toBe(425);
    expect((await client.command("NOOP")).code).toBe(200);
  });

  it("answers 425 for a transfer without PASV/PORT", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    expect((await client.command("LIST")).code).toBe(425);
  });
});
