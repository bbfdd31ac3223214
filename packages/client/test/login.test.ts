import { StatusCodeError } from "@ftp/protocol";
import { User } from "@ftp/server";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "../src/index.js";
import { HOSTS, type Pair, startPair } from "./helpers/our-server.js";

function codesOf(error: unknown): string[] {
  expect(error).toBeInstanceOf(StatusCodeError);
  return (error as StatusCodeError).receivedCodes.map(String);
}

describe.each(HOSTS)("login against @ftp/server over %s", (host) => {
  let pair: Pair;

  afterEach(async () => {
    await pair.close();
  });

  async function connect(): Promise<Client> {
    const client = new Client({ socketTimeout: 5000 });
    await client.connect(host, pair.port);
    return client;
  }

  it("refuses commands before login", async () => {
    pair = await startPair(host, { users: [new User({ login: "alice", password: "secret" })] });
    const client = await connect();
    expect(codesOf(await client.getCurrentDirectory().catch((e: unknown) => e))).toEqual(["530"]);
    client.close();
  });

  it("logs in with a password, refuses a wrong one and an unknown user with 530", async () => {
    pair = await startPair(host, { users: [new User({ login: "alice", password: "secret" })] });
    const client = await connect();
    expect(codesOf(await client.login("alice", "wrong").catch((e: unknown) => e))).toEqual(["530"]);
    expect(codesOf(await client.login("bob", "x").catch((e: unknown) => e))).toEqual(["530"]);
    await client.login("alice", "secret");
    expect(await client.getCurrentDirectory()).toBe("/");
    await client.quit();
  });

  it("logs in anonymously and as any name on an anonymous server", async () => {
    pair = await startPair(host);
    const anonymous = await connect();
    await anonymous.login();
    const named = await connect();
    await named.login("foo", "bar");
    expect(await named.getCurrentDirectory()).toBe("/");
    await anonymous.quit();
    await named.quit();
  });

  it("logs in a user without a password (230 straight after USER)", async () => {
    pair = await startPair(host, { users: [new User({ login: "nopass" })] });
    const client = await connect();
    await client.login("nopass", "ignored");
    expect(await client.getCurrentDirectory()).toBe("/");
    await client.quit();
  });

  it("Client.context to a closed port fails and leaves nothing open", async () => {
    pair = await startPair(host);
    const port = pair.port;
    await pair.server.close({ timeout: 50 });
    await expect(Client.context(host, { port }, async () => 1)).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
  });
});
