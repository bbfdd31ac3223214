import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A PEM private key and the self-signed certificate that goes with it. */
export interface Certificate {
  /** PEM private key (EC P-256). */
  key: string;
  /** PEM self-signed certificate. */
  cert: string;
}

/** Options of {@link makeCertificate}. */
export interface MakeCertificateOptions {
  /** Names the certificate is valid for. Default `localhost`, `127.0.0.1`, `::1`. */
  hosts?: readonly string[];
  /** Days of validity. Default 7. */
  days?: number;
  /** The `openssl` executable. Default `"openssl"` (found on `PATH`). */
  openssl?: string;
}

/** `openssl` could not be run, or failed; the message says what to do. */
export class CertificateError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CertificateError";
  }
}

function subjectAltName(hosts: readonly string[]): string {
  return hosts
    .map((host) => (/^[\d.]+$/.test(host) || host.includes(":") ? `IP:${host}` : `DNS:${host}`))
    .join(",");
}

/**
 * Generates a fresh self-signed certificate with the machine's `openssl` (nothing is kept on
 * disk: the key and certificate are read back and the temporary directory removed).
 *
 * @throws CertificateError when `openssl` is missing or fails.
 */
export async function makeCertificate(options: MakeCertificateOptions = {}): Promise<Certificate> {
  const hosts = options.hosts ?? ["localhost", "127.0.0.1", "::1"];
  const openssl = options.openssl ?? "openssl";
  const dir = await mkdtemp(path.join(tmpdir(), "ftp-demo-cert-"));
  try {
    const keyFile = path.join(dir, "key.pem");
    const certFile = path.join(dir, "cert.pem");
    try {
      await run(openssl, [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        String(options.days ?? 7),
        "-subj",
        `/CN=${hosts[0] ?? "localhost"}`,
        "-addext",
        `subjectAltName=${subjectAltName(hosts)}`,
        "-keyout",
        keyFile,
        "-out",
        certFile,
      ]);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT")
        throw new CertificateError(
          `"${openssl}" was not found on PATH; it is needed to generate a TLS certificate. ` +
            "Install OpenSSL (apt-get install openssl, dnf install openssl, brew install openssl) " +
            "or run without TLS (demo: --no-tls).",
          { cause: error },
        );
      const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
      throw new CertificateError(
        `openssl failed to generate a certificate (OpenSSL 1.1.1 or newer is needed)${stderr ? `: ${stderr}` : ""}`,
        { cause: error },
      );
    }
    return { key: await readFile(keyFile, "utf8"), cert: await readFile(certFile, "utf8") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
