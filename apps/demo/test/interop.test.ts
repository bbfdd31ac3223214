/**
 * The `ftp` command line with other programs on the other side: `ftp serve` answering curl
 * and Python's ftplib, and the real `ftp` executable (exit statuses through a process).
 */
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { hasCommand, hasPythonModule } from "@ftp/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import type { EmbeddedServer } from "../src/embedded-server.js";
import { Capture } from "./capture.js";
import { ftp, pattern } from "./cli-helpers.js";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
// node itself with tsx's loader (not the tsx wrapper, which turns SIGINT into exit 130)
const tsxLoader = pathToFileURL(path.join(root, "node_modules/tsx/dist/loader.mjs")).href;
const main = path.resolve(here, "../src/cli/main.ts");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ftp-interop-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `ftp serve` in-process until `fn` is done. */
async function serving<T>(argv: string[], fn: (server: EmbeddedServer) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stdout = new Capture();
  const stderr = new Capture();
  let result: Promise<T> | undefined;
  const done = runCli(
    ["serve", "--port", "0", ...argv],
    { stdout, stderr, env: {}, cwd: dir, signal: controller.signal },
    {
      onServing: (server) => {
        result = fn(server).finally(() => controller.abort());
      },
    },
  );
  const code = await done;
  if (!result) throw new Error(`ftp serve did not start: ${stderr.text}`);
  const value = await result;
  expect(code).toBe(0);
  expect(stdout.text).toContain("URL ");
  return value;
}

const curl = hasCommand("curl");
const python = hasCommand("python3");
const lftp = hasCommand("lftp");
/** A Python that has pyftpdlib (the Debian package installs it for /usr/bin/python3). */
const pyftpdlib = ["python3", "/usr/bin/python3"].find((py) => hasPythonModule("pyftpdlib", py));
if (!pyftpdlib) console.warn("interop: skipping the pyftpdlib tests: pyftpdlib is not installed");
if (!curl) console.warn("interop: skipping the curl tests: curl is not installed");
if (!lftp) console.warn("interop: skipping the lftp test: lftp is not installed");
if (!python) console.warn("interop: skipping the ftplib tests: python3 is not installed");

describe("ftp serve with curl as the client", () => {
  it.runIf(curl)("lists, downloads and uploads", async () => {
    const served = path.join(dir, "served");
    await run("mkdir", ["-p", served]);
    const data = pattern(150_000, 9);
    await writeFile(path.join(served, "file.bin"), data);
    await serving([served, "--user", "carol", "--password", "pw"], async (server) => {
      const base = `ftp://127.0.0.1:${server.port}`;
      const auth = ["-sS", "--fail", "-u", "carol:pw"];
      const list = await run("curl", [...auth, "-l", `${base}/`]);
      expect(list.stdout.trim()).toBe("file.bin");
      const out = path.join(dir, "got.bin");
      await run("curl", [...auth, "-o", out, `${base}/file.bin`]);
      expect((await readFile(out)).equals(data)).toBe(true);
      await writeFile(path.join(dir, "up.txt"), "from curl\n");
      await run("curl", [...auth, "-T", path.join(dir, "up.txt"), `${base}/up.txt`]);
      expect(await readFile(path.join(served, "up.txt"), "utf8")).toBe("from curl\n");
    });
  });
});

describe("ftp serve --tls with curl and lftp, trusting the printed certificate", () => {
  const certFile = (port: number) => path.join(tmpdir(), `ftp-serve-${port}-cert.pem`);

  it.runIf(curl)("curl --ssl-reqd uploads and lists over explicit FTPS", async () => {
    await writeFile(path.join(dir, "t.txt"), "over TLS\n");
    const listing = await serving(
      ["--tls", "--user", "erin", "--password", "pw"],
      async (server) => {
        const base = `ftp://127.0.0.1:${server.port}`;
        const auth = [
          "-sS",
          "--fail",
          "--ssl-reqd",
          "--cacert",
          certFile(server.port),
          "-u",
          "erin:pw",
        ];
        await run("curl", [...auth, "-T", path.join(dir, "t.txt"), `${base}/t.txt`]);
        return (await run("curl", [...auth, "-l", `${base}/`])).stdout.trim();
      },
    );
    expect(listing).toBe("t.txt");
  });

  it.runIf(lftp)("lftp with ftp:ssl-force lists and downloads", async () => {
    const served = path.join(dir, "served");
    await run("mkdir", ["-p", served]);
    await writeFile(path.join(served, "hello.txt"), "hello lftp\n");
    const output = await serving(
      [served, "--tls", "--user", "fay", "--password", "pw"],
      async (server) => {
        const commands = [
          `set ssl:ca-file ${certFile(server.port)}`,
          "set ftp:ssl-force true",
          "set ftp:ssl-protect-data true",
          "cls -1",
          `get hello.txt -o ${path.join(dir, "got.txt")}`,
          "bye",
        ].join("; ");
        const { stdout } = await run("lftp", [
          "-e",
          commands,
          "-u",
          "fay,pw",
          "-p",
          String(server.port),
          "127.0.0.1",
        ]);
        return stdout.trim();
      },
    );
    expect(output).toBe("hello.txt");
    expect(await readFile(path.join(dir, "got.txt"), "utf8")).toBe("hello lftp\n");
  });
});

describe("ftp serve with Python's ftplib as the client", () => {
  it.runIf(python)("logs in, uploads, lists with MLSD and downloads", async () => {
    const script = `
import ftplib, io, sys
ftp = ftplib.FTP()
ftp.connect("127.0.0.1", int(sys.argv[1]))
ftp.login("dave", "pw")
ftp.mkd("docs")
ftp.storbinary("STOR docs/a.bin", io.BytesIO(bytes(range(256)) * 400))
names = sorted(name for name, facts in ftp.mlsd("docs"))
out = io.BytesIO()
ftp.retrbinary("RETR docs/a.bin", out.write)
print(",".join(names), len(out.getvalue()), out.getvalue() == bytes(range(256)) * 400)
ftp.quit()
`;
    const output = await serving(["--user", "dave", "--password", "pw"], async (server) => {
      const { stdout } = await run("python3", ["-c", script, String(server.port)]);
      return stdout.trim();
    });
    expect(output).toBe("a.bin 102400 True");
  });
});

describe("the ftp executable", () => {
  function ftpProcess(args: string[]) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--import", tsxLoader, "--conditions=@ftp/source", main, ...args],
          {
            cwd: dir,
            env: { ...process.env, HOME: dir },
          },
        );
        let stdout = "";
        let stderr = "";
        let interrupted = false;
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          if (!interrupted && stdout.includes("Press Ctrl-C")) {
            interrupted = true;
            child.kill("SIGINT");
          }
        });
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      },
    );
  }

  it("exits with the documented status codes", async () => {
    const [usage, refused] = await Promise.all([
      ftpProcess(["get"]),
      ftpProcess(["ls", "ftp://127.0.0.1:1/"]),
    ]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Run 'ftp get --help' for usage.");
    expect(refused.code).toBe(3);
  });

  it("serve stops cleanly on SIGINT", async () => {
    const served = await ftpProcess(["serve", "--port", "0"]);
    expect(served.stdout).toContain("Stopping.");
    expect(served.code).toBe(0);
  });
});

describe("ftp against pyftpdlib as the server", () => {
  const SERVER = `
import sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer
authorizer = DummyAuthorizer()
authorizer.add_user("gus", "pw", sys.argv[1], perm="elradfmwMT")
FTPHandler.authorizer = authorizer
server = FTPServer(("127.0.0.1", 0), FTPHandler)
print(server.socket.getsockname()[1], flush=True)
server.serve_forever()
`;

  it.runIf(pyftpdlib)("put -r -P 2, ls --json, get -r, mirror, rm -r", async () => {
    const served = path.join(dir, "served");
    await run("mkdir", ["-p", served, path.join(dir, "tree/sub")]);
    const big = pattern(120_000, 5);
    await writeFile(path.join(dir, "tree/big.bin"), big);
    await writeFile(path.join(dir, "tree/sub/small.txt"), "small\n");
    const child = spawn(pyftpdlib ?? "python3", ["-c", SERVER, served], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        child.once("exit", () => reject(new Error("pyftpdlib exited")));
      });
      const base = `ftp://gus:pw@127.0.0.1:${port}`;
      const put = await ftp(["put", "-r", "-P", "2", "tree", `${base}/`], dir);
      expect(put).toMatchObject({ code: 0 });
      expect((await readFile(path.join(served, "tree/big.bin"))).equals(big)).toBe(true);

      const ls = await ftp(["ls", "--json", "-R", `${base}/tree`], dir);
      const entries = JSON.parse(ls.stdout) as {
        name: string;
        type: string;
        size: number | null;
      }[];
      const summary = entries.map(
        (entry) => `${entry.type} ${entry.name} ${entry.type === "file" ? entry.size : ""}`,
      );
      expect(summary.sort()).toEqual(["dir sub ", "file big.bin 120000", "file sub/small.txt 6"]);

      const get = await ftp(["get", "-r", `${base}/tree`, "copy"], dir);
      expect(get.code).toBe(0);
      expect((await readFile(path.join(dir, "copy/big.bin"))).equals(big)).toBe(true);

      const mirror = await ftp(["mirror", `${base}/tree`, "copy"], dir);
      expect(mirror.stderr).toContain("0 transferred, 2 up to date");

      const rm = await ftp(["rm", "-r", `${base}/tree`], dir);
      expect(rm.code).toBe(0);
      expect((await ftp(["ls", `${base}/`], dir)).stdout).toBe("");
      const missing = await ftp(["get", `${base}/nothing.bin`], dir);
      expect(missing.code).toBe(1);
    } finally {
      child.kill();
    }
  });
});
