import { getEventListeners } from "node:events";
import net from "node:net";
import type tls from "node:tls";
import { generateCertificate, hasIPv6Loopback } from "@ftp/test-utils";
import { describe, expect, it } from "vitest";
import { socketPair } from "../test/pair.js";
import { connectSocket, connectTls } from "./connect.js";
import { StreamIO } from "./stream-io.js";

for (const [version, host] of [
  ["TLSv1.2", "127.0.0.1"],
  ["TLSv1.3", "127.0.0.1"],
  ["TLSv1.2", "::1"],
  ["TLSv1.3", "::1"],
] as const) {
  describe(`startTls (${version} over ${host})`, () => {
    it("upgrades both ends of a live connection in place (AUTH TLS)", async (ctx) => {
      if (host === "::1" && !(await hasIPv6Loopback())) return ctx.skip();
      const { key, cert } = await generateCertificate();
      const pair = await socketPair(host);
      const client = new StreamIO(pair.client);
      const server = new StreamIO(pair.server);
      await client.write("AUTH TLS\r\n");
      expect((await server.readLine())?.toString()).toBe("AUTH TLS");
      await server.write("234 go\r\n");
      expect((await client.readLine())?.toString()).toBe("234 go");
      const [clientSocket] = await Promise.all([
        client.startTls(
          { ca: cert, servername: "localhost", minVersion: version, maxVersion: version },
          { handshakeTimeout: 5000 },
        ),
        server.startTls({ isServer: true, key, cert }, { handshakeTimeout: 5000 }),
      ]);
      expect((clientSocket as tls.TLSSocket).getProtocol()).toBe(version);
      await client.write("PBSZ 0\r\n");
      expect((await server.readLine())?.toString()).toBe("PBSZ 0");
      await server.write("200 ok\r\n");
      expect((await client.readLine())?.toString()).toBe("200 ok");
      const closing = client.close();
      expect(await server.readLine()).toBeNull();
      await server.close();
      await closing;
      await pair.close();
    });
  });
}

describe("startTls failures", () => {
  it("times out a handshake the peer never answers", async () => {
    const pair = await socketPair();
    const client = new StreamIO(pair.client);
    await expect(
      client.startTls({ servername: "localhost" }, { handshakeTimeout: 100 }),
    ).rejects.toMatchObject({ code: "ERR_FTP_TIMEOUT", phase: "tls" });
    expect(client.socket.destroyed).toBe(true);
    await pair.close();
  });

  it("aborts a handshake with a signal, server side, leaving no listener", async () => {
    const { key, cert } = await generateCertificate();
    const pair = await socketPair();
    const server = new StreamIO(pair.server);
    const controller = new AbortController();
    const pending = server.startTls({ isServer: true, key, cert }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: "ERR_FTP_ABORTED" });
    expect(server.socket.destroyed).toBe(true);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    await pair.close();
  });

  it("refuses to upgrade over unread plaintext", async () => {
    const pair = await socketPair();
    const server = new StreamIO(pair.server);
    pair.client.write("AUTH TLS\r\nPBSZ 0\r\n");
    expect((await server.readLine())?.toString()).toBe("AUTH TLS");
    while (server.buffered === 0) await new Promise((r) => setTimeout(r, 1));
    await expect(server.startTls({ isServer: true, key: "k", cert: "c" })).rejects.toMatchObject({
      code: "ERR_FTP_CONNECTION_CLOSED",
    });
    await pair.close();
  });

  it("rejects a certificate it does not trust", async () => {
    const { key, cert } = await generateCertificate();
    const pair = await socketPair();
    const client = new StreamIO(pair.client);
    const server = new StreamIO(pair.server);
    const serverSide = server.startTls({ isServer: true, key, cert }).catch((error) => error);
    await expect(client.startTls({ servername: "localhost" })).rejects.toThrow(
      /self.signed|certificate/i,
    );
    await serverSide;
    await pair.close();
  });
});

describe("connect helpers", () => {
  it("connects over IPv4 and IPv6 with Nagle disabled", async (ctx) => {
    const server = net.createServer((socket) => socket.end("hi"));
    const hosts = ["127.0.0.1", ...((await hasIPv6Loopback()) ? ["::1"] : [])];
    for (const host of hosts) {
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      const { port } = server.address() as net.AddressInfo;
      const socket = await connectSocket({ host, port, timeout: 2000 });
      const io = new StreamIO(socket);
      expect((await io.read()).toString()).toBe("hi");
      await io.close();
      await new Promise((resolve) => server.close(resolve));
    }
    if (hosts.length === 1) ctx.annotate?.("::1 unavailable: IPv6 part skipped");
  });

  it("validates the connect timeout", async () => {
    await expect(connectSocket({ host: "127.0.0.1", port: 1, timeout: 0 })).rejects.toThrow(
      RangeError,
    );
  });

  it("fails a refused connection and an aborted one", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    await expect(connectSocket({ host: "127.0.0.1", port })).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
    await expect(
      connectSocket({ host: "127.0.0.1", port, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: "ERR_FTP_ABORTED" });
  });

  it("connects with implicit TLS and times out a silent TLS server", async () => {
    const { key, cert } = await generateCertificate();
    const { createServer } = await import("node:tls");
    const good = createServer({ key, cert }, (socket) => socket.end("secure"));
    await new Promise<void>((resolve) => good.listen(0, "127.0.0.1", resolve));
    const socket = await connectTls({
      host: "127.0.0.1",
      port: (good.address() as net.AddressInfo).port,
      ca: cert,
      servername: "localhost",
      timeout: 5000,
    });
    expect((await new StreamIO(socket).read()).toString()).toBe("secure");
    socket.destroy();
    await new Promise((resolve) => good.close(resolve));
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    await expect(
      connectTls({
        host: "127.0.0.1",
        port: (silent.address() as net.AddressInfo).port,
        servername: "localhost",
        timeout: 100,
      }),
    ).rejects.toMatchObject({ code: "ERR_FTP_TIMEOUT", phase: "tls" });
    silent.close();
  });
});
