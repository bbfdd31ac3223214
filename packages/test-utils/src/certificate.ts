import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A PEM key pair made for one test run; never committed. */
export interface TestCertificate {
  /** PEM private key. */
  key: string;
  /** PEM self-signed certificate for `localhost`, `127.0.0.1` and `::1`. */
  cert: string;
}

let cached: Promise<TestCertificate> | undefined;

/**
 * Generates (once per process) a self-signed certificate for localhost with the machine's
 * `openssl`. Tests that use TLS trust it explicitly with `ca: cert`.
 */
export function generateCertificate(): Promise<TestCertificate> {
  cached ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ftp-cert-"));
    try {
      const keyFile = path.join(dir, "key.pem");
      const certFile = path.join(dir, "cert.pem");
      await run("openssl", [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
        "-keyout",
        keyFile,
        "-out",
        certFile,
      ]);
      return { key: await readFile(keyFile, "utf8"), cert: await readFile(certFile, "utf8") };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return cached;
}
