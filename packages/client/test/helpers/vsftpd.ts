import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";

const VSFTPD = "/usr/sbin/vsftpd";
const EMPTY_DIR = "/var/run/vsftpd/empty";

/** Why vsftpd tests cannot run here, or `undefined` when they can. */
export function vsftpdMissing(): string | undefined {
  if (!existsSync(VSFTPD)) return `${VSFTPD} not found (apt-get install vsftpd)`;
  if (userInfo().uid !== 0) return "vsftpd needs root to start";
  if (!existsSync(EMPTY_DIR)) return `${EMPTY_DIR} is missing`;
  return undefined;
}

/** A running vsftpd serving anonymous users. */
export interface Vsftpd {
  port: number;
  /** The served root; `pub/` inside it is writable. */
  root: string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitListening(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vsftpd exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error("vsftpd did not start listening");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts vsftpd for anonymous users on 127.0.0.1. With `tls`, FTPS is required for login and
 * data, and data connections must resume the control connection's TLS session
 * (`require_ssl_reuse=YES`).
 */
export async function startVsftpd(
  options: { tls?: { cert: string; key: string } } = {},
): Promise<Vsftpd> {
  const base = await mkdtemp(path.join(tmpdir(), "ftp-client-vsftpd-"));
  const root = path.join(base, "root");
  await mkdir(path.join(root, "pub"), { recursive: true });
  await chmod(base, 0o755);
  await chmod(root, 0o755);
  await chown(path.join(root, "pub"), 102, 105).catch(() => chmod(path.join(root, "pub"), 0o777));
  await chmod(path.join(root, "pub"), 0o777);
  const port = await freePort();
  const lines = [
    "listen=YES",
    "listen_address=127.0.0.1",
    `listen_port=${port}`,
    "background=NO",
    "anonymous_enable=YES",
    `anon_root=${root}`,
    "write_enable=YES",
    "anon_upload_enable=YES",
    "anon_mkdir_write_enable=YES",
    "anon_other_write_enable=YES",
    "anon_umask=022",
    "local_enable=NO",
    "pasv_enable=YES",
    `pasv_min_port=${Math.min(port + 1, 65000)}`,
    `pasv_max_port=${Math.min(port + 60, 65535)}`,
    "port_enable=YES",
    "connect_from_port_20=NO",
    "seccomp_sandbox=NO",
    "isolate=NO",
    "isolate_network=NO",
    `secure_chroot_dir=${EMPTY_DIR}`,
    "xferlog_enable=NO",
  ];
  if (options.tls) {
    const certFile = path.join(base, "cert.pem");
    const keyFile = path.join(base, "key.pem");
    await writeFile(certFile, options.tls.cert);
    await writeFile(keyFile, options.tls.key, { mode: 0o600 });
    lines.push(
      "ssl_enable=YES",
      "allow_anon_ssl=YES",
      "force_anon_logins_ssl=YES",
      "force_anon_data_ssl=YES",
      "require_ssl_reuse=YES",
      "ssl_ciphers=HIGH",
      `rsa_cert_file=${certFile}`,
      `rsa_private_key_file=${keyFile}`,
    );
  }
  const config = path.join(base, "vsftpd.conf");
  await writeFile(config, `${lines.join("\n")}\n`);
  const child = spawn(VSFTPD, [config], { stdio: "ignore" });
  try {
    await waitListening(port, child);
  } catch (error) {
    child.kill("SIGKILL");
    await rm(base, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    root,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(base, { recursive: true, force: true });
    },
  };
}
