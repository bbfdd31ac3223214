import net from "node:net";
import { StatusCodeError } from "@ftp/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Client } from "../src/index.js";
import { HOSTS, type Pair, startPair } from "./helpers/our-server.js";
import { passiveListener, type ScriptedServer, startScripted } from "./helpers/scripted-server.js";

async function drain(client: Client, remote: string, offset = 0): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await client.downloadStream(remote, { offset })) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe.each(HOSTS)("pipelining against @ftp/server over %s", (host) => {
  let pair: Pair;

  beforeEach(async () => {
    pair = await startPair(host);
  });

  afterEach(async () => {
    await pair.close();
  });

  it("moves many small files, listings and REST transfers", async () => {
    const client = await pair.client({ pipelining: true });
    const files = Array.from({ length: 30 }, (_, i) => Buffer.from(`file ${i} `.repeat(i + 1)));
    for (const [i, data] of files.entries()) await client.uploadFrom(data, `f${i}.txt`);
    for (const [i, data] of files.entries()) expect(await drain(client, `f${i}.txt`)).toEqual(data);
    expect((await client.list()).length).toBe(30);
    // REST goes out on its own, the rest still pipelined
    expect(await drain(client, "f29.txt", 5)).toEqual(files[29]?.subarray(5));
    expect(await drain(client, "f3.txt")).toEqual(files[3]);
  });

  it("reports a refused transfer with the server's code and stays usable", async () => {
    const client = await pair.client({ pipelining: true });
    await client.uploadFrom(Buffer.from("x"), "a.txt");
    const error = await drain(client, "missing.txt").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatusCodeError);
    expect((error as StatusCodeError).receivedCodes.map(String)).toEqual(["550"]);
    expect((await drain(client, "a.txt")).toString()).toBe("x");
    expect(await client.getCurrentDirectory()).toBe("/");
  });
});

describe("pipelining on the wire (scripted server)", () => {
  let scripted: ScriptedServer;

  afterEach(async () => {
    await scripted?.close();
  });

  /**
   * A server that serves "hello" for RETR. `epsv(n)` gives the reply to the n-th EPSV (from 1)
   * and may open a listener; `together` records, per EPSV, whether RETR arrived with it.
   */
  async function serve(
    epsv: (n: number) => Promise<string>,
  ): Promise<{ together: boolean[]; client: Client }> {
    const together: boolean[] = [];
    let epsvCount = 0;
    let data: Awaited<ReturnType<typeof passiveListener>> | undefined;
    scripted = await startScripted(async (verb, _argument, { send, received }) => {
      if (verb === "USER") send("230 ok");
      else if (verb === "TYPE") send("200 ok");
      else if (verb === "EPSV") {
        epsvCount++;
        // handlers run after every line of a TCP read was recorded
        together.push(received[received.length - 1]?.startsWith("RETR") === true);
        data?.close();
        data = undefined;
        const reply = await epsv(epsvCount);
        if (reply === "listen") {
          data = await passiveListener();
          send(`229 Entering Extended Passive Mode (|||${data.port}|)`);
        } else send(reply);
      } else if (verb === "RETR") {
        if (!data) {
          send("425 no data connection");
          return;
        }
        const socket = await data.accepted;
        send("150 sending");
        socket.end("hello", () => send("226 done"));
      } else if (verb === "ABOR") send("225 nothing to abort");
      else if (verb === "NOOP") send("200 noop");
      else if (verb === "PWD") send('257 "/" here');
      else send("502 no");
    });
    const client = new Client({ socketTimeout: 2000, pipelining: true });
    await client.connect("127.0.0.1", scripted.port);
    await client.login();
    return { together, client };
  }

  it("sends RETR with EPSV once passive mode worked, not before", async () => {
    const { together, client } = await serve(async () => "listen");
    for (let i = 0; i < 3; i++) expect((await drain(client, "x")).toString()).toBe("hello");
    expect(together).toEqual([false, true, true]);
    client.close();
  });

  it("sends them apart without the option", async () => {
    const { together, client } = await serve(async () => "listen");
    client.close();
    const plain = new Client({ socketTimeout: 2000 });
    await plain.connect("127.0.0.1", scripted.port);
    await plain.login();
    for (let i = 0; i < 2; i++) expect((await drain(plain, "x")).toString()).toBe("hello");
    expect(together).toEqual([false, false]);
    plain.close();
  });

  it("resyncs when the pipelined passive command is refused", async () => {
    const { client } = await serve(async (n) => (n === 2 ? "500 not now" : "listen"));
    expect((await drain(client, "x")).toString()).toBe("hello");
    const error = await drain(client, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatusCodeError);
    expect((error as StatusCodeError).receivedCodes.map(String)).toEqual(["500"]);
    // the RETR's 425, ABOR's 225 and NOOP's 200 were read: the next reply is PWD's
    expect(await client.getCurrentDirectory()).toBe("/");
    expect((await drain(client, "x")).toString()).toBe("hello");
    client.close();
  });

  it("resyncs when the pipelined data connection cannot be opened", async () => {
    // a port nobody listens on: bind one, note it, close it
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { client } = await serve(async (n) =>
      n === 2 ? `229 Entering Extended Passive Mode (|||${closedPort}|)` : "listen",
    );
    expect((await drain(client, "x")).toString()).toBe("hello");
    await expect(drain(client, "x")).rejects.toThrow();
    expect(await client.getCurrentDirectory()).toBe("/");
    expect((await drain(client, "x")).toString()).toBe("hello");
    client.close();
  });
});
