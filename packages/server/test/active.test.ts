import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HOSTS, put, startServer, type TestServer } from "./helpers/fixture.js";

async function listenOnce(
  host: string,
): Promise<{ port: number; data: Promise<Buffer>; close(): void }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const data = new Promise<Buffer>((resolve) => {
    server.once("connection", (socket) => {
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("end", () => resolve(Buffer.concat(chunks)));
    });
  });
  return { port: (server.address() as net.AddressInfo).port, data, close: () => server.close() };
}

describe.each(HOSTS)("active mode over %s", (host) => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  it("retrieves over EPRT (and PORT on IPv4)", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await put(client, "f", "active data");
    const target = await listenOnce(host);
    const family = host.includes(":") ? 2 : 1;
    expect((await client.command(`EPRT |${family}|${host}|${target.port}|`)).code).toBe(200);
    expect((await client.command("RETR f")).code).toBe(150);
    expect((await target.data).toString()).toBe("active data");
    expect((await client.read()).code).toBe(226);
    target.close();
    if (host === "127.0.0.1") {
      const second = await listenOnce(host);
      const p = second.port;
      expect((await client.command(`PORT 127,0,0,1,${p >> 8},${p & 255}`)).code).toBe(200);
      expect((await client.command("RETR f")).code).toBe(150);
      expect((await second.data).toString()).toBe("active data");
      expect((await client.read()).code).toBe(226);
      second.close();
    }
  });

  it("answers 425 when the active target refuses", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    const target = await listenOnce(host);
    target.close();
    const family = host.includes(":") ? 2 : 1;
    await client.command(`EPRT |${family}|${host}|${target.port}|`);
    expect((await client.command("LIST")).code).toBe(150);
    expect((await client.read()).code).toBe(425);
    expect((await client.command("NOOP")).code).toBe(200);
  });
});
