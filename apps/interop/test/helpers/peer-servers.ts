/**
 * Real FTP servers for our client to talk to: vsftpd (run as root from a generated config)
 * and pyftpdlib (the Debian package, importable only by the system Python).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, writeFile } from "node:fs/promises";
import net from "node:net";
import { userInfo } from "node:os";
import { fileURLToPath } from "node:url";
import { generateCertificate, hasPythonModule } from "@ftp/test-utils";
import { type TempDir, tempDir } from "./files.js";

/** A running server our client is tested against. */
export interface FtpTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  /** A writable remote directory (absolute path as the server shows it). */
  dir: string;
  /** Where `dir` is on this machine's disk. */
  localDir: string;
  /** PEM certificate of the server's explicit FTPS (to trust as a CA). */
  cert: string;
  close(): Promise<void>;
}

const VSFTPD = "/usr/sbin/vsftpd";
const SYSTEM_PYTHON = "/usr/bin/python3";
const PYFTPDLIB_SCRIPT = fileURLToPath(
  new URL("../../fixtures/pyftpdlib_server.py", import.meta.url),
);

/** Why vsftpd cannot run here, or `undefined`. */
export function vsftpdMissing(): string | undefined {
  if (!existsSync(VSFTPD)) return `${VSFTPD} not found (apt-get install vsftpd)`;
  if (userInfo().uid !== 0) return "vsftpd must be started as root";
  return undefined;
}

/** Why pyftpdlib cannot run here, or `undefined`. */
export function pyftpdlibMissing(): string | undefined {
  if (!existsSync(SYSTEM_PYTHON)) return `${SYSTEM_PYTHON} not found`;
  if (!hasPythonModule("pyftpdlib", SYSTEM_PYTHON))
    return `pyftpdlib is not importable by ${SYSTEM_PYTHON} (apt-get install python3-pyftpdlib)`;
  return undefined;
}

/** Why pyftpdlib's FTPS cannot run here (it needs pyOpenSSL), or `undefined`. */
export function pyftpdlibTlsMissing(): string | undefined {
  return (
    pyftpdlibMissing() ??
    (hasPythonModule("OpenSSL", SYSTEM_PYTHON)
      ? undefined
      : "pyftpdlib's FTPS needs pyOpenSSL (apt-get install python3-openssl)")
  );
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function waitListening(host: string, port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, host);
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (connected) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host} port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * vsftpd for anonymous users on `host` (127.0.0.1 or ::1), with explicit FTPS offered (not
 * forced) and vsftpd's default `require_ssl_reuse=YES` for TLS data connections. The root
 * must not be writable, so uploads go to `/upload`.
 */
export async function startVsftpd(host: string): Promise<FtpTarget> {
  const base = await tempDir("vsftpd");
  try {
    const root = base.join("root");
    const upload = base.join("root", "upload");
    const empty = base.join("empty");
    await mkdir(upload, { recursive: true });
    await mkdir(empty);
    for (const dir of [base.path, root, empty]) await chmod(dir, 0o755);
    await chown(upload, userInfo().uid, userInfo().gid);
    await chmod(upload, 0o777);
    const { key, cert } = await generateCertificate();
    await writeFile(base.join("cert.pem"), cert);
    await writeFile(base.join("key.pem"), key, { mode: 0o600 });
    const port = await freePort(host);
    const pasvMin = 40_000 + Math.floor(Math.random() * 20_000);
    const ipv6 = host.includes(":");
    const config = [
      ipv6 ? "listen=NO" : "listen=YES",
      ipv6 ? "listen_ipv6=YES" : "listen_ipv6=NO",
      ipv6 ? `listen_address6=${host}` : `listen_address=${host}`,
      `listen_port=${port}`,
      "background=NO",
      "seccomp_sandbox=NO",
      "isolate=NO",
      "isolate_network=NO",
      `secure_chroot_dir=${empty}`,
      "anonymous_enable=YES",
      `anon_root=${root}`,
      "local_enable=NO",
      "write_enable=YES",
      "anon_upload_enable=YES",
      "anon_mkdir_write_enable=YES",
      "anon_other_write_enable=YES",
      "anon_umask=022",
      "pasv_enable=YES",
      `pasv_min_port=${pasvMin}`,
      `pasv_max_port=${pasvMin + 50}`,
      "port_enable=YES",
      "connect_from_port_20=NO",
      "xferlog_enable=NO",
      "ssl_enable=YES",
      "allow_anon_ssl=YES",
      "force_anon_logins_ssl=NO",
      "force_anon_data_ssl=NO",
      "require_ssl_reuse=YES",
      // vsftpd's default (DES-CBC3-SHA) is gone from OpenSSL 3
      "ssl_ciphers=HIGH",
      `rsa_cert_file=${base.join("cert.pem")}`,
      `rsa_private_key_file=${base.join("key.pem")}`,
    ];
    await writeFile(base.join("vsftpd.conf"), `${config.join("\n")}\n`);
    const child = spawn(VSFTPD, [base.join("vsftpd.conf")], { stdio: "ignore" });
    try {
      await waitListening(host, port, child);
    } catch (error) {
      child.kill("SIGKILL");
      await exited(child);
      throw error;
    }
    return {
      host,
      port,
      user: "anonymous",
      password: "interop@",
      dir: "/upload",
      localDir: upload,
      cert,
      close: async () => {
        child.kill("SIGTERM");
        await exited(child);
        await base.remove();
      },
    };
  } catch (error) {
    await base.remove();
    throw error;
  }
}

/**
 * pyftpdlib on `host` port 0 for `alice`/`secret`, serving a temporary directory, with
 * explicit FTPS offered (not required) when pyOpenSSL is there.
 */
export async function startPyftpdlib(host: string, options: { tls: boolean }): Promise<FtpTarget> {
  const base: TempDir = await tempDir("pyftpdlib");
  try {
    const root = base.join("root");
    await mkdir(root);
    const { key, cert } = await generateCertificate();
    const config: Record<string, string> = { root, host, user: "alice", password: "secret" };
    if (options.tls) {
      config.certfile = base.join("cert.pem");
      config.keyfile = base.join("key.pem");
      await writeFile(config.certfile, cert);
      await writeFile(config.keyfile, key, { mode: 0o600 });
    }
    const child = spawn(SYSTEM_PYTHON, [PYFTPDLIB_SCRIPT, JSON.stringify(config)], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`pyftpdlib did not start: ${stderr}`));
      }, 5000);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`pyftpdlib exited (${code}) before listening: ${stderr}`));
      });
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /PORT (\d+)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    return {
      host,
      port,
      user: "alice",
      password: "secret",
      dir: "/",
      localDir: root,
      cert,
      close: async () => {
        child.stdin.end();
        child.kill("SIGTERM");
        await exited(child);
        await base.remove();
      },
    };
  } catch (error) {
    await base.remove();
    throw error;
  }
}
