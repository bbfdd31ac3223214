import type { ParseArgsConfig } from "node:util";
import type { OutputStream } from "../progress-display.js";
import { UsageError } from "./exit-codes.js";
import type { ConnectionFlags } from "./target.js";

/** What a command runs with: the process's streams, environment and directory by default. */
export interface CliContext {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  /** Directory relative local paths are resolved against. */
  cwd: string;
  /** Interrupts the command (SIGINT/SIGTERM in the real program). */
  signal?: AbortSignal;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options of every command that talks to a server. */
export const CONNECTION_OPTIONS = {
  tls: { type: "boolean", default: false },
  insecure: { type: "boolean", short: "k", default: false },
  ca: { type: "string" },
  "netrc-file": { type: "string" },
  active: { type: "boolean", default: false },
  timeout: { type: "string", default: "30" },
  quiet: { type: "boolean", short: "q", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies Options;

/** Help text of {@link CONNECTION_OPTIONS}. */
export const CONNECTION_HELP = `Connection options:
  --tls              explicit FTPS (AUTH TLS) on an ftp:// URL; ftps:// is implicit TLS
  --ca FILE          trust this PEM certificate (or CA bundle) for TLS
  -k, --insecure     do not verify the server's TLS certificate
  --netrc-file FILE  read credentials from FILE (default $NETRC or ~/.netrc)
  --active           active mode (EPRT/PORT) instead of passive (EPSV/PASV)
  --timeout SECONDS  connect timeout (default 30)
  -q, --quiet        no progress output
  -h, --help         show this help`;

/** Runs a `parseArgs` call, turning its errors into {@link UsageError}. */
export function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A positive integer option. */
export function positiveInteger(name: string, value: string, max = 64): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max)
    throw new UsageError(`${name} must be an integer from 1 to ${max}, got ${value}`);
  return number;
}

/** The connection flags from parsed values of {@link CONNECTION_OPTIONS}. */
export function connectionFlags(values: {
  tls?: boolean;
  insecure?: boolean;
  ca?: string;
  "netrc-file"?: string;
  active?: boolean;
  timeout?: string;
}): ConnectionFlags {
  const timeout = Number(values.timeout ?? "30");
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new UsageError(`--timeout must be a positive number of seconds, got ${values.timeout}`);
  return {
    tls: values.tls ?? false,
    insecure: values.insecure ?? false,
    ca: values.ca,
    netrcFile: values["netrc-file"],
    active: values.active ?? false,
    timeout,
  };
}
