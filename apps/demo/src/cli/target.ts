import { readFile } from "node:fs/promises";
import type tls from "node:tls";
import { Client, type ClientOptions, ClientPool } from "@ftp/client";
import { DEFAULT_PASSWORD, DEFAULT_USER } from "@ftp/protocol";
import { CliError, EXIT, exitCodeFor, UsageError } from "./exit-codes.js";
import { defaultNetrcPath, lookupNetrc } from "./netrc.js";

/** A parsed `ftp://` or `ftps://` URL. */
export interface FtpUrl {
  /** `ftps` = implicit TLS. */
  scheme: "ftp" | "ftps";
  host: string;
  port: number;
  /** Decoded path, as given (`""` when the URL has none). */
  path: string;
  user: string | undefined;
  password: string | undefined;
}

/** True when `text` looks like an FTP URL rather than a local path. */
export function isFtpUrl(text: string): boolean {
  return /^ftps?:\/\//i.test(text);
}

/** Parses `ftp://user:pass@host:port/path` (`ftps://` for implicit TLS, default port 990). */
export function parseFtpUrl(text: string): FtpUrl {
  if (!isFtpUrl(text)) throw new UsageError(`not an ftp:// or ftps:// URL: ${text}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`malformed URL: ${text}`);
  }
  const scheme = url.protocol === "ftps:" ? "ftps" : "ftp";
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "") throw new UsageError(`no host in URL: ${text}`);
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      throw new UsageError(`bad percent-encoding in URL: ${text}`);
    }
  };
  return {
    scheme,
    host,
    port: url.port === "" ? (scheme === "ftps" ? 990 : 21) : Number(url.port),
    path: decode(url.pathname),
    user: url.username === "" ? undefined : decode(url.username),
    password: url.password === "" ? undefined : decode(url.password),
  };
}

/** Options every remote command takes. */
export interface ConnectionFlags {
  /** Explicit FTPS (AUTH TLS) on an `ftp://` URL. */
  tls: boolean;
  /** Do not verify the server's certificate. */
  insecure: boolean;
  /** PEM file of the certificate authority (or self-signed certificate) to trust. */
  ca: string | undefined;
  /** netrc file to read credentials from. */
  netrcFile: string | undefined;
  /** Active mode (EPRT/PORT) instead of passive. */
  active: boolean;
  /** Connect timeout in seconds. */
  timeout: number;
}

/** Where to connect and as whom, with the client options that go with it. */
export interface Endpoint {
  host: string;
  port: number;
  user: string;
  password: string;
  /** TLS options for explicit FTPS, or `undefined`. */
  explicitTls: tls.ConnectionOptions | undefined;
  clientOptions: ClientOptions;
}

/**
 * Works out credentials (URL, then `FTP_USER`/`FTP_PASSWORD`, then netrc, then anonymous)
 * and TLS settings for `url`.
 */
export async function resolveEndpoint(
  url: FtpUrl,
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
): Promise<Endpoint> {
  let user = url.user ?? env.FTP_USER;
  let password =
    url.password ??
    (url.user === undefined || env.FTP_USER === url.user ? env.FTP_PASSWORD : undefined);
  if (password === undefined) {
    const file = flags.netrcFile ?? defaultNetrcPath(env);
    let entry: Awaited<ReturnType<typeof lookupNetrc>>;
    try {
      entry = await lookupNetrc(file, url.host);
    } catch (error) {
      throw new CliError(EXIT.local, `cannot read netrc file ${file}: ${(error as Error).message}`);
    }
    if (entry && (user === undefined || entry.login === undefined || entry.login === user)) {
      user ??= entry.login;
      password = entry.password;
    }
  }
  let tlsOptions: tls.ConnectionOptions | undefined;
  if (url.scheme === "ftps" || flags.tls) {
    tlsOptions = { rejectUnauthorized: !flags.insecure };
    if (flags.ca !== undefined) {
      try {
        tlsOptions.ca = await readFile(flags.ca, "utf8");
      } catch (error) {
        throw new CliError(EXIT.local, `cannot read --ca ${flags.ca}: ${(error as Error).message}`);
      }
    }
  } else if (flags.insecure || flags.ca !== undefined) {
    throw new UsageError("--insecure and --ca need TLS: use an ftps:// URL or --tls");
  }
  const clientOptions: ClientOptions = {
    connectionTimeout: flags.timeout * 1000,
    socketTimeout: Math.max(60_000, flags.timeout * 1000),
  };
  if (url.scheme === "ftps" && tlsOptions) clientOptions.ssl = tlsOptions;
  if (flags.active) {
    clientOptions.passiveCommands = [];
    clientOptions.activeCommands = ["eprt", "port"];
  }
  return {
    host: url.host,
    port: url.port,
    user: user ?? DEFAULT_USER,
    password: password ?? (user === undefined ? DEFAULT_PASSWORD : ""),
    explicitTls: url.scheme === "ftp" ? tlsOptions : undefined,
    clientOptions,
  };
}

/**
 * Connects and logs in. Any failure here is a connection/auth failure (exit 3), reported with
 * the server's words.
 */
export async function openClient(
  endpoint: Endpoint,
  signal: AbortSignal | undefined,
  extra: ClientOptions = {},
): Promise<Client> {
  const client = new Client({ ...endpoint.clientOptions, ...extra });
  const call = signal ? { signal } : {};
  try {
    await client.connect(endpoint.host, endpoint.port, call);
    if (endpoint.explicitTls) await client.upgradeToTls(endpoint.explicitTls, call);
    await client.login(endpoint.user, endpoint.password, undefined, call);
    return client;
  } catch (error) {
    client.close();
    throw new CliError(
      exitCodeFor(error, "connect"),
      `cannot log in to ${endpoint.host}:${endpoint.port} as ${endpoint.user}: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { cause: error },
    );
  }
}

/** A pool of `size` logged-in sessions to `endpoint`. */
export function openPool(endpoint: Endpoint, size: number, extra: ClientOptions = {}): ClientPool {
  return new ClientPool({
    ...endpoint.clientOptions,
    ...extra,
    host: endpoint.host,
    port: endpoint.port,
    user: endpoint.user,
    password: endpoint.password,
    ...(endpoint.explicitTls ? { upgradeToTls: endpoint.explicitTls } : {}),
    size,
  });
}
