import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { AsyncPathIO } from "@ftp/pathio";
import { afterEach, describe, expect, it } from "vitest";
import { User } from "../src/index.js";
import { get, HOSTS, put, startServer, type TestServer } from "./helpers/fixture.js";
import { RawClient } from "./helpers/raw-client.js";

describe.each(HOSTS)("security over %s", (host) => {
  let ts: TestServer | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function diskServer(): Promise<{ root: string; outside: string }> {
    dir = await mkdtemp(path.join(tmpdir(), "ftp-server-sec-"));
    const root = path.join(dir, "root");
    const outside = path.join(dir, "outside");
    await mkdir(root);
    await mkdir(outside);
    await writeFile(path.join(outside, "secret.txt"), "top secret");
    await symlink(outside, path.join(root, "escape"));
    await symlink(path.join(outside, "secret.txt"), path.join(root, "secret-link"));
    await mkdir(path.join(root, "inner"));
    await writeFile(path.join(root, "inner", "ok.txt"), "fine");
    await symlink(path.join(root, "inner", "ok.txt"), path.join(root, "good-link"));
    ts = await startServer(host, {
      pathIoFactory: () => new AsyncPathIO(),
      users: [new User({ basePath: root })],
    });
    return { root, outside };
  }

  it("keeps every path inside the root (.., absolute, backslashes, NUL)", async () => {
    const { root } = await diskServer();
    const client = await ts!.login();
    for (const attempt of [
      "../outside/secret.txt",
      "/../../outside/secret.txt",
      "..\\..\\outside\\secret.txt",
      "/etc/passwd",
    ]) {
      const reply = await client.transferIn(`RETR ${attempt}`);
      expect(reply.first.code).toBe(550);
      expect(reply.first.text).not.toContain(root);
    }
    const nul = await client.command(Buffer.from("CWD inner\0/../..", "latin1"));
    expect([550, 553]).toContain(nul.code);
    expect((await client.command("CWD ../../..")).code).toBe(250);
    expect((await client.command("PWD")).text).toBe('"/" is the current directory.');
  });

  it("refuses symlinks that point out of the root, follows those inside", async () => {
    const { root, outside } = await diskServer();
    const client = await ts!.login();
    expect((await client.command("CWD escape")).code).toBe(550);
    expect((await client.transferIn("RETR secret-link")).first.code).toBe(550);
    expect((await client.transferIn("RETR escape/secret.txt")).first.code).toBe(550);
    expect((await client.transferOut("STOR escape/new.txt", "x")).first.code).toBe(550);
    expect((await get(client, "good-link")).toString()).toBe("fine");
    const list = await client.transferIn("LIST");
    expect(list.data.toString()).not.toContain(root);
    expect(list.data.toString()).not.toContain(outside);
    expect(list.data.toString()).not.toContain("top secret");
    expect(await readFile(path.join(outside, "secret.txt"), "utf8")).toBe("top secret");
  });

  it("refuses FTP bounce: PORT/EPRT to another host or a privileged port", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    expect((await client.command("PORT 10,0,0,1,4,1")).code).toBe(501);
    expect((await client.command("EPRT |1|10.0.0.1|2000|")).code).toBe(501);
    expect((await client.command("EPRT |2|2001:db8::1|2000|")).code).toBe(501);
    const family = host.includes(":") ? 2 : 1;
    expect((await client.command(`EPRT |${family}|${host}|21|`)).code).toBe(501);
    expect((await client.command("PORT 1,2,3")).code).toBe(501);
    expect((await client.command("EPRT |9|x|1|")).code).toBe(522);
    expect((await client.command("NOOP")).code).toBe(200);
  });

  it("drops data connections from a foreign address", async () => {
    if (host !== "127.0.0.1") return; // needs a second local address (127.0.0.2)
    ts = await startServer(host, { waitFutureTimeout: 300 });
    const client = await ts.login();
    await put(client, "f", "data");
    const port = await client.epsv();
    const foreign = net.connect({ host, port, localAddress: "127.0.0.2" });
    const closed = new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      foreign.on("data", (chunk: Buffer) => chunks.push(chunk));
      foreign.on("close", () => resolve(Buffer.concat(chunks)));
      foreign.on("error", () => {});
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await client.command("RETR f")).code).toBe(150);
    expect((await client.read()).code).toBe(425);
    expect((await closed).length).toBe(0);
  });

  it("answers oversize lines with 500 and goes on", async () => {
    ts = await startServer(host, { maxLineLength: 512 });
    const client = await ts.login();
    expect((await client.command(`NOOP ${"x".repeat(100_000)}`)).code).toBe(500);
    expect((await client.command("NOOP")).code).toBe(200);
  });

  it("answers invalid UTF-8 with 501 and goes on; latin1 fallback decodes it", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    expect(
      (await client.command(Buffer.from([0x4d, 0x4b, 0x44, 0x20, 0xff, 0xfe, 0x80]))).code,
    ).toBe(501);
    expect((await client.command("NOOP")).code).toBe(200);
    await ts.close();
    ts = await startServer(host, { latin1Fallback: true });
    const latin = await ts.login();
    expect((await latin.command(Buffer.from("MKD caf\xe9", "latin1"))).code).toBe(257);
    expect((await latin.command("CWD café")).code).toBe(250);
  });

  it("speaks latin1 on the control channel and in listings when configured", async () => {
    ts = await startServer(host, { encoding: "latin1" });
    const client = await ts.login();
    expect((await client.command(Buffer.from("MKD \xe9t\xe9", "latin1"))).code).toBe(257);
    const names = await client.transferIn("NLST");
    expect(names.data.toString("latin1").trim()).toBe("\xe9t\xe9");
    expect((await client.command("FEAT")).lines).not.toContain(" UTF8");
  });

  it("survives garbage bytes and a flood of connections", async () => {
    ts = await startServer(host, { maximumConnections: 20 });
    const garbage = await ts.connect();
    garbage.write(Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37) % 256)));
    garbage.write("\r\n");
    const sockets: net.Socket[] = [];
    for (let i = 0; i < 60; i++) {
      const socket = net.connect({ host, port: ts.port });
      socket.on("error", () => {});
      sockets.push(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const client = await RawClient.connect(host, ts.port);
    expect(client.greeting?.code).toBe(220);
    expect((await client.login()).code).toBe(230);
    client.close();
  });

  it("ends sessions that pipeline an absurd number of commands, and stays up", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    client.write("\n".repeat(60_000));
    let code = 0;
    while (code !== 421) code = (await client.read()).code;
    expect(await client.waitClosed()).toBe(true);
    expect((await (await ts.login()).command("NOOP")).code).toBe(200);
  });

  it("does not let trickled bytes defeat the idle timeout", async () => {
    ts = await startServer(host, { idleTimeout: 200 });
    const client = await ts.login();
    const timer = setInterval(() => client.write("N"), 50);
    try {
      expect((await client.read()).code).toBe(421);
    } finally {
      clearInterval(timer);
    }
  });

  it("never sends internal error text to the peer", async () => {
    ts = await startServer(host, {
      pathIoFactory: () => {
        const io = new AsyncPathIO();
        io.stat = async () => {
          throw new Error("internal detail /very/secret/path");
        };
        return io;
      },
      users: [new User({ basePath: tmpdir() })],
    });
    const client = await ts.login();
    const reply = await client.command("SIZE x");
    expect(reply.code).toBe(451);
    expect(reply.text).not.toMatch(/secret|internal/);
    expect((await client.command("NOOP")).code).toBe(200);
  });

  it("closes idle control connections with 421", async () => {
    ts = await startServer(host, { idleTimeout: 150 });
    const client = await ts.login();
    const reply = await client.read();
    expect(reply.code).toBe(421);
    expect(await client.waitClosed()).toBe(true);
  });
});
