import net from "node:net";
import type tls from "node:tls";
import { generateCertificate } from "@ftp/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { HOSTS, startServer, type TestServer } from "./helpers/fixture.js";

const { key, cert } = await generateCertificate();
const VERSIONS = ["TLSv1.2", "TLSv1.3"] as const;

describe.each(HOSTS)("TLS over %s", (host) => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  describe.each(VERSIONS)("%s", (version) => {
    const connectOptions = { ca: cert, maxVersion: version, minVersion: version } as const;

    it("explicit FTPS: AUTH TLS, PBSZ, PROT P, protected transfers", async () => {
      ts = await startServer(host, { tls: { key, cert } });
      const client = await ts.connect(connectOptions);
      const feat = await client.command("FEAT");
      expect(feat.lines).toContain(" AUTH TLS");
      expect((await client.command("PBSZ 0")).code).toBe(503);
      await client.upgradeToTls();
      expect((client.socket as tls.TLSSocket).getProtocol()).toBe(version);
      expect((await client.login()).code).toBe(230);
      const up = await client.transferOut("STOR f", "secret bytes", { secure: true });
      expect(up.last?.code).toBe(226);
      const down = await client.transferIn("RETR f", { secure: true });
      expect(down.data.toString()).toBe("secret bytes");
      const list = await client.transferIn("LIST", { secure: true });
      expect(list.data.toString()).toMatch(/ f\r\n$/);
      expect((await client.command("CCC")).code).toBe(534);
      expect((await client.command("PROT C")).code).toBe(200);
      expect((await client.transferIn("RETR f")).data.toString()).toBe("secret bytes");
    });

    it("implicit FTPS", async () => {
      ts = await startServer(host, { tls: { key, cert, implicit: true } });
      const client = await ts.connect({ ...connectOptions, implicitTls: true });
      expect(client.greeting?.code).toBe(220);
      expect((await client.login()).code).toBe(230);
      const up = await client.transferOut("STOR f", "implicit", { secure: true });
      expect(up.last?.code).toBe(226);
      expect((await client.transferIn("RETR f", { secure: true })).data.toString()).toBe(
        "implicit",
      );
    });

    it("answers 226 to a large TLS upload into a slow disk backend (backpressure)", async () => {
      const { mkdtemp, rm, stat } = await import("node:fs/promises");
      const { tmpdir } = await import("node:os");
      const path = await import("node:path");
      const { AsyncPathIO } = await import("@ftp/pathio");
      const { User } = await import("../src/index.js");
      const dir = await mkdtemp(path.join(tmpdir(), "ftp-tls-up-"));
      try {
        ts = await startServer(host, {
          tls: { key, cert },
          pathIoFactory: () => new AsyncPathIO(),
          users: [new User({ basePath: dir })],
        });
        const client = await ts.connect(connectOptions);
        await client.upgradeToTls();
        await client.login();
        const payload = Buffer.alloc(8 * 1024 * 1024, 3);
        const up = await client.transferOut("STOR big", payload, { secure: true });
        expect(up.last?.code).toBe(226);
        expect((await stat(path.join(dir, "big"))).size).toBe(payload.length);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("never answers 226 to an upload whose TLS connection ended without close_notify", async () => {
      ts = await startServer(host, { tls: { key, cert } });
      const ends: boolean[] = [];
      ts.server.on("transferEnd", (event) => ends.push(event.completed));
      const client = await ts.connect(connectOptions);
      await client.upgradeToTls();
      await client.login();
      const port = await client.epsv();
      const data = await client.openData(port, { secure: true });
      expect((await client.command("STOR cut")).code).toBe(150);
      data.write(Buffer.alloc(100_000, 7));
      await new Promise((resolve) => setTimeout(resolve, 100));
      // FIN on the TCP connection under TLS, without a TLS close_notify.
      const raw = (data.socket as unknown as { _parent?: net.Socket })._parent;
      expect(raw).toBeInstanceOf(net.Socket);
      raw!.end();
      const reply = await client.read();
      expect(reply.code).toBe(426);
      expect(ends).toEqual([false]);
    });

    it("requires data-connection TLS session reuse when asked to", async () => {
      ts = await startServer(host, { tls: { key, cert }, requireTlsSessionReuse: true });
      const client = await ts.connect(connectOptions);
      await client.upgradeToTls();
      await client.login();
      await new Promise((resolve) => setTimeout(resolve, 50)); // TLS 1.3 tickets arrive late
      const good = await client.transferOut("STOR f", "reused", { secure: true });
      expect(good.last?.code).toBe(226);
      const port = await client.epsv();
      const fresh = await client.openData(port, { secure: true, reuseSession: false });
      expect((await client.command("RETR f")).code).toBe(150);
      expect((await client.read()).code).toBe(425);
      fresh.destroy();
    });
  });

  it("requires TLS before login and on data connections when configured", async () => {
    ts = await startServer(host, {
      tls: { key, cert },
      requireTlsForLogin: true,
      requireTlsForData: true,
    });
    const client = await ts.connect({ ca: cert });
    expect((await client.command("USER anonymous")).code).toBe(530);
    await client.upgradeToTls({ protect: false });
    expect((await client.login()).code).toBe(230);
    await client.epsv();
    expect((await client.command("LIST")).code).toBe(521);
    expect((await client.command("PBSZ 0")).code).toBe(200);
    expect((await client.command("PROT C")).code).toBe(534);
    expect((await client.command("PROT P")).code).toBe(200);
    expect((await client.transferIn("LIST", { secure: true })).last?.code).toBe(226);
  });

  it("survives garbage instead of a TLS handshake, and resets of TLS uploads", async () => {
    ts = await startServer(host, { tls: { key, cert } });
    const garbage = await ts.connect({ ca: cert });
    expect((await garbage.command("AUTH TLS")).code).toBe(234);
    garbage.write(Buffer.from("this is not a client hello\r\n".repeat(20)));
    expect(await garbage.waitClosed()).toBe(true);
    const client = await ts.connect({ ca: cert });
    await client.upgradeToTls();
    await client.login();
    const port = await client.epsv();
    const data = await client.openData(port, { secure: true });
    expect((await client.command("STOR reset")).code).toBe(150);
    data.write(Buffer.alloc(50_000, 1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    (data.socket as unknown as { _parent: import("node:net").Socket })._parent.resetAndDestroy();
    expect((await client.read()).code).toBe(426);
    const port2 = await client.epsv();
    const bad = await client.openData(port2);
    expect((await client.command("LIST")).code).toBe(150);
    bad.write("garbage, not TLS");
    expect((await client.read()).code).toBe(425);
    expect((await client.command("NOOP")).code).toBe(200);
  });

  it("drops commands pipelined in plain text after AUTH TLS", async () => {
    ts = await startServer(host, { tls: { key, cert }, tlsHandshakeTimeout: 300 });
    const client = await ts.connect({ ca: cert });
    client.write("AUTH TLS\r\nUSER injected\r\n");
    expect((await client.read()).code).toBe(234);
    expect(await client.hasReplyWithin(100)).toBe(false);
    client.close();
  });
});
