import { afterEach, describe, expect, it } from "vitest";
import { get, HOSTS, put, startServer, type TestServer } from "./helpers/fixture.js";

describe.each(HOSTS)("files over %s", (host) => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  it("stores and retrieves files (bigger than one block)", async () => {
    ts = await startServer(host, { blockSize: 8192 });
    const client = await ts.login();
    const payload = Buffer.alloc(3 * 8192 + 17, "-");
    payload.write("start");
    await put(client, "f.bin", payload);
    expect((await get(client, "f.bin")).equals(payload)).toBe(true);
    expect((await client.command("SIZE f.bin")).text).toBe(String(payload.length));
  });

  it("answers 550 for RETR of a missing file or a directory, before any 150", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await client.command("MKD d");
    const missing = await client.transferIn("RETR nope");
    expect(missing.first.code).toBe(550);
    expect((await client.transferIn("RETR d")).first.code).toBe(550);
    expect((await client.command("NOOP")).code).toBe(200);
  });

  it("appends with APPE and creates with it", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await put(client, "f", "foo");
    const appe = await client.transferOut("APPE f", "bar");
    expect(appe.last?.code).toBe(226);
    expect((await get(client, "f")).toString()).toBe("foobar");
    await client.transferOut("APPE g", "new");
    expect((await get(client, "g")).toString()).toBe("new");
  });

  it("refuses STOR into a missing directory", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    expect((await client.transferOut("STOR no/such/f", "x")).first.code).toBe(553);
  });

  it("restarts RETR, STOR and APPE at the REST offset", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await put(client, "f", "0123456789");
    for (const offset of [0, 3, 10, 20]) {
      const { data, last } = await client.transferIn("RETR f", { rest: offset });
      expect(last?.code).toBe(226);
      expect(data.toString()).toBe("0123456789".slice(offset));
    }
    expect((await client.transferOut("STOR f", "abc", { rest: 3 })).last?.code).toBe(226);
    expect((await get(client, "f")).toString()).toBe("012abc6789");
    await client.transferOut("APPE f", "Z", { rest: 12 });
    expect((await get(client, "f")).toString()).toBe("012abc6789\0\0Z");
  });

  it("keeps REST across PASV/EPSV sent between REST and RETR", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await put(client, "f", "0123456789");
    await client.command("REST 4");
    const { data } = await client.transferIn("RETR f");
    expect(data.toString()).toBe("456789");
  });

  it("resets REST after any other command, and rejects bad offsets", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await put(client, "f", "0123456789");
    await client.epsv();
    await client.command("REST 5");
    await client.command("TYPE I");
    expect((await get(client, "f")).toString()).toBe("0123456789");
    expect((await client.command("REST 3abc")).code).toBe(501);
    expect((await get(client, "f")).toString()).toBe("0123456789");
  });

  it("converts line ends in TYPE A both ways", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await put(client, "unix.txt", "a\nb\r\nc\n");
    await client.command("TYPE A");
    const down = await client.transferIn("RETR unix.txt");
    expect(down.data.toString()).toBe("a\r\nb\r\nc\r\n");
    expect((await client.transferOut("STOR up.txt", "x\r\ny\r\n")).last?.code).toBe(226);
    expect((await client.command("SIZE up.txt")).code).toBe(550);
    await client.command("TYPE I");
    expect((await get(client, "up.txt")).toString()).toBe("x\ny\n");
  });

  it("stores under a unique name with STOU", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await put(client, "file", "1");
    const { first, last } = await client.transferOut("STOU", "2");
    expect(first.text).toBe("FILE: file.1");
    expect(last?.code).toBe(226);
    expect((await get(client, "file.1")).toString()).toBe("2");
  });

  it("reports and sets modification times (MDTM, MFMT)", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await put(client, "f", "x");
    expect((await client.command("MDTM f")).text).toMatch(/^\d{14}$/);
    expect((await client.command("MFMT 20200102030405 f")).text).toBe("Modify=20200102030405; /f");
    expect((await client.command("MDTM f")).text).toBe("20200102030405");
    expect((await client.command("MFMT 2020 f")).code).toBe(501);
    expect((await client.command("MDTM nope")).code).toBe(550);
  });

  it("lists with LIST (options accepted), NLST, MLSD (226) and MLST (full path)", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await client.command("MKD dir");
    await put(client, "dir/a.txt", "hello");
    await client.command("MKD dir/sub");
    const list = await client.transferIn("LIST -la dir");
    expect(list.last?.code).toBe(226);
    const lines = list.data.toString().trimEnd().split("\r\n").sort();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^-rw.* 5 \w{3} [ \d]\d .{5} a\.txt$/);
    expect(lines[1]).toMatch(/^d.* sub$/);
    const nlst = await client.transferIn("NLST dir");
    expect(nlst.data.toString().split("\r\n").filter(Boolean).sort()).toEqual(["a.txt", "sub"]);
    const mlsd = await client.transferIn("MLSD dir");
    expect(mlsd.last?.code).toBe(226);
    const facts = mlsd.data.toString().trimEnd().split("\r\n").sort().reverse();
    expect(facts[0]).toMatch(/^type=file;size=5;modify=\d{14};perm=\w+;unix\.mode=0\d{3}; a\.txt$/);
    expect(facts[1]).toMatch(/^type=dir;modify=\d{14};.* sub$/);
    const mlst = await client.command("MLST dir/a.txt");
    expect(mlst.code).toBe(250);
    expect(mlst.lines[1]).toMatch(/^ type=file;size=5;.* \/dir\/a\.txt$/);
    expect((await client.transferIn("MLSD dir/a.txt")).first.code).toBe(501);
    expect((await client.transferIn("LIST nope")).first.code).toBe(550);
    const file = await client.transferIn("LIST dir/a.txt");
    expect(file.data.toString()).toMatch(/ a\.txt\r\n$/);
  });

  it("selects MLSx facts with OPTS MLST and shows them in FEAT", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await put(client, "f", "abc");
    expect((await client.command("OPTS MLST type;size;")).text).toBe("MLST OPTS type;size;");
    expect((await client.command("MLST f")).lines[1]).toBe(" type=file;size=3; /f");
    const feat = await client.command("FEAT");
    expect(feat.lines).toContain(" MLST type*;size*;modify;perm;unix.mode;");
  });

  it("lists a path over the control connection with STAT", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    await put(client, "f", "abc");
    const stat = await client.command("STAT /");
    expect(stat.code).toBe(213);
    expect(stat.lines.some((line) => line.endsWith(" f"))).toBe(true);
    const status = await client.command("STAT");
    expect(status.code).toBe(211);
  });

  it("answers FEAT, HELP, SITE, ALLO, MODE, STRU, OPTS", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    const feat = await client.command("FEAT");
    for (const feature of [
      "SIZE",
      "MDTM",
      "MFMT",
      "EPSV",
      "EPRT",
      "REST STREAM",
      "UTF8",
      "TVFS",
      "HOST",
    ])
      expect(feat.lines).toContain(` ${feature}`);
    const help = await client.command("HELP");
    expect(help.code).toBe(214);
    expect(help.text).toMatch(/RETR/);
    expect((await client.command("HELP RETR")).text).toMatch(/RETR <sp> file-name/);
    expect((await client.command("SITE HELP")).code).toBe(214);
    await put(client, "f", "x");
    expect((await client.command("SITE CHMOD 600 f")).code).toBe(200);
    expect((await client.command("SITE CHMOD xyz f")).code).toBe(501);
    expect((await client.command("SITE FOO")).code).toBe(501);
    expect((await client.command("ALLO 100")).code).toBe(202);
    expect((await client.command("MODE S")).code).toBe(200);
    expect((await client.command("MODE B")).code).toBe(504);
    expect((await client.command("STRU F")).code).toBe(200);
    expect((await client.command("STRU R")).code).toBe(504);
    expect((await client.command("OPTS UTF8 ON")).code).toBe(200);
    expect((await client.command("OPTS FOO")).code).toBe(501);
    expect((await client.command("ACCT x")).code).toBe(202);
    expect((await client.command("CCC")).code).toBe(534);
    expect((await client.command("AUTH TLS")).code).toBe(502);
  });

  it("handles UTF-8 names in commands and listings", async () => {
    ts = await startServer(host);
    const client = await ts.login();
    expect((await client.command("MKD ünïcødé файл")).text).toBe('"/ünïcødé файл" created.');
    await put(client, "ünïcødé файл/日本.txt", "x");
    const names = await client.transferIn("NLST ünïcødé файл");
    expect(names.data.toString("utf8").trim()).toBe("日本.txt");
    const mlst = await client.command("MLST ünïcødé файл/日本.txt");
    expect(mlst.lines[1]).toMatch(/ \/ünïcødé файл\/日本\.txt$/);
  });

  it("emits transfer events with byte counts", async () => {
    ts = await startServer(host);
    const ends: { command: string; bytes: number; completed: boolean }[] = [];
    ts.server.on("transferEnd", (event) =>
      ends.push({ command: event.command, bytes: event.bytes, completed: event.completed }),
    );
    const client = await ts.login();
    await put(client, "f", "12345");
    await get(client, "f");
    expect(ends).toEqual([
      { command: "STOR", bytes: 5, completed: true },
      { command: "RETR", bytes: 5, completed: true },
    ]);
  });
});
