import { MemoryPathIO, PathIOError } from "@ftp/pathio";
import { afterEach, describe, expect, it } from "vitest";
import { defineCommand } from "../src/index.js";
import { HOSTS, put, startServer, type TestServer } from "./helpers/fixture.js";

describe.each(HOSTS)("corner cases over %s", (host) => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  it("answers 451 when a handler throws, without its text, and goes on", async () => {
    const broken = defineCommand({
      name: "XBROKEN",
      syntax: "XBROKEN",
      help: "Always fails.",
      needsLogin: false,
      handler() {
        throw new RuntimeErrorLike("kaboom at /srv/secret");
      },
    });
    ts = await startServer(host, { commands: [broken] });
    const errors: unknown[] = [];
    ts.server.on("sessionError", (event) => errors.push(event.error));
    const client = await ts.connect();
    const reply = await client.command("XBROKEN");
    expect(reply.code).toBe(451);
    expect(reply.text).not.toMatch(/kaboom|secret/);
    expect(errors).toHaveLength(1);
    expect((await client.command("NOOP")).code).toBe(200);
  });

  it("answers PBSZ/PROT without TLS with 503, PROT with junk 504", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    expect((await client.command("PBSZ 0")).code).toBe(503);
    expect((await client.command("PROT P")).code).toBe(503);
    expect((await client.command("PROT")).code).toBe(501);
  });

  it("answers 451 after the 150 when listing fails in the backend, and goes on", async () => {
    ts = await startServer(host, {
      pathIoFactory: () => {
        const io = new MemoryPathIO();
        // biome-ignore lint/correctness/useYield: a listing that fails before its first entry
        io.list = async function* () {
          throw new PathIOError("io", "list: io");
        };
        return io;
      },
    });
    const client = await ts.login();
    const { first, last } = await client.transferIn("LIST");
    expect(first.code).toBe(150);
    expect(last?.code).toBe(451);
    expect((await client.command("NOOP")).code).toBe(200);
  });

  it("lists even when the backend says nothing is a file or directory", async () => {
    const factory = MemoryPathIO.factory();
    ts = await startServer(host, {
      pathIoFactory: () => {
        const io = factory();
        io.isFile = async () => false;
        io.isDir = async () => false;
        return io;
      },
    });
    const client = await ts.login();
    await client.transferIn("LIST");
    expect((await client.transferIn("LIST")).last?.code).toBe(226);
  });

  it("keeps replies in order behind a transfer; NOOP at the head runs at once, ABOR overtakes", async () => {
    ts = await startServer(host, { writeSpeedLimit: 50_000, blockSize: 2048 });
    const client = await ts.login();
    await put(client, "f", Buffer.alloc(20_000));
    let port = await client.epsv();
    let data = await client.openData(port);
    client.write("RETR f\r\nNOOP\r\nPWD\r\nNOOP\r\n");
    expect((await client.read()).code).toBe(150);
    expect((await client.read()).code).toBe(200);
    expect((await data.readAll()).length).toBe(20_000);
    expect((await client.read()).code).toBe(226);
    expect((await client.read()).code).toBe(257);
    expect((await client.read()).code).toBe(200);
    port = await client.epsv();
    data = await client.openData(port);
    client.write("RETR f\r\nPWD\r\nABOR\r\n");
    expect((await client.read()).code).toBe(150);
    expect((await client.read()).code).toBe(426);
    expect((await client.read()).code).toBe(226);
    expect((await client.read()).code).toBe(257);
    data.destroy();
  });
});

class RuntimeErrorLike extends Error {}
