import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";

/** Which address family to listen on. */
export type CliFamily = "ipv4" | "ipv6" | "auto";

/** What the command line asks for, validated but not yet acted upon (no I/O done). */
export interface CliConfig {
  /** `--help` or `--version` given: print and exit. */
  action: "serve" | "help" | "version";
  /** `--host`, as given. */
  host: string | undefined;
  port: number;
  family: CliFamily;
  /** Absolute directory to serve, or `undefined` with `memory`. */
  root: string | undefined;
  memory: boolean;
  /** `--user`/`--pass`, or `undefined` for anonymous access. */
  credentials: { login: string; password: string } | undefined;
  pasvPorts: { min: number; max: number } | undefined;
  pasvAddress: string | undefined;
  /** Certificate and key files, when TLS is on. */
  tls: { certFile: string; keyFile: string; implicit: boolean } | undefined;
  maxConnections: number | undefined;
  quiet: boolean;
}

/** A bad command line: the CLI prints the message and the usage, and exits 2. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

const OPTIONS = {
  host: { type: "string" },
  port: { type: "string" },
  family: { type: "string" },
  root: { type: "string", short: "d" },
  memory: { type: "boolean" },
  user: { type: "string" },
  pass: { type: "string" },
  "pasv-ports": { type: "string" },
  "pasv-address": { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  "implicit-tls": { type: "boolean" },
  "max-connections": { type: "string" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

function integer(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new CliUsageError(`${flag} must be a whole number, got '${text}'`);
  const value = Number(text);
  if (value < min || value > max)
    throw new CliUsageError(`${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function parsePortRange(text: string): { min: number; max: number } {
  const match = /^(\d+)-(\d+)$/.exec(text);
  if (match === null) throw new CliUsageError(`--pasv-ports must look like MIN-MAX, got '${text}'`);
  const min = integer("--pasv-ports", match[1] ?? "", 1, 65535);
  const max = integer("--pasv-ports", match[2] ?? "", 1, 65535);
  if (min > max) throw new CliUsageError(`--pasv-ports: ${min} is above ${max}`);
  return { min, max };
}

function parseFamily(text: string | undefined): CliFamily {
  if (text === undefined) return "auto";
  if (text === "ipv4" || text === "ipv6" || text === "auto") return text;
  throw new CliUsageError(`--family must be ipv4, ipv6 or auto, got '${text}'`);
}

function parseError(error: unknown): CliUsageError {
  const message = error instanceof Error ? error.message : String(error);
  // parseArgs explains itself, but suggests "--" for positionals, which mean nothing here.
  return new CliUsageError(message.replace(/\. To specify a positional argument.*$/s, ""));
}

/**
 * Parses and checks `ftp-server`'s arguments (without the `node` and script names).
 * @throws CliUsageError for unknown flags, missing values, bad numbers and flags that
 * contradict each other.
 */
export function parseCliArgs(argv: readonly string[], cwd = process.cwd()): CliConfig {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true }));
  } catch (error) {
    throw parseError(error);
  }
  const base: CliConfig = {
    action: values.help ? "help" : values.version ? "version" : "serve",
    host: undefined,
    port: 2121,
    family: "auto",
    root: undefined,
    memory: false,
    credentials: undefined,
    pasvPorts: undefined,
    pasvAddress: undefined,
    tls: undefined,
    maxConnections: undefined,
    quiet: values.quiet ?? false,
  };
  if (base.action !== "serve") return base;

  const family = parseFamily(values.family);
  const host = values.host;
  if (host !== undefined) {
    if (host === "") throw new CliUsageError("--host must not be empty");
    const version = net.isIP(host);
    if ((family === "ipv4" && version === 6) || (family === "ipv6" && version === 4))
      throw new CliUsageError(`--host ${host} is not an ${family} address`);
  }
  if (values.memory && values.root !== undefined)
    throw new CliUsageError("give either --root or --memory, not both");
  if (values.root === "") throw new CliUsageError("--root must not be empty");
  if (values.pass !== undefined && values.user === undefined)
    throw new CliUsageError("--pass needs --user");
  if (values.user !== undefined && values.pass === undefined)
    throw new CliUsageError("--user needs --pass");
  if (values.user === "") throw new CliUsageError("--user must not be empty");
  const certFile = values["tls-cert"];
  const keyFile = values["tls-key"];
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new CliUsageError("--tls-cert and --tls-key go together");
  if (values["implicit-tls"] && certFile === undefined)
    throw new CliUsageError("--implicit-tls needs --tls-cert and --tls-key");
  const pasvAddress = values["pasv-address"];
  if (pasvAddress !== undefined && !net.isIPv4(pasvAddress))
    throw new CliUsageError(`--pasv-address must be an IPv4 address, got '${pasvAddress}'`);
  const maxText = values["max-connections"];

  return {
    ...base,
    host,
    port: values.port === undefined ? 2121 : integer("--port", values.port, 0, 65535),
    family,
    root: values.memory ? undefined : path.resolve(cwd, values.root ?? "."),
    memory: values.memory ?? false,
    credentials:
      values.user !== undefined && values.pass !== undefined
        ? { login: values.user, password: values.pass }
        : undefined,
    pasvPorts:
      values["pasv-ports"] === undefined ? undefined : parsePortRange(values["pasv-ports"]),
    pasvAddress,
    tls:
      certFile !== undefined && keyFile !== undefined
        ? {
            certFile: path.resolve(cwd, certFile),
            keyFile: path.resolve(cwd, keyFile),
            implicit: values["implicit-tls"] ?? false,
          }
        : undefined,
    maxConnections:
      maxText === undefined
        ? undefined
        : integer("--max-connections", maxText, 1, Number.MAX_SAFE_INTEGER),
  };
}
