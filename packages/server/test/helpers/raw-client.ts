/**
 * A small raw-socket FTP client for the server's tests: it sends exact lines and returns
 * exact replies, so the tests pin the wire behaviour. Not a general client.
 */
import net from "node:net";
import tls from "node:tls";

/** One reply: code and the text of each line (prefixes removed from first and last). */
export interface TestReply {
  code: number;
  lines: string[];
  /** All lines joined with "\n". */
  text: string;
}

/** Options of {@link RawClient.connect}. */
export interface RawConnectOptions {
  /** Implicit TLS: handshake before the greeting. */
  implicitTls?: boolean;
  /** CA to trust for TLS. */
  ca?: string;
  /** TLS version bounds. */
  maxVersion?: tls.SecureVersion;
  minVersion?: tls.SecureVersion;
  /** Do not read the greeting. */
  skipGreeting?: boolean;
}

/** Reads replies off a control socket. */
export class RawClient {
  socket: net.Socket;
  readonly host: string;
  readonly port: number;
  greeting: TestReply | undefined;
  #buffer = "";
  #replies: TestReply[] = [];
  #waiters: Array<{ resolve: (reply: TestReply) => void; reject: (error: Error) => void }> = [];
  #ended = false;
  #endError: Error | undefined;
  #tlsOptions: { ca?: string; maxVersion?: tls.SecureVersion; minVersion?: tls.SecureVersion } = {};
  /** The TLS session of the control connection (for data-connection reuse). */
  tlsSession: Buffer | undefined;

  private constructor(socket: net.Socket, host: string, port: number) {
    this.socket = socket;
    this.host = host;
    this.port = port;
    this.#listen(socket);
  }

  /** Connects and reads the greeting. */
  static async connect(
    host: string,
    port: number,
    options: RawConnectOptions = {},
  ): Promise<RawClient> {
    let socket: net.Socket;
    const tlsOptions = {
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.maxVersion !== undefined ? { maxVersion: options.maxVersion } : {}),
      ...(options.minVersion !== undefined ? { minVersion: options.minVersion } : {}),
    };
    if (options.implicitTls) {
      socket = tls.connect({ host, port, servername: "localhost", ...tlsOptions });
      await new Promise<void>((resolve, reject) => {
        socket.once("secureConnect", () => resolve());
        socket.once("error", reject);
      });
    } else {
      socket = net.connect({ host, port });
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("error", reject);
      });
    }
    socket.setNoDelay(true);
    const client = new RawClient(socket, host, port);
    client.#tlsOptions = tlsOptions;
    if (options.implicitTls) client.#trackSession(socket as tls.TLSSocket);
    if (!options.skipGreeting) client.greeting = await client.read();
    return client;
  }

  #listen(socket: net.Socket): void {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.#buffer += chunk;
      this.#parse();
    });
    socket.on("error", (error) => {
      this.#endError = error;
    });
    socket.on("close", () => {
      this.#ended = true;
      for (const waiter of this.#waiters.splice(0))
        waiter.reject(this.#endError ?? new Error("connection closed"));
    });
  }

  #trackSession(socket: tls.TLSSocket): void {
    socket.on("session", (session) => {
      this.tlsSession = session;
    });
  }

  #parse(): void {
    for (;;) {
      const lines = this.#buffer.split("\r\n");
      if (lines.length < 2) return;
      const first = lines[0]!;
      const match = /^(\d{3})([ -])(.*)$/.exec(first);
      if (match === null) throw new Error(`bad reply line: ${JSON.stringify(first)}`);
      const code = match[1]!;
      if (match[2] === " ") {
        this.#deliver({ code: Number(code), lines: [match[3]!], text: match[3]! });
        this.#buffer = this.#buffer.slice(first.length + 2);
        continue;
      }
      const texts = [match[3]!];
      let consumed = first.length + 2;
      let done = false;
      for (let i = 1; i < lines.length - 1; i++) {
        const line = lines[i]!;
        consumed += line.length + 2;
        if (line.startsWith(`${code} `)) {
          texts.push(line.slice(4));
          done = true;
          break;
        }
        texts.push(line);
      }
      if (!done) return;
      this.#buffer = this.#buffer.slice(consumed);
      this.#deliver({ code: Number(code), lines: texts, text: texts.join("\n") });
    }
  }

  #deliver(reply: TestReply): void {
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) waiter.resolve(reply);
    else this.#replies.push(reply);
  }

  /** The next reply. */
  read(): Promise<TestReply> {
    const reply = this.#replies.shift();
    if (reply !== undefined) return Promise.resolve(reply);
    if (this.#ended) return Promise.reject(this.#endError ?? new Error("connection closed"));
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** True when a reply arrives within `ms`. */
  async hasReplyWithin(ms: number): Promise<boolean> {
    if (this.#replies.length > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.#replies.length > 0;
  }

  /** Sends raw bytes. */
  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Sends one command line (CRLF added). */
  send(line: string | Buffer): void {
    if (typeof line === "string") this.socket.write(`${line}\r\n`);
    else this.socket.write(Buffer.concat([line, Buffer.from("\r\n")]));
  }

  /** Sends a command and returns its reply. */
  async command(line: string | Buffer): Promise<TestReply> {
    this.send(line);
    return this.read();
  }

  /** USER + PASS (PASS only when asked for). */
  async login(user = "anonymous", password = "anon@"): Promise<TestReply> {
    const reply = await this.command(`USER ${user}`);
    if (reply.code !== 331) return reply;
    return this.command(`PASS ${password}`);
  }

  /** AUTH TLS, then the handshake; PBSZ 0 / PROT P when `protect`. */
  async upgradeToTls(options: { protect?: boolean } = {}): Promise<void> {
    const reply = await this.command("AUTH TLS");
    if (reply.code !== 234) throw new Error(`AUTH TLS refused: ${reply.code} ${reply.text}`);
    const raw = this.socket;
    raw.removeAllListeners("data");
    raw.removeAllListeners("close");
    const secure = tls.connect({ socket: raw, servername: "localhost", ...this.#tlsOptions });
    this.#trackSession(secure);
    await new Promise<void>((resolve, reject) => {
      secure.once("secureConnect", () => resolve());
      secure.once("error", reject);
    });
    this.socket = secure;
    this.#listen(secure);
    if (options.protect ?? true) {
      const pbsz = await this.command("PBSZ 0");
      if (pbsz.code !== 200) throw new Error(`PBSZ refused: ${pbsz.code}`);
      const prot = await this.command("PROT P");
      if (prot.code !== 200) throw new Error(`PROT refused: ${prot.code}`);
    }
  }

  /** EPSV, returns the port. */
  async epsv(): Promise<number> {
    const reply = await this.command("EPSV");
    const match = /\(\|\|\|(\d+)\|\)/.exec(reply.text);
    if (reply.code !== 229 || match === null)
      throw new Error(`EPSV failed: ${reply.code} ${reply.text}`);
    return Number(match[1]);
  }

  /** PASV, returns host and port. */
  async pasv(): Promise<{ host: string; port: number }> {
    const reply = await this.command("PASV");
    const match = /(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)/.exec(reply.text);
    if (reply.code !== 227 || match === null)
      throw new Error(`PASV failed: ${reply.code} ${reply.text}`);
    const n = match.slice(1).map(Number);
    return { host: n.slice(0, 4).join("."), port: n[4]! * 256 + n[5]! };
  }

  /** Opens a data connection to an EPSV port (TLS when `secure`). */
  async openData(
    port: number,
    options: { secure?: boolean; reuseSession?: boolean } = {},
  ): Promise<DataConnection> {
    const raw = net.connect({ host: this.host, port });
    await new Promise<void>((resolve, reject) => {
      raw.once("connect", () => resolve());
      raw.once("error", reject);
    });
    if (!options.secure) return new DataConnection(raw);
    const secure = tls.connect({
      socket: raw,
      servername: "localhost",
      ...this.#tlsOptions,
      ...(options.reuseSession !== false && this.tlsSession !== undefined
        ? { session: this.tlsSession }
        : {}),
    });
    // The server starts TLS on the data connection only once the command arrived, so the
    // handshake runs in the background (writes are buffered until it completes).
    secure.on("error", () => {});
    return new DataConnection(secure);
  }

  /** EPSV + command + data; returns the preliminary reply, the data and the final reply. */
  async transferIn(
    command: string,
    options: { secure?: boolean; rest?: number } = {},
  ): Promise<{ first: TestReply; data: Buffer; last: TestReply | undefined }> {
    const port = await this.epsv();
    const data = await this.openData(port, options);
    if (options.rest !== undefined) await this.command(`REST ${options.rest}`);
    const first = await this.command(command);
    if (first.code >= 400) {
      data.destroy();
      return { first, data: Buffer.alloc(0), last: undefined };
    }
    const bytes = await data.readAll();
    const last = await this.read();
    return { first, data: bytes, last };
  }

  /** EPSV + command + upload of `payload`; returns the replies. */
  async transferOut(
    command: string,
    payload: Buffer | string,
    options: { secure?: boolean; rest?: number } = {},
  ): Promise<{ first: TestReply; last: TestReply | undefined }> {
    const port = await this.epsv();
    const data = await this.openData(port, options);
    if (options.rest !== undefined) await this.command(`REST ${options.rest}`);
    const first = await this.command(command);
    if (first.code >= 400) {
      data.destroy();
      return { first, last: undefined };
    }
    await data.end(payload);
    const last = await this.read();
    return { first, last };
  }

  /** True once the server closed the connection. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Waits until the server closes the connection (or `ms` passes); true when closed. */
  async waitClosed(ms = 2000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.#ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return this.#ended;
  }

  /** Closes the socket. */
  close(): void {
    this.socket.destroy();
  }
}

/** A data connection. */
export class DataConnection {
  readonly socket: net.Socket;
  #chunks: Buffer[] = [];
  #ended: Promise<void>;

  constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => this.#chunks.push(chunk));
    this.#ended = new Promise((resolve) => {
      socket.once("end", () => resolve());
      socket.once("close", () => resolve());
      socket.once("error", () => resolve());
    });
  }

  /** Everything until the server ends the connection. */
  async readAll(): Promise<Buffer> {
    await this.#ended;
    return Buffer.concat(this.#chunks);
  }

  /** Sends `payload` and closes cleanly. */
  async end(payload: Buffer | string): Promise<void> {
    await new Promise<void>((resolve) => this.socket.end(payload, () => resolve()));
    await this.#ended;
  }

  /** Writes without closing. */
  write(payload: Buffer | string): void {
    this.socket.write(payload);
  }

  destroy(): void {
    this.socket.destroy();
  }
}
