import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type tls from "node:tls";
import { generateCertificate } from "@ftp/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../src/index.js";
import { type PyFtpd, pyftpdlibTlsMissing, startPyftpd } from "./helpers/pyftpd.js";
import { startVsftpd, type Vsftpd, vsftpdMissing } from "./helpers/vsftpd.js";

const pyMissing = pyftpdlibTlsMissing();
if (pyMissing) console.log(`skipping pyftpdlib FTPS tests: ${pyMissing}`);
const vsMissing = vsftpdMissing();
if (vsMissing) console.log(`skipping vsftpd FTPS tests: ${vsMissing}`);

const versions: tls.SecureVersion[] = ["TLSv1.2", "TLSv1.3"];

describe.skipIf(pyMissing !== undefined)("explicit FTPS against pyftpdlib", () => {
  let root: string;
  let server: PyFtpd;
  let ca: string;

  beforeAll(async () => {
    const { cert, key } = await generateCertificate();
    ca = cert;
    root = await mkdtemp(path.join(tmpdir(), "ftp-client-pytls-"));
    const certFile = path.join(root, "..", `${path.basename(root)}-cert.pem`);
    const keyFile = path.join(root, "..", `${path.basename(root)}-key.pem`);
    await writeFile(certFile, cert);
    await writeFile(keyFile, key);
    server = await startPyftpd({
      root,
      user: "bob",
      password: "pw",
      tls: { certFile, keyFile, required: true },
    });
  });

  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it.each(versions)("transfers and lists over %s with PROT P", async (version) => {
    const client = new Client({ socketTimeout: 5000 });
    await client.connect("127.0.0.1", server.port);
    await client.upgradeToTls({ ca, minVersion: version, maxVersion: version });
    expect(client.secure).toBe(true);
    await client.login("bob", "pw");
    const data = randomBytes(300_000);
    await client.uploadFrom(data, `tls-${version}.bin`);
    expect((await readFile(path.join(root, `tls-${version}.bin`))).equals(data)).toBe(true);
    const chunks: Buffer[] = [];
    for await (const chunk of await client.downloadStream(`tls-${version}.bin`)) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    const names = (await client.list()).map(([name]) => name);
    expect(names).toContain(`tls-${version}.bin`);
    await client.quit();
  });

  it("refuses an untrusted certificate", async () => {
    const client = new Client({ socketTimeout: 5000 });
    await client.connect("127.0.0.1", server.port);
    await expect(client.upgradeToTls()).rejects.toThrow();
    client.close();
  });

  it("works through Client.context with upgradeToTls", async () => {
    const size = await Client.context(
      "127.0.0.1",
      { port: server.port, user: "bob", password: "pw", upgradeToTls: { ca } },
      async (client) => {
        await client.uploadFrom(Buffer.from("ctx"), "ctx.txt");
        return client.size("ctx.txt");
      },
    );
    expect(size).toBe(3);
  });
});

describe.skipIf(vsMissing !== undefined)("explicit FTPS against vsftpd (require_ssl_reuse)", () => {
  let server: Vsftpd;
  let ca: string;

  beforeAll(async () => {
    const { cert, key } = await generateCertificate();
    ca = cert;
    server = await startVsftpd({ tls: { cert, key } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it.each(
    versions,
  )("uploads, downloads and lists over %s resuming the TLS session", async (version) => {
    const client = new Client({ socketTimeout: 5000 });
    await client.connect("127.0.0.1", server.port);
    await client.upgradeToTls({ ca, minVersion: version, maxVersion: version });
    await client.login();
    const data = randomBytes(1_000_000);
    for (let i = 0; i < 3; i++) {
      await client.uploadFrom(data, `pub/v-${version}-${i}.bin`);
      expect(
        (await readFile(path.join(server.root, `pub/v-${version}-${i}.bin`))).equals(data),
      ).toBe(true);
    }
    const down = await client.downloadStream(`pub/v-${version}-0.bin`);
    const chunks: Buffer[] = [];
    for await (const chunk of down) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    const entries = await client.list("pub");
    expect(entries.map(([p]) => p)).toContain(`pub/v-${version}-0.bin`);
    await client.quit();
  });
});
