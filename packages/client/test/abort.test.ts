import { afterEach, describe, expect, it } from "vitest";
import { Client } from "../src/index.js";
import { HOSTS, type Pair, startPair } from "./helpers/our-server.js";
import { passiveListener, type ScriptedServer, startScripted } from "./helpers/scripted-server.js";

const BIG = Buffer.alloc(4 * 1024 * 1024, 1);

describe.each(HOSTS)("abort against @ftp/server over %s", (host) => {
  let pair: Pair;

  afterEach(async () => {
    await pair.close();
  });

  async function slowPair(): Promise<Pair> {
    pair = await startPair(host, { writeSpeedLimitPerConnection: 256 * 1024 });
    const setup = await pair.client();
    await setup.uploadFrom(BIG, "big.bin");
    await setup.quit();
    return pair;
  }

  it("breaks out of a slow download and keeps the client in sync", async () => {
    await slowPair();
    const client = await pair.client();
    const down = await client.downloadStream("big.bin");
    for await (const chunk of down) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(down.state).toBe("aborted");
    expect(await client.getCurrentDirectory()).toBe("/");
    expect(await client.size("big.bin")).toBe(BIG.length);
  });

  it("aborts a running upload", async () => {
    pair = await startPair(host, { readSpeedLimitPerConnection: 256 * 1024 });
    const client = await pair.client();
    const up = await client.uploadStream("up.bin");
    await up.write(Buffer.alloc(64 * 1024));
    await up.abort();
    expect(up.state).toBe("aborted");
    expect(await client.getCurrentDirectory()).toBe("/");
  });

  it("client.abort() stops the open stream instead of waiting behind it", async () => {
    await slowPair();
    const client = await pair.client();
    const down = await client.downloadStream("big.bin");
    await down.read();
    await client.abort();
    expect(down.state).toBe("aborted");
    await expect(down.read()).rejects.toMatchObject({ code: "ERR_FTP_CONNECTION_CLOSED" });
    expect(await client.getCurrentDirectory()).toBe("/");
    await client.abort();
  });

  it("rejects (and cleans up) when the signal fires while the transfer is set up", async () => {
    await slowPair();
    const client = await pair.client();
    const controller = new AbortController();
    const opening = client.downloadStream("big.bin", { signal: controller.signal });
    queueMicrotask(() => controller.abort());
    await expect(opening).rejects.toMatchObject({ code: "ERR_FTP_ABORTED" });
    expect(await client.getCurrentDirectory()).toBe("/");
    expect(await client.size("big.bin")).toBe(BIG.length);
  });

  it("accepts the reply to ABOR when nothing runs", async () => {
    pair = await startPair(host);
    const client = await pair.client();
    await client.abort();
    expect(await client.getCurrentDirectory()).toBe("/");
  });

  it("cancels a transfer with its signal and a queued call without running it", async () => {
    await slowPair();
    const client = await pair.client();
    const controller = new AbortController();
    const down = await client.downloadStream("big.bin", { signal: controller.signal });
    await down.read();
    const queuedController = new AbortController();
    const queued = client.size("big.bin", { signal: queuedController.signal });
    const after = client.getCurrentDirectory();
    queuedController.abort();
    await expect(queued).rejects.toMatchObject({ code: "ERR_FTP_ABORTED" });
    controller.abort(new Error("user gave up"));
    await expect(down.read()).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_FTP_/) });
    expect(await after).toBe("/");
  });

  it("aborts on an exception inside for await, and with await using", async () => {
    await slowPair();
    const client = await pair.client();
    const failing = async () => {
      for await (const _ of await client.downloadStream("big.bin")) throw new Error("boom");
    };
    await expect(failing()).rejects.toThrow("boom");
    {
      await using down = await client.downloadStream("big.bin");
      await down.read();
    }
    {
      await using small = await client.downloadStream("big.bin", { offset: BIG.length - 10 });
      let total = 0;
      for (let chunk = await small.read(); chunk.length > 0; chunk = await small.read())
        total += chunk.length;
      expect(total).toBe(10);
    }
    expect(await client.getCurrentDirectory()).toBe("/");
  });
});

describe("abort reply sequences (scripted server)", () => {
  let scripted: ScriptedServer;

  afterEach(async () => {
    await scripted.close();
  });

  async function runAbort(onAbor: (send: (...lines: string[]) => void) => void): Promise<Client> {
    const data = await passiveListener();
    scripted = await startScripted((verb, _argument, { send }) => {
      if (verb === "USER") send("230 ok");
      else if (verb === "TYPE") send("200 ok");
      else if (verb === "EPSV") send(`229 Entering Extended Passive Mode (|||${data.port}|)`);
      else if (verb === "RETR") {
        send("150 sending");
        data.accepted.then((socket) => {
          socket.on("error", () => {});
          socket.write(Buffer.alloc(1024, 1));
        });
      } else if (verb === "ABOR") onAbor(send);
      else if (verb === "NOOP") send("200 noop");
      else if (verb === "PWD") send('257 "/" here');
      else send("502 no");
    });
    const client = new Client({ socketTimeout: 1000 });
    await client.connect("127.0.0.1", scripted.port);
    await client.login();
    const down = await client.downloadStream("x");
    await down.read();
    await down.abort();
    expect(down.state).toBe("aborted");
    return client;
  }

  it("accepts 426 then 226", async () => {
    const client = await runAbort((send) => send("426 aborted", "226 abort ok"));
    expect(await client.getCurrentDirectory()).toBe("/");
    client.close();
  });

  it("accepts 226 for the transfer then 225 for ABOR", async () => {
    const client = await runAbort((send) => send("226 done", "225 nothing to abort"));
    expect(await client.getCurrentDirectory()).toBe("/");
    client.close();
  });

  it("accepts a lone 226", async () => {
    const client = await runAbort((send) => send("226 aborted"));
    expect(await client.getCurrentDirectory()).toBe("/");
    client.close();
  });

  it("cancels a slow lazy MLSD with a signal and stays usable", async () => {
    const data = await passiveListener();
    let timer: NodeJS.Timeout | undefined;
    scripted = await startScripted((verb, _argument, { send }) => {
      if (verb === "USER") send("230 ok");
      else if (verb === "TYPE") send("200 ok");
      else if (verb === "EPSV") send(`229 (|||${data.port}|)`);
      else if (verb === "MLSD") {
        send("150 listing");
        data.accepted.then((socket) => {
          socket.on("error", () => {});
          timer = setInterval(() => socket.write("type=file;size=1; slow.txt\r\n"), 20);
        });
      } else if (verb === "ABOR") {
        clearInterval(timer);
        send("426 aborted", "226 ok");
      } else if (verb === "NOOP") send("200 noop");
      else if (verb === "PWD") send('257 "/"');
    });
    const client = new Client({ socketTimeout: 1000 });
    await client.connect("127.0.0.1", scripted.port);
    await client.login();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    const seen: string[] = [];
    const iterate = async () => {
      for await (const [name] of client.list("", { signal: controller.signal })) seen.push(name);
    };
    await expect(iterate()).rejects.toMatchObject({ code: "ERR_FTP_ABORTED" });
    expect(await client.getCurrentDirectory()).toBe("/");
    expect(scripted.received).toContain("ABOR");
    client.close();
  });

  it("closes the client with a clear error when the server never answers ABOR", async () => {
    const data = await passiveListener();
    scripted = await startScripted((verb, _argument, { send }) => {
      if (verb === "USER") send("230 ok");
      else if (verb === "TYPE") send("200 ok");
      else if (verb === "EPSV") send(`229 (|||${data.port}|)`);
      else if (verb === "RETR") {
        send("150 sending");
        data.accepted.then((socket) => socket.write("abc"));
      }
    });
    const client = new Client({ socketTimeout: 300 });
    await client.connect("127.0.0.1", scripted.port);
    await client.login();
    const down = await client.downloadStream("x");
    await down.read();
    await expect(down.abort()).rejects.toThrow(/back in sync/);
    expect(client.connected).toBe(false);
    await expect(client.getCurrentDirectory()).rejects.toMatchObject({
      code: "ERR_FTP_CONNECTION_CLOSED",
    });
    data.close();
  });
});

describe("uploads the server cuts short (scripted server)", () => {
  it("rejects with the server's reply and stays in sync", async () => {
    const data = await passiveListener();
    const scripted = await startScripted((verb, _argument, { send }) => {
      if (verb === "USER") send("230 ok");
      else if (verb === "TYPE") send("200 ok");
      else if (verb === "EPSV") send(`229 (|||${data.port}|)`);
      else if (verb === "STOR") {
        send("150 go ahead");
        data.accepted.then((socket) => {
          socket.once("data", () => {
            socket.destroy();
            send("552 quota exceeded");
          });
        });
      } else if (verb === "PWD") send('257 "/"');
    });
    const client = new Client({ socketTimeout: 2000 });
    await client.connect("127.0.0.1", scripted.port);
    await client.login();
    const up = await client.uploadStream("big");
    const error = await (async () => {
      for (let i = 0; i < 1000; i++) await up.write(Buffer.alloc(64 * 1024));
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "ERR_FTP_STATUS",
      receivedCodes: [expect.objectContaining({ value: "552" })],
    });
    expect(up.state).toBe("failed");
    expect(await client.getCurrentDirectory()).toBe("/");
    client.close();
    await scripted.close();
  });
});

describe("downloads the server cuts short (scripted server)", () => {
  it("rejects with the server's 451 after a reset data connection", async () => {
    const data = await passiveListener();
    const scripted = await startScripted((verb, _argument, { send }) => {
      if (verb === "USER") send("230 ok");
      else if (verb === "TYPE") send("200 ok");
      else if (verb === "EPSV") send(`229 (|||${data.port}|)`);
      else if (verb === "RETR") {
        send("150 sending");
        data.accepted.then((socket) => {
          socket.write("partial", () => {
            socket.resetAndDestroy();
            send("451 read error on the server");
          });
        });
      } else if (verb === "PWD") send('257 "/"');
    });
    const client = new Client({ socketTimeout: 2000 });
    await client.connect("127.0.0.1", scripted.port);
    await client.login();
    const down = await client.downloadStream("f");
    const error = await (async () => {
      for await (const _ of down) {
        // read until it fails
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "ERR_FTP_STATUS",
      receivedCodes: [expect.objectContaining({ value: "451" })],
    });
    expect(await client.getCurrentDirectory()).toBe("/");
    client.close();
    await scripted.close();
  });
});
