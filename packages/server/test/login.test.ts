import { afterEach, describe, expect, it } from "vitest";
import { AbstractUserManager, GetUserResponse, User } from "../src/index.js";
import { HOSTS, startServer, type TestServer } from "./helpers/fixture.js";

describe.each(HOSTS)("login over %s", (host) => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  it("refuses commands before login with 530", async () => {
    ts = await startServer(host);
    const client = await ts.connect();
    expect((await client.command("PWD")).code).toBe(530);
    expect((await client.command("PASV")).code).toBe(530);
    expect((await client.command("SYST")).code).toBe(215);
    expect((await client.command("FEAT")).code).toBe(211);
  });

  it("logs in anonymously with any name when there are no users", async () => {
    ts = await startServer(host);
    const client = await ts.connect();
    const reply = await client.command("USER whoever");
    expect(reply.code).toBe(230);
    expect((await client.command("PWD")).text).toBe('"/" is the current directory.');
  });

  it("needs the password of a user with one, and 503 for PASS after login", async () => {
    ts = await startServer(host, { users: [new User({ login: "alice", password: "secret" })] });
    const client = await ts.connect();
    expect((await client.command("USER alice")).code).toBe(331);
    expect((await client.command("PASS wrong")).code).toBe(530);
    expect((await client.command("PWD")).code).toBe(530);
    expect((await client.command("USER alice")).code).toBe(331);
    expect((await client.command("PASS secret")).code).toBe(230);
    expect((await client.command("PASS secret")).code).toBe(503);
  });

  it("logs in a user without password directly", async () => {
    ts = await startServer(host, { users: [new User({ login: "bob" })] });
    const client = await ts.connect();
    expect((await client.command("USER bob")).code).toBe(230);
  });

  it("does not reveal unknown users: 331 then 530", async () => {
    ts = await startServer(host, { users: [new User({ login: "alice", password: "secret" })] });
    const client = await ts.connect();
    expect((await client.command("USER mallory")).code).toBe(331);
    expect((await client.command("PASS secret")).code).toBe(530);
  });

  it("answers PASS without USER with 503", async () => {
    ts = await startServer(host, { users: [new User({ login: "alice", password: "secret" })] });
    const client = await ts.connect();
    expect((await client.command("PASS secret")).code).toBe(503);
  });

  it("limits login attempts per connection with a growing delay, then 421", async () => {
    ts = await startServer(host, {
      users: [new User({ login: "alice", password: "secret" })],
      maxLoginAttempts: 3,
      loginFailureDelay: 40,
    });
    const failures: number[] = [];
    ts.server.on("loginFailed", (event) => failures.push(event.attempts));
    const client = await ts.connect();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await client.command("USER alice");
      const start = Date.now();
      expect((await client.command("PASS nope")).code).toBe(530);
      times.push(Date.now() - start);
    }
    expect((await client.read()).code).toBe(421);
    expect(await client.waitClosed()).toBe(true);
    expect(failures).toEqual([1, 2, 3]);
    expect(times[0]).toBeGreaterThanOrEqual(35);
    expect(times[2]).toBeGreaterThanOrEqual(110);
  });

  it("fails the login (530) when the user manager is too slow or throws", async () => {
    class SlowManager extends AbstractUserManager {
      override async getUser(login: string) {
        if (login === "boom") throw new Error("database down");
        return { status: GetUserResponse.PASSWORD_REQUIRED, user: new User({ login }), info: "" };
      }
      override authenticate(): Promise<boolean> {
        return new Promise(() => {});
      }
    }
    ts = await startServer(host, { users: new SlowManager({ timeout: 50 }), maxLoginAttempts: 5 });
    const client = await ts.connect();
    expect((await client.command("USER slow")).code).toBe(331);
    expect((await client.command("PASS x")).code).toBe(530);
    expect((await client.command("USER boom")).code).toBe(530);
    expect((await client.command("NOOP")).code).toBe(200);
  });

  it("emits login events", async () => {
    ts = await startServer(host);
    const logins: string[] = [];
    ts.server.on("login", (event) => logins.push(event.login));
    const client = await ts.connect();
    await client.login("carol");
    expect(logins).toEqual(["carol"]);
  });

  it("starts in the user's home directory", async () => {
    ts = await startServer(host, {
      users: [new User({ homePath: "/home" })],
    });
    const client = await ts.connect();
    await client.login();
    expect((await client.command("PWD")).text).toBe('"/home" is the current directory.');
  });

  it("accepts HOST before login only", async () => {
    ts = await startServer(host);
    const client = await ts.connect();
    expect((await client.command("HOST ftp.example.com")).code).toBe(220);
    expect((await client.command("HOST bad/name")).code).toBe(501);
    await client.login();
    expect((await client.command("HOST ftp.example.com")).code).toBe(503);
  });

  it("REIN logs out and a new USER logs in again", async () => {
    ts = await startServer(host, { users: [new User({ login: "alice", password: "pw" })] });
    const client = await ts.connect();
    expect((await client.login("alice", "pw")).code).toBe(230);
    expect((await client.command("REIN")).code).toBe(220);
    expect((await client.command("PWD")).code).toBe(530);
    expect((await client.login("alice", "pw")).code).toBe(230);
  });
});
