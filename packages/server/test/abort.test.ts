import { MemoryPathIO } from "@ftp/pathio";
import { afterEach, describe, expect, it } from "vitest";
import { get, HOSTS, put, startServer, type TestServer } from "./helpers/fixture.js";

describe.each(HOSTS)("ABOR over %s", (host) => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  it("answers 225 with nothing to abort", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    expect((await client.command("ABOR")).code).toBe(225);
  });

  it("stops a slow RETR: 426 then 226, and the session goes on", async () => {
    ts = await startServer(host, { writeSpeedLimit: 20_000, blockSize: 1024 });
    const ends: boolean[] = [];
    ts.server.on("transferEnd", (event) => ends.push(event.completed));
    const client = await ts.login();
    await put(client, "big", Buffer.alloc(200_000, 1));
    const port = await client.epsv();
    const data = await client.openData(port);
    expect((await client.command("RETR big")).code).toBe(150);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const status = await client.command("STAT");
    expect(status.code).toBe(213);
    expect(status.text).toMatch(/RETR \/big, \d+ bytes/);
    client.send("ABOR");
    expect((await client.read()).code).toBe(426);
    expect((await client.read()).code).toBe(226);
    const received = await data.readAll();
    expect(received.length).toBeLessThan(200_000);
    expect((await client.command("NOOP")).code).toBe(200);
    expect(ends.at(-1)).toBe(false);
  });

  it("stops a slow MLSD", async () => {
    const factory = MemoryPathIO.factory();
    const io = factory();
    for (let i = 0; i < 300; i++) {
      const handle = await io.open(`/file-${i}.txt`, "wb");
      await handle.close();
    }
    ts = await startServer(host, { pathIoFactory: factory, writeSpeedLimit: 5000, blockSize: 512 });
    const client = await ts.login();
    const port = await client.epsv();
    const data = await client.openData(port);
    expect((await client.command("MLSD")).code).toBe(150);
    await new Promise((resolve) => setTimeout(resolve, 150));
    client.send("ABOR");
    expect((await client.read()).code).toBe(426);
    expect((await client.read()).code).toBe(226);
    expect((await data.readAll()).length).toBeLessThan(300 * 40);
  });

  it("stops an upload and never answers 226 for it", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    const port = await client.epsv();
    const data = await client.openData(port);
    expect((await client.command("STOR up")).code).toBe(150);
    data.write(Buffer.alloc(1000, 2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.send("ABOR");
    const first = await client.read();
    expect(first.code).toBe(426);
    expect((await client.read()).code).toBe(226);
    data.destroy();
  });

  it("works while the server still waits for the data connection", async () => {
    ts = await startServer(host, { waitFutureTimeout: 5000 });
    const client = await ts.login();
    await put(client, "f", "x");
    await client.epsv();
    expect((await client.command("RETR f")).code).toBe(150);
    const start = Date.now();
    client.send("ABOR");
    expect((await client.read()).code).toBe(426);
    expect((await client.read()).code).toBe(226);
    expect(Date.now() - start).toBeLessThan(1000);
    expect((await get(client, "f")).toString()).toBe("x");
  });

  it("answers 426 when the peer resets an upload", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await put(client, "keep", "old");
    const port = await client.epsv();
    const data = await client.openData(port);
    expect((await client.command("STOR up")).code).toBe(150);
    data.write(Buffer.alloc(1000, 2));
    await new Promise((resolve) => setTimeout(resolve, 30));
    data.socket.resetAndDestroy();
    expect((await client.read()).code).toBe(426);
  });

  it("keeps the old file when an atomic upload is interrupted", async () => {
    ts = await startServer(host, { atomicUploads: true });
    const client = await ts.login();
    await put(client, "keep", "old content");
    const port = await client.epsv();
    const data = await client.openData(port);
    expect((await client.command("STOR keep")).code).toBe(150);
    data.write("new");
    await new Promise((resolve) => setTimeout(resolve, 30));
    data.socket.resetAndDestroy();
    expect((await client.read()).code).toBe(426);
    expect((await get(client, "keep")).toString()).toBe("old content");
    const names = await client.transferIn("NLST");
    expect(names.data.toString().trim()).toBe("keep");
    await put(client, "keep", "replaced");
    expect((await get(client, "keep")).toString()).toBe("replaced");
  });
});
