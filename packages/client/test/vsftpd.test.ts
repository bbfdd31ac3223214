import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../src/index.js";
import { pipeliningScenario } from "./helpers/pipelining-scenario.js";
import { startVsftpd, type Vsftpd, vsftpdMissing } from "./helpers/vsftpd.js";

const missing = vsftpdMissing();
if (missing) console.log(`skipping vsftpd interop tests: ${missing}`);

describe.skipIf(missing !== undefined)("vsftpd interop (plain FTP)", () => {
  let server: Vsftpd;

  beforeAll(async () => {
    server = await startVsftpd();
  });

  afterAll(async () => {
    await server?.close();
  });

  async function connected(options: ConstructorParameters<typeof Client>[0] = {}): Promise<Client> {
    const client = new Client({ socketTimeout: 5000, ...options });
    await client.connect("127.0.0.1", server.port);
    await client.login();
    return client;
  }

  it("lists with the LIST fallback (no MLSD) and stats through the parent listing", async () => {
    const client = await connected();
    await client.makeDirectory("pub/dir/sub");
    await client.uploadFrom(Buffer.from("hello"), "pub/dir/hello.txt");
    const entries = await client.list("pub/dir");
    expect(entries.map(([p, info]) => [p, info.type]).sort()).toEqual([
      ["pub/dir/hello.txt", "file"],
      ["pub/dir/sub", "dir"],
    ]);
    expect((await client.stat("pub/dir/hello.txt")).size).toBe("5");
    expect(await client.isDir("pub/dir/sub")).toBe(true);
    expect(await client.exists("pub/dir/none")).toBe(false);
    expect(await client.size("pub/dir/hello.txt")).toBe(5);
    await client.remove("pub/dir");
    expect(await client.exists("pub/dir")).toBe(false);
    await client.quit();
  });

  it("pipelines EPSV with transfers: files, listings, a refused RETR, REST", async () => {
    const client = await connected({ pipelining: true });
    await pipeliningScenario(client, "pub/pipe");
    await client.quit();
  });

  it("aborts a download (vsftpd answers 426 and 225/226) and stays in sync", async () => {
    const client = await connected();
    const data = randomBytes(16 * 1024 * 1024);
    await client.uploadFrom(data, "pub/big.bin");
    expect((await readFile(path.join(server.root, "pub/big.bin"))).length).toBe(data.length);
    const down = await client.downloadStream("pub/big.bin");
    await down.read();
    await down.abort();
    expect(down.state).toBe("aborted");
    await client.abort();
    expect(await client.getCurrentDirectory()).toBe("/");
    const tail = await client.downloadStream("pub/big.bin", { offset: data.length - 100 });
    const chunks: Buffer[] = [];
    for await (const chunk of tail) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(data.subarray(data.length - 100))).toBe(true);
    await client.quit();
  });

  it("transfers in active mode (PORT/EPRT)", async () => {
    const client = await connected({ passiveCommands: [], activeCommands: ["eprt", "port"] });
    await client.uploadFrom(Buffer.from("active"), "pub/active.txt");
    const down = await client.downloadStream("pub/active.txt");
    expect((await down.read()).toString()).toBe("active");
    await down.finish();
    await client.quit();
  });
});
