import { afterEach, describe, expect, it } from "vitest";
import { User } from "../src/index.js";
import { HOSTS, startServer, type TestServer } from "./helpers/fixture.js";

describe.each(HOSTS)("maximum connections over %s", (host) => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  it("refuses connections over the server limit with 421 and admits again after a QUIT", async () => {
    ts = await startServer(host, { maximumConnections: 2 });
    const a = await ts.connect();
    await ts.connect();
    const c = await ts.connect();
    expect(c.greeting?.code).toBe(421);
    expect(await c.waitClosed()).toBe(true);
    await a.command("QUIT");
    await a.waitClosed();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const d = await ts.connect();
    expect(d.greeting?.code).toBe(220);
  });

  it("limits connections per IP", async () => {
    ts = await startServer(host, { maximumConnectionsPerIp: 1 });
    await ts.connect();
    const second = await ts.connect();
    expect(second.greeting?.code).toBe(421);
  });

  it("limits logins per user and takes the slot only after the password", async () => {
    const alice = new User({ login: "alice", password: "pw", maximumConnections: 1 });
    ts = await startServer(host, { users: [alice] });
    const intruder = await ts.connect();
    expect((await intruder.command("USER alice")).code).toBe(331);
    const owner = await ts.connect();
    expect((await owner.login("alice", "pw")).code).toBe(230);
    expect((await intruder.command("PASS wrong")).code).toBe(530);
    const second = await ts.connect();
    const refused = await second.login("alice", "pw");
    expect(refused.code).toBe(530);
    await owner.command("QUIT");
    await owner.waitClosed();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await second.login("alice", "pw")).code).toBe(230);
  });

  it("releases the slot on re-login with USER on the same connection", async () => {
    const anon = new User({ maximumConnections: 1 });
    ts = await startServer(host, { users: [anon] });
    const client = await ts.connect();
    for (let i = 0; i < 10; i++) expect((await client.command("USER x")).code).toBe(230);
  });
});
