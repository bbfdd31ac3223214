import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generateCertificate, hasCommand, hasIPv6Loopback } from "@ftp/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CliUsageError, parseCliArgs, runCli, USAGE } from "../src/cli.js";
import { RawClient } from "./helpers/raw-client.js";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = path.resolve(packageDir, "../..");
const curlAvailable = hasCommand("curl");
const ipv6 = await hasIPv6Loopback();
if (!curlAvailable) console.warn("curl CLI test skipped: curl is not installed");

const LISTENING =
  /^ftp-server listening on (ftps?):\/\/(\[[^\]]+\]|[^:/]+):(\d+) \(root: ([^,]+),/m;

/** Collects everything written to it. */
class Capture {
  text = "";
  #waiters: Array<() => void> = [];
  write(chunk: string): boolean {
    this.text += chunk;
    for (const waiter of this.#waiters.splice(0)) waiter();
    return true;
  }
  /** Resolves with the first match of `pattern` in the text so far or to come. */
  async waitFor(pattern: RegExp, ms = 10_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = pattern.exec(this.text);
      if (match !== null) return match;
      if (Date.now() > deadline) throw new Error(`no ${pattern} in ${JSON.stringify(this.text)}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

/** A `runCli` running in this process, stopped with its AbortController. */
interface Running {
  stdout: Capture;
  stderr: Capture;
  exit: Promise<number>;
  host: string;
  port: number;
  root: string;
  stop(): Promise<number>;
}

const running: Running[] = [];

async function startCli(args: string[]): Promise<Running> {
  const stdout = new Capture();
  const stderr = new Capture();
  const controller = new AbortController();
  const exit = runCli(args, { stdout, stderr, signal: controller.signal });
  const match = await Promise.race([
    stdout.waitFor(LISTENING),
    exit.then((code) => {
      throw new Error(`runCli exited ${code}: ${stderr.text}`);
    }),
  ]);
  const host = match[2]!.replace(/^\[|\]$/g, "");
  const cli: Running = {
    stdout,
    stderr,
    exit,
    host,
    port: Number(match[3]),
    root: match[4]!,
    stop: async () => {
      controller.abort();
      return exit;
    },
  };
  running.push(cli);
  return cli;
}

afterEach(async () => {
  for (const cli of running.splice(0)) await cli.stop();
});

describe("parseCliArgs", () => {
  it("has the documented defaults", () => {
    const config = parseCliArgs([], "/srv");
    expect(config).toMatchObject({
      action: "serve",
      host: undefined,
      port: 2121,
      family: "auto",
      root: "/srv",
      memory: false,
      credentials: undefined,
      pasvPorts: undefined,
      tls: undefined,
      maxConnections: undefined,
      quiet: false,
    });
  });

  it("reads every flag", () => {
    const config = parseCliArgs(
      [
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--family",
        "ipv4",
        "-d",
        "files",
        "--user",
        "alice",
        "--pass",
        "s3cret",
        "--pasv-ports",
        "30000-30009",
        "--pasv-address",
        "203.0.113.7",
        "--tls-cert",
        "c.pem",
        "--tls-key",
        "k.pem",
        "--implicit-tls",
        "--max-connections",
        "7",
        "-q",
      ],
      "/base",
    );
    expect(config).toEqual({
      action: "serve",
      host: "127.0.0.1",
      port: 0,
      family: "ipv4",
      root: "/base/files",
      memory: false,
      credentials: { login: "alice", password: "s3cret" },
      pasvPorts: { min: 30000, max: 30009 },
      pasvAddress: "203.0.113.7",
      tls: { certFile: "/base/c.pem", keyFile: "/base/k.pem", implicit: true },
      maxConnections: 7,
      quiet: true,
    });
    expect(parseCliArgs(["--memory"]).root).toBeUndefined();
    expect(parseCliArgs(["--root=/x"]).root).toBe("/x");
  });

  it.each([
    [["--bogus"], /Unknown option '--bogus'/],
    [["stray"], /positional/i],
    [["--port"], /argument missing/],
    [["--port", "http"], /--port must be a whole number/],
    [["--port", "70000"], /--port must be between 0 and 65535/],
    [["--port=-1"], /--port must be a whole number/],
    [["--family", "ipx"], /--family must be ipv4, ipv6 or auto/],
    [["--family", "ipv4", "--host", "::1"], /not an ipv4 address/],
    [["--family", "ipv6", "--host", "127.0.0.1"], /not an ipv6 address/],
    [["--memory", "--root", "/tmp"], /either --root or --memory/],
    [["--user", "alice"], /--user needs --pass/],
    [["--pass", "x"], /--pass needs --user/],
    [["--pasv-ports", "3000"], /MIN-MAX/],
    [["--pasv-ports", "4000-3000"], /4000 is above 3000/],
    [["--pasv-ports", "0-10"], /between 1 and 65535/],
    [["--pasv-address", "::1"], /IPv4 address/],
    [["--tls-cert", "c.pem"], /go together/],
    [["--implicit-tls"], /needs --tls-cert/],
    [["--max-connections", "0"], /between 1 and/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe("runCli without serving", () => {
  it("prints the usage and exits 2 on a bad flag", async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    expect(await runCli(["--prot", "21"], { stdout, stderr })).toBe(2);
    expect(stderr.text).toContain("ftp-server: Unknown option '--prot'");
    expect(stderr.text).toContain(USAGE);
    expect(stdout.text).toBe("");
  });

  it("prints the help and the package version", async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    expect(await runCli(["--help"], { stdout, stderr })).toBe(0);
    expect(stdout.text).toBe(USAGE);
    for (const flag of ["--pasv-ports", "--implicit-tls", "--max-connections", "--quiet"])
      expect(USAGE).toContain(flag);
    const pkg = JSON.parse(await readFile(path.join(packageDir, "package.json"), "utf8")) as {
      version: string;
    };
    const version = new Capture();
    expect(await runCli(["-v"], { stdout: version, stderr })).toBe(0);
    expect(version.text).toBe(`ftp-server ${pkg.version}\n`);
    expect(stderr.text).toBe("");
  });

  it("exits 1 when the root is not a directory or the port is taken", async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const missing = path.join(tmpdir(), "ftp-cli-does-not-exist");
    expect(await runCli(["--port", "0", "--root", missing], { stdout, stderr })).toBe(1);
    expect(stderr.text).toContain("is not a directory");

    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const taken = new Capture();
    try {
      const code = await runCli(["--memory", "--host", "127.0.0.1", "--port", String(port)], {
        stdout,
        stderr: taken,
      });
      expect(code).toBe(1);
      expect(taken.text).toContain(`cannot listen on 127.0.0.1:${port}`);
      expect(taken.text).toContain("EADDRINUSE");
    } finally {
      blocker.close();
    }
  });

  it("exits 1 when the TLS files cannot be read", async () => {
    const stderr = new Capture();
    const code = await runCli(
      [
        "--memory",
        "--port",
        "0",
        "--tls-cert",
        "/nonexistent/c.pem",
        "--tls-key",
        "/nonexistent/k.pem",
      ],
      { stdout: new Capture(), stderr },
    );
    expect(code).toBe(1);
    expect(stderr.text).toContain("cannot read --tls-");
  });
});

describe("runCli serving", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ftp-cli-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("serves a directory to its one user, logs the session and exits 0 on abort", async () => {
    await writeFile(path.join(dir, "hello.txt"), "hello from disk\n");
    const cli = await startCli([
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--root",
      dir,
      "--user",
      "alice",
      "--pass",
      "s3cret",
    ]);
    expect(cli.host).toBe("127.0.0.1");
    expect(cli.port).toBeGreaterThan(0);
    expect(cli.root).toBe(dir);
    expect(cli.stdout.text).toContain("user: alice");

    const client = await RawClient.connect(cli.host, cli.port);
    expect(client.greeting?.code).toBe(220);
    expect((await client.login("bob", "s3cret")).code).toBe(530);
    expect((await client.login("alice", "s3cret")).code).toBe(230);
    expect((await client.command("PWD")).text).toContain('"/"');
    const down = await client.transferIn("RETR hello.txt");
    expect(down.data.toString()).toBe("hello from disk\n");
    expect(down.last?.code).toBe(226);
    const up = await client.transferOut("STOR up.bin", Buffer.alloc(100_000, 7));
    expect(up.last?.code).toBe(226);
    expect((await readFile(path.join(dir, "up.bin"))).equals(Buffer.alloc(100_000, 7))).toBe(true);
    expect((await client.command("QUIT")).code).toBe(221);
    await client.waitClosed();

    await cli.stdout.waitFor(/#1 disconnect/);
    expect(cli.stdout.text).toMatch(/#1 connect from 127\.0\.0\.1/);
    expect(cli.stdout.text).toMatch(/#1 login failed for bob/);
    expect(cli.stdout.text).toMatch(/#1 login alice/);
    expect(cli.stdout.text).toMatch(/#1 STOR \/up\.bin 100000 bytes/);
    expect(cli.stdout.text).not.toContain("s3cret");
    expect(cli.stdout.text).not.toContain(dir.slice(1) + "/up.bin");
    expect(await cli.stop()).toBe(0);
    expect(cli.stdout.text).toMatch(/ftp-server closed\n$/);
    expect(cli.stderr.text).toBe("");
  });

  it("closes sessions with 421 and stops listening when stopped", async () => {
    const cli = await startCli(["--host", "127.0.0.1", "--port", "0", "--memory", "-q"]);
    expect(cli.root).toBe("memory");
    const client = await RawClient.connect(cli.host, cli.port);
    expect((await client.login()).code).toBe(230);
    const code = cli.stop();
    const reply = await client.read();
    expect(reply.code).toBe(421);
    expect(await code).toBe(0);
    expect(await client.waitClosed()).toBe(true);
    await expect(RawClient.connect(cli.host, cli.port)).rejects.toThrow(/ECONNREFUSED/);
    expect(cli.stdout.text).toMatch(/^ftp-server listening on [^\n]*\n$/);
  });

  it("applies --pasv-ports, --pasv-address and --max-connections", async () => {
    const cli = await startCli([
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--memory",
      "--pasv-ports",
      "41000-41004",
      "--pasv-address",
      "203.0.113.7",
      "--max-connections",
      "1",
      "-q",
    ]);
    const client = await RawClient.connect(cli.host, cli.port);
    expect((await client.login()).code).toBe(230);
    const pasv = await client.pasv();
    expect(pasv.host).toBe("203.0.113.7");
    expect(pasv.port).toBeGreaterThanOrEqual(41000);
    expect(pasv.port).toBeLessThanOrEqual(41004);
    const epsv = await client.epsv();
    expect(epsv).toBeGreaterThanOrEqual(41000);
    expect(epsv).toBeLessThanOrEqual(41004);
    const second = await RawClient.connect(cli.host, cli.port);
    expect(second.greeting?.code).toBe(421);
    second.close();
    client.close();
  });

  it("serves implicit FTPS with --tls-cert, --tls-key and --implicit-tls", async () => {
    const { cert, key } = await generateCertificate();
    await writeFile(path.join(dir, "cert.pem"), cert);
    await writeFile(path.join(dir, "key.pem"), key);
    const cli = await startCli([
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--memory",
      "--tls-cert",
      path.join(dir, "cert.pem"),
      "--tls-key",
      path.join(dir, "key.pem"),
      "--implicit-tls",
      "-q",
    ]);
    expect(cli.stdout.text).toMatch(/listening on ftps:\/\/127\.0\.0\.1:\d+ .*implicit TLS/);
    const client = await RawClient.connect(cli.host, cli.port, { implicitTls: true, ca: cert });
    expect(client.greeting?.code).toBe(220);
    expect((await client.login()).code).toBe(230);
    await client.command("PBSZ 0");
    expect((await client.command("PROT P")).code).toBe(200);
    const up = await client.transferOut("STOR secret.txt", "over TLS", { secure: true });
    expect(up.last?.code).toBe(226);
    const down = await client.transferIn("RETR secret.txt", { secure: true });
    expect(down.data.toString()).toBe("over TLS");
    client.close();
  });

  it.skipIf(!ipv6)("listens on ::1 with --family ipv6", async () => {
    const cli = await startCli(["--host", "::1", "--family", "ipv6", "--port", "0", "--memory"]);
    expect(cli.stdout.text).toMatch(/listening on ftp:\/\/\[::1\]:\d+/);
    const client = await RawClient.connect("::1", cli.port);
    expect((await client.login()).code).toBe(230);
    expect((await client.transferOut("STOR six.txt", "v6")).last?.code).toBe(226);
    client.close();
  });

  it.skipIf(!curlAvailable)("serves curl uploads, listings and downloads", async () => {
    const cli = await startCli(["--host", "127.0.0.1", "--port", "0", "--root", dir, "-q"]);
    const base = `ftp://127.0.0.1:${cli.port}`;
    const payload = Buffer.alloc(256 * 1024, 0x5a);
    await writeFile(path.join(dir, "local.bin"), payload);
    await run("curl", [
      "-sS",
      "--max-time",
      "10",
      "-T",
      path.join(dir, "local.bin"),
      `${base}/sub/copy.bin`,
      "--ftp-create-dirs",
    ]);
    expect((await readFile(path.join(dir, "sub", "copy.bin"))).equals(payload)).toBe(true);
    const { stdout: listing } = await run("curl", [
      "-sS",
      "--max-time",
      "10",
      "-l",
      `${base}/sub/`,
    ]);
    expect(listing.trim()).toBe("copy.bin");
    const out = path.join(dir, "back.bin");
    await run("curl", ["-sS", "--max-time", "10", "-o", out, `${base}/sub/copy.bin`]);
    expect((await readFile(out)).equals(payload)).toBe(true);
  });
});

describe("ftp-server as a process", () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  });

  async function spawnCli(
    args: string[],
  ): Promise<{ child: ChildProcess; out: Capture; err: Capture }> {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=@ftp/source", "packages/server/src/cli-bin.ts", ...args],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    children.push(child);
    const out = new Capture();
    const err = new Capture();
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => out.write(chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => err.write(chunk));
    return { child, out, err };
  }

  it.each([
    "SIGTERM",
    "SIGINT",
  ] as const)("prints its address, serves, and exits 0 on %s", async (signal) => {
    const { child, out, err } = await spawnCli(["--host", "127.0.0.1", "--port", "0", "--memory"]);
    const match = await out.waitFor(LISTENING, 15_000);
    expect(match[2]).toBe("127.0.0.1");
    const client = await RawClient.connect("127.0.0.1", Number(match[3]));
    expect((await client.login()).code).toBe(230);
    expect((await client.command("MKD made")).code).toBe(257);
    const exited = once(child, "exit");
    child.kill(signal);
    expect((await client.read()).code).toBe(421);
    const [code, killedBy] = await exited;
    expect({ code, killedBy, err: err.text }).toEqual({ code: 0, killedBy: null, err: "" });
    expect(out.text).toMatch(/ftp-server closed\n$/);
  }, 20_000);

  it("exits 2 with the usage for a bad flag", async () => {
    const { child, out, err } = await spawnCli(["--no-such-flag"]);
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(err.text).toContain("Unknown option '--no-such-flag'");
    expect(err.text).toContain("Usage: ftp-server");
    expect(out.text).toBe("");
  }, 20_000);
});
