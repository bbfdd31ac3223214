import { generateCertificate } from "@ftp/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "../src/index.js";
import { type Pair, startPair } from "./helpers/our-server.js";
import { type SocksServer, startSocksServer } from "./helpers/socks-server.js";

describe("SOCKS proxies", () => {
  let pair: Pair;
  let proxy: SocksServer;

  afterEach(async () => {
    await pair.close();
    await proxy.close();
  });

  it("goes through SOCKS5 with a user name and password, control and data", async () => {
    pair = await startPair("127.0.0.1");
    proxy = await startSocksServer({ user: "foo", password: "bar" });
    const client = new Client({
      socks: { host: "127.0.0.1", port: proxy.port, userId: "foo", password: "bar" },
      socketTimeout: 5000,
    });
    await client.connect("127.0.0.1", pair.port);
    await client.login();
    await client.uploadFrom(Buffer.from("via socks"), "s.txt");
    expect((await client.list()).map(([name]) => name)).toEqual(["s.txt"]);
    expect(proxy.connections.length).toBeGreaterThanOrEqual(3);
    await client.quit();
  });

  it("refuses wrong SOCKS5 credentials with a SocksError", async () => {
    pair = await startPair("127.0.0.1");
    proxy = await startSocksServer({ user: "foo", password: "bar" });
    const client = new Client({
      socks: { host: "127.0.0.1", port: proxy.port, userId: "foo", password: "nope" },
    });
    await expect(client.connect("127.0.0.1", pair.port)).rejects.toMatchObject({
      code: "ERR_FTP_SOCKS",
    });
  });

  it("goes through SOCKS4a by host name, also with explicit TLS", async () => {
    const { key, cert } = await generateCertificate();
    pair = await startPair("127.0.0.1", { tls: { key, cert } });
    proxy = await startSocksServer();
    const client = new Client({
      socks: { host: "127.0.0.1", port: proxy.port, type: 4 },
      socketTimeout: 5000,
    });
    await client.connect("localhost", pair.port);
    await client.upgradeToTls({ ca: cert });
    await client.login();
    await client.uploadFrom(Buffer.from("tls via socks4"), "t.txt");
    expect(await client.size("t.txt")).toBe(14);
    expect(proxy.connections[0]).toBe(`localhost:${pair.port}`);
    await client.quit();
  });
});
