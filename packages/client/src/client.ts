import { EventEmitter } from "node:events";
import net from "node:net";
import { posix } from "node:path";
import type tls from "node:tls";
import {
  Code,
  type CodeLike,
  DEFAULT_ACCOUNT,
  DEFAULT_PASSWORD,
  DEFAULT_PORT,
  DEFAULT_USER,
  formatMdtmTime,
  type ListEntry,
  type ListInfo,
  parseDirectoryResponse,
  parseFeatReply,
  parseMdtmTime,
  parseMlsxLine,
  type Reply,
  StatusCodeError,
} from "@ftp/protocol";
import { StreamThrottle } from "@ftp/stream";
import type {
  CallOptions,
  ClientEvents,
  ContextOptions,
  ListOptions,
  MakeDirectoryOptions,
  StreamOptions,
} from "./call-options.js";
import { codes } from "./codes.js";
import type { Release } from "./command-queue.js";
import { connectTcp, serverNameFor, startTlsClient } from "./connect.js";
import { ControlConnection } from "./control-connection.js";
import { Conversation, type Session } from "./conversation.js";
import { DataNegotiator } from "./data-negotiator.js";
import { DataStream } from "./data-stream.js";
import { withDeadline } from "./deadline.js";
import { abortError, throwIfAborted } from "./errors.js";
import { Lister } from "./lister.js";
import { parseListingLines, splitLines } from "./listing.js";
import { type ClientOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { ProgressTracker, type TransferProgress } from "./progress.js";
import { resyncAfterAbort } from "./resync.js";
import { type TransferOptions, TreeTransfer } from "./tree-transfer.js";

const NOT_FOUND = ["550", "450"];

/** The text of a one-line reply, or of the line holding the value in a multi-line one. */
function replyText(reply: Reply): string {
  return reply.lines.join(" ");
}

/**
 * An FTP/FTPS client. One instance is one control connection; calls made concurrently are
 * queued and run one after the other, never interleaved on the wire. Every method accepts
 * an `AbortSignal`; cancelling leaves the client usable (ABOR for running transfers).
 *
 * @example
 * ```ts
 * const client = new Client();
 * await client.connect("ftp.example.com");
 * await client.login("user", "secret");
 * for await (const [path, info] of client.list("/pub")) console.log(path, info.type);
 * await client.download("/pub/file.txt", "./downloads");
 * await client.quit();
 * ```
 */
export class Client extends EventEmitter<ClientEvents> {
  readonly #options: ResolvedOptions;
  readonly #talk: Conversation;
  readonly #throttle: StreamThrottle | undefined;
  readonly #tree: TreeTransfer;
  #host = "";
  #port = DEFAULT_PORT;
  #features: Map<string, string> | undefined;
  #featuresKnown = false;
  readonly #negotiator: DataNegotiator;
  #type: string | undefined;
  #dataTls: tls.ConnectionOptions | undefined;
  #mlstUnsupported = false;
  #mlsdUnsupported = false;
  #activeStream: DataStream | undefined;

  constructor(options: ClientOptions = {}) {
    super();
    this.#options = resolveOptions(options);
    this.#talk = new Conversation(this.#options.replyTimeout);
    const { readSpeedLimit, writeSpeedLimit } = this.#options;
    if (readSpeedLimit !== undefined || writeSpeedLimit !== undefined)
      this.#throttle = StreamThrottle.fromLimits(readSpeedLimit, writeSpeedLimit);
    this.#tree = new TreeTransfer(this, this.#options);
    this.#negotiator = new DataNegotiator(this.#options);
  }

  /**
   * Creates a client, connects, optionally upgrades to TLS, logs in, runs `fn`, then quits
   * (or closes, when something failed) and returns what `fn` returned.
   */
  static async context<T>(
    host: string,
    options: ContextOptions,
    fn: (client: Client) => Promise<T>,
  ): Promise<T> {
    const { port, user, password, account, upgradeToTls, signal, ...clientOptions } = options;
    const client = new Client(clientOptions);
    const call: CallOptions = signal ? { signal } : {};
    let result: T;
    try {
      await client.connect(host, port ?? DEFAULT_PORT, call);
      if (upgradeToTls)
        await client.upgradeToTls(upgradeToTls === true ? undefined : upgradeToTls, call);
      await client.login(user, password, account, call);
      result = await fn(client);
    } catch (error) {
      client.close();
      throw error;
    }
    await client.quit(call);
    return result;
  }

  /** The host given to `connect`. */
  get host(): string {
    return this.#host;
  }

  /** The port given to `connect`. */
  get port(): number {
    return this.#port;
  }

  /** True while the control connection is open. */
  get connected(): boolean {
    return this.#talk.control !== undefined && this.#talk.control.error === undefined;
  }

  /** True when the control connection is TLS (implicit or after `upgradeToTls`). */
  get secure(): boolean {
    return this.#talk.control?.secure ?? false;
  }

  /** The speed limits of this client's data connections; `limit`s can be changed any time. */
  get throttle(): StreamThrottle | undefined {
    return this.#throttle;
  }

  // ---- connection -----------------------------------------------------------------------

  /**
   * Opens the control connection (TLS from the start when the `ssl` option is set) and
   * reads the greeting (220, skipping 120). Resolves with the greeting's lines.
   */
  async connect(
    host: string,
    port: number = DEFAULT_PORT,
    options: CallOptions = {},
  ): Promise<string[]> {
    const { signal } = options;
    return this.#talk.run(
      signal,
      async () => {
        this.#talk.control?.destroy();
        this.#talk.control = undefined;
        this.#resetSession();
        this.#host = host;
        this.#port = port;
        const opts = this.#options;
        let socket: net.Socket = await connectTcp({
          host,
          port,
          timeout: opts.connectionTimeout,
          signal,
          phase: "connect",
          socks: opts.socks,
        });
        if (opts.ssl) {
          const tlsOptions = this.#tlsOptions(opts.ssl);
          const started = startTlsClient(socket, tlsOptions);
          try {
            await withDeadline(started.ready, {
              timeout: opts.connectionTimeout,
              phase: "tls",
              what: "TLS handshake (implicit FTPS)",
              signal,
            });
          } catch (error) {
            started.socket.destroy();
            throw error;
          }
          socket = started.socket;
          this.#dataTls = tlsOptions;
        }
        const control = new ControlConnection(socket, {
          encoding: opts.encoding,
          replyTimeout: opts.replyTimeout,
        });
        this.#talk.control = control;
        const session = { control, signal };
        try {
          for (;;) {
            const reply = await control.readReply(
              "waiting for the greeting",
              opts.connectionTimeout,
              "connect",
            );
            if (reply.code.matches("120")) continue;
            if (!reply.code.matches("220"))
              throw new StatusCodeError(codes(["220"]), [reply.code], reply.lines);
            return reply.lines;
          }
        } catch (error) {
          this.#talk.desync(error instanceof Error ? error : new Error(String(error)));
          void session;
          throw error;
        }
      },
      false,
    );
  }

  #resetSession(): void {
    this.#features = undefined;
    this.#featuresKnown = false;
    this.#type = undefined;
    this.#dataTls = undefined;
    this.#mlstUnsupported = false;
    this.#mlsdUnsupported = false;
    this.#negotiator.reset();
  }

  #tlsOptions(options: tls.ConnectionOptions | undefined): tls.ConnectionOptions {
    const result: tls.ConnectionOptions = { ...options };
    const servername = serverNameFor(this.#host);
    if (servername && result.servername === undefined) result.servername = servername;
    if (result.host === undefined && net.isIP(this.#host) !== 0) result.host = this.#host;
    return result;
  }

  /**
   * Logs in: USER, then PASS on 331 and ACCT on 332, until 230. Any other 33x or an error
   * reply rejects with `StatusCodeError`.
   */
  async login(
    user: string = DEFAULT_USER,
    password: string = DEFAULT_PASSWORD,
    account: string = DEFAULT_ACCOUNT,
    options: CallOptions = {},
  ): Promise<void> {
    await this.#talk.run(options.signal, async (session) => {
      let reply = await this.#talk.exchange(session, "USER", user, ["230", "33x"]);
      while (reply.code.matches("33x")) {
        if (reply.code.equals("331"))
          reply = await this.#talk.exchange(session, "PASS", password, ["230", "33x"]);
        else if (reply.code.equals("332"))
          reply = await this.#talk.exchange(session, "ACCT", account, ["230", "33x"]);
        else throw new StatusCodeError(codes(["331", "332"]), [reply.code], reply.lines);
      }
      this.#features = undefined;
      this.#featuresKnown = false;
      this.#type = undefined;
    });
  }

  /**
   * Explicit FTPS: AUTH TLS (234), the TLS handshake on the control connection, then PBSZ 0
   * and PROT P (or PROT C with `dataProtection: "clear"`). Data connections then use TLS and
   * resume the control connection's TLS session.
   */
  async upgradeToTls(tlsOptions?: tls.ConnectionOptions, options: CallOptions = {}): Promise<void> {
    if (this.#options.ssl) throw new TypeError("implicit FTPS (ssl option) is already in use");
    await this.#talk.run(options.signal, async (session) => {
      await this.#talk.exchange(session, "AUTH", "TLS", ["234"]);
      const secureOptions = this.#tlsOptions(tlsOptions);
      try {
        await session.control.startTls(secureOptions, this.#options.connectionTimeout);
      } catch (error) {
        this.#talk.desync(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
      await this.#talk.exchange(session, "PBSZ", "0", ["200"]);
      const clear = this.#options.dataProtection === "clear";
      await this.#talk.exchange(session, "PROT", clear ? "C" : "P", ["200"]);
      this.#dataTls = clear ? undefined : secureOptions;
      this.#features = undefined;
      this.#featuresKnown = false;
    });
  }

  /**
   * Sends a raw command and reads its reply, skipping replies that match `wait` and checking
   * the final one against `expected` (masks like `"2xx"`). Without expected codes the reply
   * is returned whatever its code. A reply is always read, so the connection stays in sync.
   */
  async command(
    command: string,
    expected: CodeLike | readonly CodeLike[] = [],
    wait: CodeLike | readonly CodeLike[] = [],
    options: CallOptions = {},
  ): Promise<Reply> {
    const expectedList = Array.isArray(expected) ? expected : [expected as CodeLike];
    const waitList = Array.isArray(wait) ? wait : [wait as CodeLike];
    const space = command.indexOf(" ");
    const verb = space < 0 ? command : command.slice(0, space);
    const argument = space < 0 ? undefined : command.slice(space + 1);
    return this.#talk.run(options.signal, (session) =>
      this.#talk.exchange(session, verb, argument, expectedList, waitList),
    );
  }

  /** Sends QUIT (2xx expected) and closes the connection. */
  async quit(options: CallOptions = {}): Promise<void> {
    if (!this.connected) {
      this.close();
      return;
    }
    try {
      await this.#talk.run(options.signal, async (session) => {
        await this.#talk.exchange(session, "QUIT", undefined, ["2xx"]);
        await session.control.close();
      });
    } finally {
      this.close();
    }
  }

  /**
   * Closes the control connection at once (no QUIT), and the data connection of an open
   * stream. The client can `connect` again.
   */
  close(): void {
    this.#talk.control?.destroy();
    // an open stream cannot finish without the control connection: drop its data connection
    this.#activeStream?.abort().catch(() => {});
  }

  /** The features the server announces (FEAT), fetched once per login and cached. */
  async features(options: CallOptions = {}): Promise<Map<string, string>> {
    return this.#talk.run(options.signal, (session) => this.#getFeatures(session));
  }

  async #getFeatures(session: Session): Promise<Map<string, string>> {
    if (this.#features) return this.#features;
    let features: Map<string, string>;
    try {
      const reply = await this.#talk.exchange(session, "FEAT", undefined, ["211"]);
      features = parseFeatReply(reply.lines);
      this.#featuresKnown = true;
    } catch (error) {
      if (!(error instanceof StatusCodeError)) throw error;
      features = new Map();
    }
    this.#features = features;
    return features;
  }

  // ---- directories ------------------------------------------------------------------------

  /** PWD: the current directory. */
  async getCurrentDirectory(options: CallOptions = {}): Promise<string> {
    return this.#talk.run(options.signal, async (session) => {
      const reply = await this.#talk.exchange(session, "PWD", undefined, ["257"]);
      const line = reply.lines.find((text) => text.includes('"')) ?? replyText(reply);
      return parseDirectoryResponse(line);
    });
  }

  /** CWD `path`, or CDUP for `".."` (the default). */
  async changeDirectory(path = "..", options: CallOptions = {}): Promise<void> {
    await this.#talk.run(options.signal, (session) =>
      path === ".."
        ? this.#talk.exchange(session, "CDUP", undefined, ["2xx"])
        : this.#talk.exchange(session, "CWD", path, ["2xx"]),
    );
  }

  /** MKD, for `path` and (with `parents`, the default) its missing parents; existing is fine. */
  async makeDirectory(path: string, options: MakeDirectoryOptions = {}): Promise<void> {
    const parents = options.parents ?? true;
    await this.#talk.run(options.signal, async (session) => {
      const missing: string[] = [];
      let current = path;
      while (
        current !== "" &&
        current !== "." &&
        current !== "/" &&
        !(await this.#exists(session, current))
      ) {
        missing.push(current);
        if (!parents) break;
        const parent = posix.dirname(current);
        if (parent === current) break;
        current = parent;
      }
      for (const directory of missing.reverse())
        await this.#talk.exchange(session, "MKD", directory, ["257"]);
    });
  }

  /** RMD `path`. */
  async removeDirectory(path: string, options: CallOptions = {}): Promise<void> {
    await this.#talk.run(options.signal, (session) =>
      this.#talk.exchange(session, "RMD", path, ["2xx"]),
    );
  }

  // ---- listings ---------------------------------------------------------------------------

  /**
   * Lists `path` (default: the current directory) with MLSD, falling back to LIST on a 50x
   * reply. Iterate lazily with `for await`, or `await` for an array of `[path, info]`.
   */
  list(path = "", options: ListOptions = {}): Lister {
    const { rawCommand, signal } = options;
    if (rawCommand !== undefined && rawCommand !== "MLSD" && rawCommand !== "LIST")
      throw new TypeError(`rawCommand must be "MLSD" or "LIST", got ${String(rawCommand)}`);
    return new Lister(path, options.recursive ?? false, (directory) =>
      this.#talk.run(signal, (session) => this.#listDirectory(session, directory, rawCommand)),
    );
  }

  async #listDirectory(
    session: Session,
    path: string,
    rawCommand: "MLSD" | "LIST" | undefined,
  ): Promise<ListEntry[]> {
    const kinds: ("MLSD" | "LIST")[] = rawCommand
      ? [rawCommand]
      : this.#mlsdUnsupported
        ? ["LIST"]
        : ["MLSD", "LIST"];
    for (const [index, kind] of kinds.entries()) {
      try {
        const data = await this.#readAll(session, kind, path);
        return parseListingLines(splitLines(data, this.#options.encoding), kind, {
          custom: this.#options.parseListLineCustom,
          customFirst: this.#options.parseListLineCustomFirst,
        });
      } catch (error) {
        const fallBack =
          index < kinds.length - 1 &&
          error instanceof StatusCodeError &&
          error.receivedCodes.some((code) => code.matches("50x"));
        if (!fallBack) throw error;
        this.#mlsdUnsupported = true;
      }
    }
    throw new Error("unreachable");
  }

  /** Runs a transfer command and collects all its data (bounded by `maxListingSize`). */
  async #readAll(session: Session, verb: string, path: string): Promise<Buffer> {
    const stream = await this.#openTransfer(session, () => {}, {
      verb,
      path: path === "" ? undefined : path,
      mode: "read",
      offset: 0,
      progress: undefined,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for (;;) {
        const chunk = await stream.read(
          undefined,
          session.signal ? { signal: session.signal } : {},
        );
        if (chunk.length === 0) break;
        size += chunk.length;
        if (size > this.#options.maxListingSize)
          throw new RangeError(
            `${verb} listing exceeds maxListingSize (${this.#options.maxListingSize} bytes)`,
          );
        chunks.push(chunk);
      }
    } catch (error) {
      // keep the queue until the control connection is back in sync
      await stream.abort().catch(() => {});
      throw error;
    }
    await stream.finish();
    return Buffer.concat(chunks);
  }

  /** NLST: the names in `path`. */
  async listNames(path = "", options: CallOptions = {}): Promise<string[]> {
    return this.#talk.run(options.signal, async (session) =>
      splitLines(await this.#readAll(session, "NLST", path), this.#options.encoding),
    );
  }

  // ---- metadata ---------------------------------------------------------------------------

  /**
   * Facts about `path`: MLST when the server has it, else the entry from its parent's listing.
   * A missing path rejects with `StatusCodeError` (550).
   */
  async stat(path: string, options: CallOptions = {}): Promise<ListInfo> {
    return this.#talk.run(options.signal, (session) => this.#stat(session, path));
  }

  async #stat(session: Session, path: string): Promise<ListInfo> {
    const features = await this.#getFeatures(session);
    const tryMlst = !this.#mlstUnsupported && (!this.#featuresKnown || features.has("MLST"));
    if (tryMlst) {
      try {
        const reply = await this.#talk.exchange(session, "MLST", path, ["2xx"]);
        const body = reply.lines.slice(1, -1).find((line) => line.trim() !== "");
        const line = (body ?? reply.lines[0] ?? "").trim();
        return parseMlsxLine(line)[1];
      } catch (error) {
        if (
          !(error instanceof StatusCodeError) ||
          !error.receivedCodes.some((c) => c.matches("50x"))
        )
          throw error;
        this.#mlstUnsupported = true;
      }
    }
    const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
    const name = posix.basename(trimmed);
    if (name === "" || trimmed === "/" || trimmed === "." || trimmed === "") return { type: "dir" };
    const parent = trimmed.includes("/") ? posix.dirname(trimmed) : "";
    const entries = await this.#listDirectory(session, parent, undefined);
    const found = entries.find(([entryName]) => posix.basename(entryName) === name);
    if (!found)
      throw new StatusCodeError(
        codes(["2xx"]),
        [new Code("550")],
        [`${path}: path does not exist`],
      );
    return found[1];
  }

  async #exists(session: Session, path: string): Promise<boolean> {
    try {
      await this.#stat(session, path);
      return true;
    } catch (error) {
      if (
        error instanceof StatusCodeError &&
        error.receivedCodes.some((c) => NOT_FOUND.includes(c.value))
      )
        return false;
      throw error;
    }
  }

  /** True when `path` is a regular file. */
  async isFile(path: string, options: CallOptions = {}): Promise<boolean> {
    return (await this.stat(path, options)).type === "file";
  }

  /** True when `path` is a directory (MLSx `cdir`/`pdir` count as directories). */
  async isDir(path: string, options: CallOptions = {}): Promise<boolean> {
    const { type } = await this.stat(path, options);
    return type === "dir" || type === "cdir" || type === "pdir";
  }

  /** True when `path` exists (false on a 550 reply; other errors reject). */
  async exists(path: string, options: CallOptions = {}): Promise<boolean> {
    return this.#talk.run(options.signal, (session) => this.#exists(session, path));
  }

  /** SIZE: the size of `path` in bytes. */
  async size(path: string, options: CallOptions = {}): Promise<number> {
    return this.#talk.run(options.signal, async (session) => {
      await this.#ensureType(session, "I");
      const reply = await this.#talk.exchange(session, "SIZE", path, ["213"]);
      const size = Number.parseInt(replyText(reply).trim(), 10);
      if (!Number.isSafeInteger(size))
        throw new StatusCodeError(codes(["213"]), [reply.code], reply.lines);
      return size;
    });
  }

  /** MDTM: the modification time of `path` (UTC). */
  async modifiedTime(path: string, options: CallOptions = {}): Promise<Date> {
    return this.#talk.run(options.signal, async (session) => {
      const reply = await this.#talk.exchange(session, "MDTM", path, ["213"]);
      return parseMdtmTime(replyText(reply).trim());
    });
  }

  /** MFMT: sets the modification time of `path`. */
  async setModifiedTime(path: string, date: Date, options: CallOptions = {}): Promise<void> {
    await this.#talk.run(options.signal, (session) =>
      this.#talk.exchange(session, "MFMT", `${formatMdtmTime(date)} ${path}`, ["213"]),
    );
  }

  /** SITE CHMOD: sets the permission bits of `path` (a number such as `0o644`, or `"644"`). */
  async chmod(path: string, mode: number | string, options: CallOptions = {}): Promise<void> {
    const text = typeof mode === "number" ? mode.toString(8) : mode;
    if (!/^[0-7]{1,4}$/.test(text)) throw new RangeError(`invalid mode ${String(mode)}`);
    await this.#talk.run(options.signal, (session) =>
      this.#talk.exchange(session, "SITE", `CHMOD ${text} ${path}`, ["2xx"]),
    );
  }

  // ---- files ------------------------------------------------------------------------------

  /** RNFR + RNTO. */
  async rename(source: string, destination: string, options: CallOptions = {}): Promise<void> {
    await this.#talk.run(options.signal, async (session) => {
      await this.#talk.exchange(session, "RNFR", source, ["350"]);
      await this.#talk.exchange(session, "RNTO", destination, ["2xx"]);
    });
  }

  /** DELE `path`. */
  async removeFile(path: string, options: CallOptions = {}): Promise<void> {
    await this.#talk.run(options.signal, (session) =>
      this.#talk.exchange(session, "DELE", path, ["2xx"]),
    );
  }

  /** Removes a file, or a directory with everything in it. A missing path is not an error. */
  async remove(path: string, options: CallOptions = {}): Promise<void> {
    await this.#talk.run(options.signal, async (session) => {
      let info: ListInfo;
      try {
        info = await this.#stat(session, path);
      } catch (error) {
        if (
          error instanceof StatusCodeError &&
          error.receivedCodes.some((c) => NOT_FOUND.includes(c.value))
        )
          return;
        throw error;
      }
      await this.#removeEntry(session, path, info.type);
    });
  }

  async #removeEntry(session: Session, path: string, type: string): Promise<void> {
    if (type === "file" || type === "link") {
      await this.#talk.exchange(session, "DELE", path, ["2xx"]);
    } else if (type === "dir") {
      const entries = await this.#listDirectory(session, path, undefined);
      for (const [name, info] of entries) {
        if (name === "." || name === ".." || info.type === "cdir" || info.type === "pdir") continue;
        await this.#removeEntry(
          session,
          `${path.replace(/\/+$/, "")}/${posix.basename(name)}`,
          info.type,
        );
      }
      await this.#talk.exchange(session, "RMD", path, ["2xx"]);
    }
  }

  // ---- streams ----------------------------------------------------------------------------

  /** RETR `path` (from `offset` with REST): a stream of the file's bytes. */
  downloadStream(path: string, options: StreamOptions = {}): Promise<DataStream> {
    return this.#stream("RETR", path, "read", options);
  }

  /** STOR `path` (at `offset` with REST): write the bytes, then `finish()`. */
  uploadStream(path: string, options: StreamOptions = {}): Promise<DataStream> {
    return this.#stream("STOR", path, "write", options);
  }

  /** APPE `path` (at `offset` with REST): write the bytes, then `finish()`. */
  appendStream(path: string, options: StreamOptions = {}): Promise<DataStream> {
    return this.#stream("APPE", path, "write", options);
  }

  #stream(
    verb: string,
    path: string,
    mode: "read" | "write",
    options: StreamOptions,
  ): Promise<DataStream> {
    const offset = options.offset ?? 0;
    if (!Number.isSafeInteger(offset) || offset < 0)
      return Promise.reject(new RangeError(`invalid offset ${offset}`));
    return this.#talk.runHolding(options.signal, async (session, releaseQueue) => {
      const { signal } = session;
      let opened: DataStream | undefined;
      const onAbort = () => {
        opened?.abort().catch(() => {});
      };
      const release = () => {
        signal?.removeEventListener("abort", onAbort);
        if (this.#activeStream === opened) this.#activeStream = undefined;
        releaseQueue();
      };
      const stream = await this.#openTransfer(session, release, {
        verb,
        path,
        mode,
        offset,
        reuseBuffers: options.reuseBuffers === true,
        progress: this.#tracker(path, mode === "read" ? "download" : "upload", options.total),
      });
      opened = stream;
      this.#activeStream = stream;
      if (signal?.aborted) {
        // cancelled while the transfer was being set up: stop it, then report the abort
        await stream.abort().catch(() => {});
        throw abortError(signal);
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      return stream;
    });
  }

  #tracker(
    path: string,
    direction: "download" | "upload",
    total: number | undefined,
  ): ProgressTracker | undefined {
    const listeners: ((progress: TransferProgress) => void)[] = [];
    if (this.#options.onProgress) listeners.push(this.#options.onProgress);
    if (this.listenerCount("progress") > 0)
      listeners.push((progress) => this.emit("progress", progress));
    if (listeners.length === 0) return undefined;
    return new ProgressTracker(path, direction, total, listeners, this.#options.progressInterval);
  }

  async #ensureType(session: Session, type: string): Promise<void> {
    if (this.#type === type) return;
    await this.#talk.exchange(session, "TYPE", type, ["200"]);
    this.#type = type;
  }

  async #openTransfer(
    session: Session,
    release: Release,
    request: {
      verb: string;
      path: string | undefined;
      mode: "read" | "write";
      offset: number;
      reuseBuffers?: boolean;
      progress: ProgressTracker | undefined;
    },
  ): Promise<DataStream> {
    await this.#ensureType(session, "I");
    // with pipelining the transfer command goes out with EPSV/PASV (not with REST)
    const pipelined = request.offset === 0 && this.#negotiator.canPipeline();
    throwIfAborted(session.signal);
    const pending = await this.#negotiator.open({
      control: session.control,
      signal: session.signal,
      host: this.#host,
      dataTls: this.#dataTls,
      mode: request.mode,
      exchange: (verb, argument, expected) =>
        this.#talk.exchange(session, verb, argument, expected),
      pipeline: pipelined ? { verb: request.verb, argument: request.path } : undefined,
      read: (what) => this.#talk.read(session, what),
      resync: () => this.#resync(session),
    });
    let started = false;
    try {
      if (!pipelined) {
        if (request.offset > 0)
          await this.#talk.exchange(session, "REST", String(request.offset), ["350"]);
        throwIfAborted(session.signal);
        session.control.send(request.verb, request.path);
      }
      const first = await this.#talk.read(session, `waiting for the reply to ${request.verb}`);
      if (!first.code.matches("1xx") && !first.code.matches("2xx"))
        throw new StatusCodeError(codes(["1xx"]), [first.code], first.lines);
      started = true;
      const socket = await pending.establish(session.signal);
      return new DataStream(socket, request.mode, {
        reader: pending.reader,
        reuseBuffers: request.reuseBuffers,
        control: session.control,
        release,
        desync: (error) => this.#talk.desync(error),
        replyTimeout: this.#options.replyTimeout,
        idleTimeout: this.#options.idleTimeout,
        throttle: this.#throttle,
        progress: request.progress,
        keepAlive: this.#options.keepAliveInterval,
        finalReply: first.code.matches("2xx") ? first : undefined,
        command: request.verb,
      });
    } catch (error) {
      pending.close();
      // the server started the transfer: stop it and read its replies to stay in sync
      if (started) await this.#resync(session);
      throw error;
    }
  }

  /** ABOR + NOOP and read every reply up to the NOOP's; closes the client when that fails. */
  async #resync(session: Session): Promise<void> {
    try {
      await resyncAfterAbort(session.control, 0, this.#options.replyTimeout);
    } catch (error) {
      this.#talk.desync(error instanceof Error ? error : new Error(String(error)));
    }
  }

  // ---- files and trees --------------------------------------------------------------------

  /**
   * Uploads a local file or directory tree. Without `writeInto` the source's name is added to
   * `destination` (`upload("a/d", "x")` creates `x/d/...`); with it `destination` is the target.
   */
  upload(source: string, destination = "", options: TransferOptions = {}): Promise<void> {
    return this.#tree.upload(source, destination, options);
  }

  /**
   * Downloads a remote file or directory tree. Without `writeInto` the source's name is added
   * to `destination`; with it `destination` is the target path itself.
   */
  download(source: string, destination = "", options: TransferOptions = {}): Promise<void> {
    return this.#tree.download(source, destination, options);
  }

  /** Uploads from any `Readable`, async iterable or buffer to `path` (STOR or APPE). */
  uploadFrom(
    source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array> | Uint8Array,
    path: string,
    options: StreamOptions & { append?: boolean } = {},
  ): Promise<Reply> {
    return this.#tree.uploadFrom(source, path, options);
  }

  /** Downloads `path` into a Node `Writable` (ends it when done). */
  downloadTo(
    destination: NodeJS.WritableStream,
    path: string,
    options: StreamOptions = {},
  ): Promise<Reply> {
    return this.#tree.downloadTo(destination, path, options);
  }

  /**
   * Stops the transfer of the open data stream, if there is one (same as its `abort()`: it
   * does not wait behind the stream in the queue). Otherwise sends ABOR and accepts 225 or
   * 226 (skipping a 426), as servers answer when nothing runs.
   */
  async abort(options: CallOptions = {}): Promise<void> {
    const active = this.#activeStream;
    if (active) {
      await active.abort();
      return;
    }
    await this.#talk.run(options.signal, (session) =>
      this.#talk.exchange(session, "ABOR", undefined, ["225", "226"], ["426"]),
    );
  }
}
