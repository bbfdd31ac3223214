import { randomBytes } from "node:crypto";
import type tls from "node:tls";
import { generateCertificate } from "@ftp/test-utils";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../src/index.js";
import { HOSTS, type Pair, startPair } from "./helpers/our-server.js";

const versions: tls.SecureVersion[] = ["TLSv1.2", "TLSv1.3"];

describe.each(HOSTS)("FTPS against @ftp/server over %s", (host) => {
  let key: string;
  let cert: string;
  let pair: Pair;

  beforeAll(async () => {
    ({ key, cert } = await generateCertificate());
  });

  afterEach(async () => {
    await pair.close();
  });

  it.each(
    versions,
  )("explicit TLS (%s) with session reuse required: transfers arrive whole", async (version) => {
    pair = await startPair(host, {
      tls: { key, cert },
      requireTlsForLogin: true,
      requireTlsForData: true,
      requireTlsSessionReuse: true,
    });
    const client = new Client({ socketTimeout: 5000 });
    await client.connect(host, pair.port);
    await client.upgradeToTls({ ca: cert, minVersion: version, maxVersion: version });
    await client.login();
    const data = randomBytes(2 * 1024 * 1024 + 123);
    for (let i = 0; i < 3; i++) {
      await client.uploadFrom(data, `f${i}.bin`);
      expect(await client.size(`f${i}.bin`)).toBe(data.length);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of await client.downloadStream("f0.bin")) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect((await client.list()).length).toBe(3);
    await client.quit();
  });

  it("protects active-mode data connections too (the client is the TLS client)", async () => {
    pair = await startPair(host, { tls: { key, cert }, requireTlsForData: true });
    const client = new Client({
      passiveCommands: [],
      activeCommands: ["eprt"],
      socketTimeout: 5000,
    });
    await client.connect(host, pair.port);
    await client.upgradeToTls({ ca: cert });
    await client.login();
    await client.uploadFrom(Buffer.from("active and private"), "a.txt");
    const down = await client.downloadStream("a.txt");
    expect((await down.read()).toString()).toBe("active and private");
    await down.finish();
    await client.quit();
  });

  it("implicit TLS via the ssl option, data resuming the session", async () => {
    pair = await startPair(host, {
      tls: { key, cert, implicit: true },
      requireTlsForData: true,
      requireTlsSessionReuse: true,
    });
    const client = new Client({ ssl: { ca: cert }, socketTimeout: 5000 });
    await client.connect(host, pair.port);
    expect(client.secure).toBe(true);
    await client.login();
    await client.uploadFrom(Buffer.from("implicit"), "i.txt");
    expect(await client.size("i.txt")).toBe(8);
    await expect(client.upgradeToTls()).rejects.toBeInstanceOf(TypeError);
    await client.quit();
  });

  it("PROT C keeps data in the clear; rejectUnauthorized false accepts an unknown CA", async () => {
    pair = await startPair(host, { tls: { key, cert } });
    const client = new Client({ dataProtection: "clear", socketTimeout: 5000 });
    await client.connect(host, pair.port);
    await client.upgradeToTls({ rejectUnauthorized: false });
    await client.login();
    await client.uploadFrom(Buffer.from("clear"), "c.txt");
    expect(await client.size("c.txt")).toBe(5);
    await client.quit();
  });

  it("refuses a certificate it cannot verify", async () => {
    pair = await startPair(host, { tls: { key, cert } });
    const client = new Client({ socketTimeout: 5000 });
    await client.connect(host, pair.port);
    await expect(client.upgradeToTls()).rejects.toThrow();
    expect(client.connected).toBe(false);
    // let the server see the failed session go before closing it (keeps the test fast)
    for (let i = 0; i < 50 && pair.server.connectionCount > 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
  });
});
