import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type EmbeddedServer, startEmbeddedServer, urlHost } from "../../embedded-server.js";
import { type Certificate, makeCertificate } from "../../make-certificate.js";
import { type CliContext, usage } from "../context.js";
import { CliError, EXIT, UsageError } from "../exit-codes.js";

/** Help of `ftp serve`. */
export const SERVE_HELP = `Usage: ftp serve [options] [DIR]

Serves DIR (default: a new in-memory tree) with @ftp/server until Ctrl-C, and prints how to
connect. One user with a generated password unless --user/--password or --anonymous.

Options:
  --host HOST        address to listen on (default 127.0.0.1; 0.0.0.0 or :: for all)
  --port PORT        port (default 2121; 0 picks a free one)
  --user NAME        login name (default ftp)
  --password SECRET  password (default: generated and printed)
  --anonymous        anyone may log in, with any name and password
  --read-only        refuse uploads, deletes, renames and new directories
  --tls              enable explicit FTPS (AUTH TLS); without --tls-cert a certificate
                     for localhost is generated with openssl
  --implicit-tls     TLS from the first byte (ftps://) instead of AUTH TLS
  --tls-cert FILE    PEM certificate (with --tls-key)
  --tls-key FILE     PEM private key
  -q, --quiet        print only the URL
  -h, --help         show this help

Examples:
  ftp serve ./public --read-only --anonymous
  ftp serve --tls --port 0`;

/** Called when the server listens (tests use it). */
export type OnServing = (server: EmbeddedServer) => void;

/** `ftp serve`: runs a server until the context's signal (SIGINT/SIGTERM) fires. */
export async function serve(
  argv: readonly string[],
  context: CliContext,
  onServing?: OnServing,
): Promise<number> {
  const { values, positionals } = usage(() =>
    parseArgs({
      args: [...argv],
      options: {
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string", default: "2121" },
        user: { type: "string" },
        password: { type: "string" },
        anonymous: { type: "boolean", default: false },
        "read-only": { type: "boolean", default: false },
        tls: { type: "boolean", default: false },
        "implicit-tls": { type: "boolean", default: false },
        "tls-cert": { type: "string" },
        "tls-key": { type: "string" },
        quiet: { type: "boolean", short: "q", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    context.stdout.write(`${SERVE_HELP}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError("serve takes at most one directory");
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0-65535, got ${values.port}`);
  if (values.anonymous && (values.user !== undefined || values.password !== undefined))
    throw new UsageError("--anonymous excludes --user and --password");
  if ((values["tls-cert"] === undefined) !== (values["tls-key"] === undefined))
    throw new UsageError("--tls-cert and --tls-key go together");
  const useTls = values.tls || values["implicit-tls"] || values["tls-cert"] !== undefined;
  let certificate: Certificate | undefined;
  let certFile: string | undefined;
  if (useTls) {
    const certPath = values["tls-cert"];
    const keyPath = values["tls-key"];
    if (certPath !== undefined && keyPath !== undefined) {
      try {
        certificate = {
          cert: await readFile(certPath, "utf8"),
          key: await readFile(keyPath, "utf8"),
        };
      } catch (error) {
        throw new CliError(
          EXIT.local,
          `cannot read the TLS key or certificate: ${(error as Error).message}`,
        );
      }
      certFile = path.resolve(certPath);
    } else {
      try {
        certificate = await makeCertificate();
      } catch (error) {
        throw new CliError(EXIT.local, (error as Error).message, { cause: error });
      }
    }
  }
  const root = positionals[0];
  let server: EmbeddedServer;
  try {
    server = await startEmbeddedServer({
      ...(root !== undefined ? { root: path.resolve(context.cwd, root) } : {}),
      host: values.host,
      port,
      user: values.user ?? "ftp",
      ...(values.password !== undefined ? { password: values.password } : {}),
      anonymous: values.anonymous,
      readOnly: values["read-only"],
      ...(certificate ? { tls: certificate, implicitTls: values["implicit-tls"] } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL")
      throw new CliError(
        EXIT.connection,
        `cannot listen on ${values.host}:${port}: ${(error as Error).message}`,
      );
    throw new CliError(EXIT.local, (error as Error).message, { cause: error });
  }
  try {
    if (certificate && certFile === undefined) {
      certFile = path.join(tmpdir(), `ftp-serve-${server.port}-cert.pem`);
      await writeFile(certFile, certificate.cert);
    }
    const lines = [`URL       ${server.url}`];
    if (!values.quiet) {
      const where = server.root === "memory" ? "an in-memory tree" : server.root;
      lines.unshift(`Serving ${where}${values["read-only"] ? " (read-only)" : ""}`);
      lines.push(`host      ${urlHost(server.host)}`, `port      ${server.port}`);
      if (values.anonymous) lines.push("user      anonymous (any name and password)");
      else lines.push(`user      ${server.user}`, `password  ${server.password}`);
      if (certificate)
        lines.push(
          `TLS       ${values["implicit-tls"] ? "implicit (ftps://)" : "explicit (AUTH TLS)"}, certificate ${certFile}`,
        );
      lines.push("Press Ctrl-C to stop.");
    }
    context.stdout.write(`${lines.join("\n")}\n`);
    onServing?.(server);
    const signal = context.signal;
    if (signal && !signal.aborted) await once(signal, "abort");
    if (!values.quiet) context.stdout.write("Stopping.\n");
  } finally {
    await server.close();
  }
  return 0;
}
