import net from "node:net";
import { FtpError } from "@ftp/protocol";

/** A SOCKS proxy both the control and the (passive) data connections go through. */
export interface SocksOptions {
  /** Proxy host. */
  host: string;
  /** Proxy port (often 1080). */
  port: number;
  /** SOCKS version: 4 (4a for host names) or 5 (default). */
  type?: 4 | 5;
  /** User name (SOCKS5 username/password authentication) or user id (SOCKS4). */
  userId?: string;
  /** Password (SOCKS5 only). */
  password?: string;
}

/** The SOCKS proxy refused or failed the request. */
export class SocksError extends FtpError {
  constructor(message: string, options?: ErrorOptions) {
    super("ERR_FTP_SOCKS", message, options);
  }
}

const SOCKS5_REPLIES: Record<number, string> = {
  1: "general failure",
  2: "connection not allowed by ruleset",
  3: "network unreachable",
  4: "host unreachable",
  5: "connection refused",
  6: "TTL expired",
  7: "command not supported",
  8: "address type not supported",
};

/** Reads exact byte counts from a socket during the handshake. */
class HandshakeReader {
  #buffer = Buffer.alloc(0);
  #wake: (() => void) | undefined;
  #failure: Error | undefined;
  readonly #socket: net.Socket;

  constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on("data", this.#onData);
    socket.once("error", this.#onEnd);
    socket.once("close", this.#onEnd);
  }

  readonly #onData = (chunk: Buffer) => {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    this.#wake?.();
  };

  readonly #onEnd = (error?: unknown) => {
    this.#failure ??= new SocksError("the SOCKS proxy closed the connection", {
      cause: error instanceof Error ? error : undefined,
    });
    this.#wake?.();
  };

  async read(count: number): Promise<Buffer> {
    while (this.#buffer.length < count) {
      if (this.#failure) throw this.#failure;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
    const result = this.#buffer.subarray(0, count);
    this.#buffer = this.#buffer.subarray(count);
    return result;
  }

  /** Stops listening; returns bytes that arrived after the handshake (none expected). */
  detach(): Buffer {
    this.#socket.off("data", this.#onData);
    this.#socket.off("error", this.#onEnd);
    this.#socket.off("close", this.#onEnd);
    this.#socket.pause();
    return this.#buffer;
  }
}

function portBytes(port: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(port);
  return bytes;
}

function ipv6Bytes(host: string): Buffer {
  const [head = "", tail = ""] = host.split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts = host.includes("::")
    ? [...headParts, ...Array<string>(missing).fill("0"), ...tailParts]
    : headParts;
  const bytes = Buffer.alloc(16);
  for (const [i, part] of parts.entries()) bytes.writeUInt16BE(Number.parseInt(part, 16), i * 2);
  return bytes;
}

async function socks5(
  reader: HandshakeReader,
  socket: net.Socket,
  options: SocksOptions,
  host: string,
  port: number,
) {
  const withAuth = options.userId !== undefined;
  socket.write(Buffer.from(withAuth ? [5, 2, 0, 2] : [5, 1, 0]));
  const [, method] = await reader.read(2);
  if (method === 2) {
    const user = Buffer.from(options.userId ?? "");
    const password = Buffer.from(options.password ?? "");
    socket.write(
      Buffer.concat([
        Buffer.from([1, user.length]),
        user,
        Buffer.from([password.length]),
        password,
      ]),
    );
    const [, status] = await reader.read(2);
    if (status !== 0) throw new SocksError("the SOCKS proxy refused the user name or password");
  } else if (method !== 0) {
    throw new SocksError("the SOCKS proxy accepts none of the offered authentication methods");
  }
  let address: Buffer;
  if (net.isIPv4(host)) address = Buffer.from([1, ...host.split(".").map(Number)]);
  else if (net.isIPv6(host) && !host.includes("."))
    address = Buffer.concat([Buffer.from([4]), ipv6Bytes(host)]);
  else {
    const name = Buffer.from(host);
    address = Buffer.concat([Buffer.from([3, name.length]), name]);
  }
  socket.write(Buffer.concat([Buffer.from([5, 1, 0]), address, portBytes(port)]));
  const [, reply, , type] = await reader.read(4);
  if (reply !== 0)
    throw new SocksError(
      `the SOCKS proxy could not connect: ${SOCKS5_REPLIES[reply ?? 1] ?? `error ${reply}`}`,
    );
  const length = type === 1 ? 4 : type === 4 ? 16 : ((await reader.read(1))[0] ?? 0);
  await reader.read(length + 2);
}

async function socks4(
  reader: HandshakeReader,
  socket: net.Socket,
  options: SocksOptions,
  host: string,
  port: number,
) {
  const user = Buffer.from(options.userId ?? "");
  const isIp = net.isIPv4(host);
  if (!isIp && net.isIPv6(host)) throw new SocksError("SOCKS4 cannot reach IPv6 addresses");
  const ip = isIp ? Buffer.from(host.split(".").map(Number)) : Buffer.from([0, 0, 0, 1]);
  const name = isIp ? Buffer.alloc(0) : Buffer.concat([Buffer.from(host), Buffer.from([0])]);
  socket.write(
    Buffer.concat([Buffer.from([4, 1]), portBytes(port), ip, user, Buffer.from([0]), name]),
  );
  const [, status] = await reader.read(8);
  if (status !== 0x5a)
    throw new SocksError(`the SOCKS4 proxy refused the request (status ${status})`);
}

/**
 * Opens a TCP connection to `host:port` through the SOCKS proxy (SOCKS5 with optional
 * username/password, or SOCKS4/4a). Built in: no extra package is needed.
 */
export async function connectThroughSocks(
  options: SocksOptions,
  host: string,
  port: number,
  signal?: AbortSignal,
): Promise<net.Socket> {
  signal?.throwIfAborted();
  const socket = net.connect({ host: options.host, port: options.port, noDelay: true });
  const onAbort = () => socket.destroy();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    socket.removeAllListeners("error");
    const reader = new HandshakeReader(socket);
    if ((options.type ?? 5) === 5) await socks5(reader, socket, options, host, port);
    else await socks4(reader, socket, options, host, port);
    const rest = reader.detach();
    if (rest.length > 0) socket.unshift(rest);
    socket.on("error", () => {});
    signal?.throwIfAborted();
    return socket;
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}
