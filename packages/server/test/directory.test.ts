import { afterEach, describe, expect, it } from "vitest";
import { Permission, User } from "../src/index.js";
import { HOSTS, put, startServer, type TestServer } from "./helpers/fixture.js";

describe.each(HOSTS)("directories over %s", (host) => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  it("makes, enters, leaves and removes directories", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    expect((await client.command("MKD foo")).text).toBe('"/foo" created.');
    expect((await client.command("MKD foo")).code).toBe(550);
    expect((await client.command("XMKD foo/bar/baz")).code).toBe(550);
    expect((await client.command("XMKD foo/bar")).code).toBe(257);
    expect((await client.command("MKD foo/bar/baz")).code).toBe(257);
    expect((await client.command("CWD foo/bar")).code).toBe(250);
    expect((await client.command("XPWD")).text).toBe('"/foo/bar" is the current directory.');
    expect((await client.command("CDUP")).code).toBe(250);
    expect((await client.command("PWD")).text).toBe('"/foo" is the current directory.');
    expect((await client.command("XCUP")).code).toBe(250);
    expect((await client.command("RMD foo")).code).toBe(550);
    expect((await client.command("RMD foo/bar/baz")).code).toBe(250);
    expect((await client.command("XRMD foo/bar")).code).toBe(250);
    expect((await client.command("CWD nope")).code).toBe(550);
  });

  it("doubles quotes in 257 replies", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    expect((await client.command('MKD a"b')).text).toBe('"/a""b" created.');
    await client.command('CWD a"b');
    expect((await client.command("PWD")).text).toBe('"/a""b" is the current directory.');
  });

  it("never climbs above the root", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await client.command("MKD a");
    expect((await client.command("CWD ../../../")).code).toBe(250);
    expect((await client.command("PWD")).text).toBe('"/" is the current directory.');
    expect((await client.command("CWD /a/../a/..")).code).toBe(250);
    expect((await client.command("PWD")).text).toBe('"/" is the current directory.');
  });

  it("renames files and directories, refusing RNTO without RNFR and over existing targets", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await client.command("MKD dir");
    await put(client, "dir/a.txt", "abc");
    await put(client, "b.txt", "b");
    expect((await client.command("RNTO x")).code).toBe(503);
    expect((await client.command("RNFR dir/a.txt")).code).toBe(350);
    expect((await client.command("RNTO b.txt")).code).toBe(550);
    expect((await client.command("RNFR dir/a.txt")).code).toBe(350);
    expect((await client.command("RNTO c.txt")).code).toBe(250);
    expect((await client.command("SIZE c.txt")).text).toBe("3");
    expect((await client.command("RNFR missing")).code).toBe(550);
    expect((await client.command("RNFR dir")).code).toBe(350);
    expect((await client.command("RNTO moved")).code).toBe(250);
    expect((await client.command("CWD moved")).code).toBe(250);
  });

  it("deletes files but not directories", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await client.command("MKD d");
    await put(client, "f", "x");
    expect((await client.command("DELE d")).code).toBe(550);
    expect((await client.command("DELE f")).code).toBe(250);
    expect((await client.command("DELE f")).code).toBe(550);
  });

  it("applies permissions by nearest ancestor", async () => {
    ts = await startServer(host, {
      users: [
        new User({
          permissions: [new Permission("/", { writable: false }), new Permission("/pub")],
        }),
      ],
    });
    const client = await ts.login();
    expect((await client.command("MKD top")).code).toBe(550);
    expect((await client.command("MKD pub")).code).toBe(550);
    expect((await client.command("MKD pub/sub")).code).toBe(550); // /pub does not exist yet
  });

  it("lets a writable subtree work under a read-only root", async () => {
    const pathIoUser = new User({
      permissions: [new Permission("/", { writable: false }), new Permission("/pub")],
    });
    ts = await startServer(host, { users: [new User({ login: "admin" }), pathIoUser] });
    const admin = await ts.login("admin");
    await admin.command("MKD pub");
    const client = await ts.login("guest");
    expect((await client.command("MKD pub/sub")).code).toBe(257);
    expect((await client.command("RMD pub/sub")).code).toBe(250);
    expect((await client.command("RMD pub")).code).toBe(550);
    const unreadable = new User({
      login: "blind",
      permissions: [new Permission("/", { readable: false })],
    });
    await ts.close();
    ts = await startServer(host, { users: [unreadable] });
    const blind = await ts.login("blind");
    expect((await blind.command("CWD /")).code).toBe(550);
  });
});
