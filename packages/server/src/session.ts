import net from "node:net";
import { debuglog } from "node:util";
import { type AbstractPathIO, VirtualRoot } from "@ftp/pathio";
import { formatReply } from "@ftp/protocol";
import { StreamThrottle } from "@ftp/stream";
import { ControlReader } from "./control-reader.js";
import { DataChannel } from "./data-channel.js";
import { channels } from "./events.js";
import { ReplyError } from "./reply-error.js";
import { isPathIOError, replyForError } from "./reply-for-error.js";
import type { ServerContext } from "./server-context.js";
import { Transfer, type TransferSpec } from "./transfer.js";
import { runTransfer } from "./transfer-runner.js";
import type { User } from "./user.js";

const debug = debuglog("ftp");
const utf8 = new TextDecoder("utf-8", { fatal: true });
const QUEUE_HIGH = 32;
/** Pipelined commands beyond this (one network read of empty lines) end the session. */
const QUEUE_LIMIT = 4096;

/** The explicit, typed state of one control connection. */
export interface SessionState {
  /** Login name given with USER (until REIN/another USER). */
  loginName: string | undefined;
  /** The user USER selected, waiting for PASS. */
  pendingUser: User | undefined;
  /** USER named nobody: PASS must fail without telling the peer which part was wrong. */
  pendingUnknown: boolean;
  /** The logged-in user. */
  user: User | undefined;
  /** Virtual working directory. */
  cwd: string;
  /** `A` (ASCII, CRLF conversion) or `I` (binary). */
  transferType: "A" | "I";
  /** REST offset waiting for RETR/STOR/APPE. */
  restOffset: number;
  /** Source of a pending rename (after RNFR). */
  renameFrom: { virtual: string; real: string } | undefined;
  /** The control connection runs over TLS. */
  tls: boolean;
  /** PBSZ was sent after TLS. */
  pbsz: boolean;
  /** Data channel protection: `C` clear, `P` private (TLS). */
  protection: "C" | "P";
  /** `EPSV ALL` was sent: only EPSV may set up data connections. */
  epsvAll: boolean;
  /** MLSx facts selected with OPTS MLST. */
  mlstFacts: string[];
  /** Failed logins on this connection. */
  loginAttempts: number;
  /** Virtual host name given with HOST. */
  host: string | undefined;
}

/** Everything a MLSx fact list can include, in FEAT order. */
export const MLST_FACTS = ["type", "size", "modify", "perm", "unix.mode"] as const;

interface QueuedLine {
  verb: string;
  argument: string;
  error?: "too-long" | "encoding";
}

/**
 * One control connection: reads commands, runs them one at a time through the command
 * registry (ABOR, STAT, QUIT and NOOP may run while a transfer is in progress), writes
 * replies, and owns the session's data channel, user and throttles.
 */
export class Session {
  /** Server-unique number. */
  readonly id: number;
  /** Shared server settings. */
  readonly server: ServerContext;
  /** Typed session state. */
  readonly state: SessionState;
  /** The session's throttles (shared by reference with its data streams). */
  readonly throttles: Record<string, StreamThrottle>;
  /** File-system backend of this session. */
  readonly pathio: AbstractPathIO;
  /** Data connections. */
  readonly data: DataChannel;
  /** The client's address (as the control socket reports it). */
  readonly remoteAddress: string;
  /** The client's port. */
  readonly remotePort: number;
  /** The server address the client connected to (passive listeners bind here). */
  readonly localAddress: string;
  /** The server port the client connected to. */
  readonly localPort: number;
  /** The running transfer, if any. */
  transfer: Transfer | undefined;
  /** REST offset in force for the command being run (RETR/STOR/APPE read it). */
  commandOffset = 0;
  #socket: net.Socket;
  #root: VirtualRoot | undefined;
  #reader: ControlReader;
  #queue: QueuedLine[] = [];
  #pumping = false;
  #paused = false;
  #closed = false;
  #closing = false;
  #idleTimer: NodeJS.Timeout | undefined;
  #acquiredUser: User | undefined;
  #onClose: (session: Session) => void;
  readonly #onData = (chunk: Buffer) => this.#receive(chunk);
  #peerEnded = false;
  /**
   * The peer half-closed (e.g. `printf 'USER a\r\n...' | nc`): the commands it sent still
   * run and get their replies, then the session ends.
   */
  readonly #onEnd = () => {
    this.#peerEnded = true;
    this.#closeIfDrained();
  };

  constructor(
    server: ServerContext,
    socket: net.Socket,
    id: number,
    options: { secure: boolean; onClose: (session: Session) => void },
  ) {
    this.id = id;
    this.server = server;
    this.#socket = socket;
    this.#onClose = options.onClose;
    const raw = socket;
    this.remoteAddress = raw.remoteAddress ?? "";
    this.remotePort = raw.remotePort ?? 0;
    this.localAddress = raw.localAddress ?? "";
    this.localPort = raw.localPort ?? 0;
    this.state = {
      loginName: undefined,
      pendingUser: undefined,
      pendingUnknown: false,
      user: undefined,
      cwd: "/",
      transferType: "I",
      restOffset: 0,
      renameFrom: undefined,
      tls: options.secure,
      pbsz: false,
      protection: options.secure ? "P" : "C",
      epsvAll: false,
      mlstFacts: [...MLST_FACTS],
      loginAttempts: 0,
      host: undefined,
    };
    this.throttles = {
      serverGlobal: server.globalThrottle,
      serverPerConnection: server.perConnectionThrottle.clone(),
    };
    this.pathio = server.pathIoFactory();
    this.data = new DataChannel({
      peerAddress: this.remoteAddress,
      localAddress: this.localAddress,
      allowForeignPeers: server.options.allowForeignDataPeers,
      portPool: server.portPool,
    });
    this.#reader = new ControlReader(server.options.maxLineLength);
  }

  /** The current control socket (a TLSSocket after AUTH TLS). */
  get socket(): net.Socket {
    return this.#socket;
  }

  /** True once the session ended. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The logged-in user's virtual root (throws 530 before login). */
  get root(): VirtualRoot {
    if (this.#root === undefined) throw new ReplyError(530, "Please login with USER and PASS.");
    return this.#root;
  }

  /** True once logged in. */
  get loggedIn(): boolean {
    return this.state.user !== undefined;
  }

  /** Sends the greeting and starts reading commands. */
  start(greeting: { code: number; lines: string[] } | undefined): void {
    this.#attach(this.#socket);
    this.#socket.on("close", () => this.close());
    if (greeting !== undefined) {
      void this.reply(greeting.code, greeting.lines);
      if (greeting.code === 421) {
        void this.closeAfterReplies();
        return;
      }
    }
    this.#armIdle();
  }

  #attach(socket: net.Socket): void {
    socket.setNoDelay(true);
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("error", (error) => {
      debug("session %d socket error: %s", this.id, error.message);
      this.close();
    });
  }

  /** Writes a reply; resolves once the socket accepted it (backpressure). */
  reply(code: number, lines: string | readonly string[]): Promise<void> {
    if (this.#closed || this.#socket.destroyed || this.#socket.writableEnded)
      return Promise.resolve();
    if (channels.reply.hasSubscribers)
      channels.reply.publish({
        sessionId: this.id,
        code,
        lines: typeof lines === "string" ? [lines] : lines,
      });
    const text = formatReply(code, lines);
    const ok = this.#socket.write(Buffer.from(text, this.server.options.encoding));
    if (ok) return Promise.resolve();
    // A peer that stops reading its replies (e.g. a huge STAT listing) is dropped after
    // socketTimeout instead of holding the session forever.
    return new Promise((resolve) => {
      const socket = this.#socket;
      const done = () => {
        clearTimeout(timer);
        socket.off("drain", done);
        socket.off("close", done);
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        this.close();
      }, this.server.options.socketTimeout);
      socket.on("drain", done);
      socket.on("close", done);
    });
  }

  #armIdle(): void {
    if (this.#closed) return;
    if (this.#idleTimer === undefined) {
      this.#idleTimer = setTimeout(() => this.#onIdle(), this.server.options.idleTimeout);
      this.#idleTimer.unref();
    } else this.#idleTimer.refresh();
  }

  #onIdle(): void {
    if (this.#closed) return;
    if (this.transfer !== undefined || this.#pumping) {
      this.#idleTimer?.refresh();
      return;
    }
    const seconds = Math.round(this.server.options.idleTimeout / 1000);
    void this.reply(421, `Idle timeout (${seconds} seconds): closing control connection.`);
    void this.closeAfterReplies();
  }

  #receive(chunk: Buffer): void {
    if (this.#closed || this.#closing) return;
    const items = this.#reader.push(chunk);
    // Only complete commands count as activity: trickling bytes does not keep a session alive.
    if (items.length > 0) this.#armIdle();
    for (const item of items) {
      if (item.kind === "too-long") {
        this.#queue.push({ verb: "", argument: "", error: "too-long" });
        continue;
      }
      this.#queue.push(this.#decode(item.bytes));
    }
    if (this.#queue.length > QUEUE_LIMIT) {
      this.#queue = [];
      void this.reply(421, "Too many pipelined commands, closing control connection.");
      void this.closeAfterReplies();
      return;
    }
    if (this.#queue.length >= QUEUE_HIGH && !this.#paused) {
      this.#paused = true;
      this.#socket.pause();
    }
    void this.#pump();
  }

  #decode(bytes: Buffer): QueuedLine {
    let text: string;
    if (this.server.options.encoding === "latin1") text = bytes.toString("latin1");
    else {
      try {
        text = utf8.decode(bytes);
      } catch {
        if (!this.server.options.latin1Fallback)
          return { verb: "", argument: "", error: "encoding" };
        text = bytes.toString("latin1");
      }
    }
    const space = text.indexOf(" ");
    const verb = (space === -1 ? text : text.slice(0, space)).toUpperCase();
    const argument = space === -1 ? "" : text.slice(space + 1);
    return { verb, argument };
  }

  #closeIfDrained(): void {
    if (!this.#peerEnded || this.#pumping || this.transfer !== undefined) return;
    if (this.#queue.length > 0) return;
    void this.closeAfterReplies();
  }

  #nextIndex(): number {
    if (this.#queue.length === 0) return -1;
    if (this.transfer === undefined) return 0;
    // During a transfer: the head runs if it may (NOOP, STAT, QUIT); an urgent command (ABOR)
    // overtakes queued ones. Nothing else may reorder replies.
    const registry = this.server.registry;
    if (registry.get(this.#queue[0]!.verb)?.duringTransfer === true) return 0;
    return this.#queue.findIndex((line) => registry.get(line.verb)?.urgent === true);
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (!this.#closed && !this.#closing) {
        const index = this.#nextIndex();
        if (index === -1) break;
        const [line] = this.#queue.splice(index, 1);
        if (this.#paused && this.#queue.length < QUEUE_HIGH / 2) {
          this.#paused = false;
          this.#socket.resume();
        }
        await this.#dispatch(line!);
        this.#armIdle();
      }
    } finally {
      this.#pumping = false;
    }
    this.#closeIfDrained();
  }

  async #dispatch(line: QueuedLine): Promise<void> {
    if (line.error === "too-long") {
      await this.reply(500, "Command line too long.");
      return;
    }
    if (line.error === "encoding") {
      await this.reply(501, "Command is not valid UTF-8.");
      return;
    }
    const { verb, argument } = line;
    if (channels.command.hasSubscribers)
      channels.command.publish({
        sessionId: this.id,
        command: verb,
        argument: verb === "PASS" || verb === "ACCT" ? "********" : argument,
      });
    if (verb === "") {
      await this.reply(500, "Syntax error, command unrecognized.");
      return;
    }
    const command = this.server.registry.get(verb);
    if (command === undefined) {
      const shown = /^[A-Z0-9]{1,16}$/.test(verb) ? `'${verb}' ` : "";
      await this.reply(502, `Command ${shown}not implemented.`);
      return;
    }
    this.commandOffset = this.state.restOffset;
    if (!command.keepsRestOffset) this.state.restOffset = 0;
    if (command.name !== "RNTO" && command.name !== "RNFR" && this.transfer === undefined)
      this.state.renameFrom = undefined;
    try {
      if ((command.needsLogin ?? true) && !this.loggedIn)
        throw new ReplyError(530, "Please login with USER and PASS.");
      const rule = command.argument ?? "optional";
      if (rule === "required" && argument.trim() === "")
        throw new ReplyError(501, `Syntax error in parameters or arguments: ${command.syntax}`);
      if (rule === "none" && argument.trim() !== "")
        throw new ReplyError(501, `Syntax error: ${command.name} takes no arguments.`);
      if (command.needsData) {
        if (this.data.mode === "none") throw new ReplyError(425, "Use PORT or PASV first.");
        if (this.server.options.requireTlsForData && this.state.protection !== "P")
          throw new ReplyError(521, "Data connections must be protected (PROT P).");
      }
      if (command.needsRenameFrom && this.state.renameFrom === undefined)
        throw new ReplyError(503, "Bad sequence of commands: RNFR required first.");
      await command.handler(this, argument);
    } catch (error) {
      await this.#replyError(error);
    }
  }

  async #replyError(error: unknown): Promise<void> {
    if (error instanceof ReplyError) {
      await this.reply(error.replyCode, error.text);
      return;
    }
    if (!isPathIOError(error)) {
      debug("session %d command error: %s", this.id, String(error));
      this.server.emit("sessionError", { sessionId: this.id, error });
    }
    const safe = replyForError(error);
    await this.reply(safe.code, safe.text);
  }

  /** Maps a peer's path argument to `{ virtual, real }` below the user's root. */
  async resolve(argument: string): Promise<{ virtual: string; real: string }> {
    if (argument.includes("\0")) throw new ReplyError(553, "File name not allowed.");
    return this.root.resolve(this.state.cwd, argument);
  }

  /** Throws `550 Permission denied.` unless the user has every right named. */
  async assertPermission(
    virtual: string,
    ...rights: readonly ("readable" | "writable")[]
  ): Promise<void> {
    const user = this.state.user;
    if (user === undefined) throw new ReplyError(530, "Please login with USER and PASS.");
    const permission = await user.getPermissions(virtual);
    for (const right of rights) {
      if (!permission[right]) throw new ReplyError(550, "Permission denied.");
    }
  }

  /**
   * Throws `550 Permission denied.` unless the entry may be created, removed or renamed:
   * that needs write access to the entry and to the directory holding it (so a writable
   * `/pub` under a read-only `/` cannot itself be removed or replaced).
   */
  async assertEntryWritable(virtual: string): Promise<void> {
    await this.assertPermission(virtual, "writable");
    const parent = virtual.slice(0, virtual.lastIndexOf("/")) || "/";
    if (parent !== virtual) await this.assertPermission(parent, "writable");
  }

  /** True when a throttle with a limit applies to the given direction. */
  throttled(direction: "read" | "write"): boolean {
    for (const throttle of Object.values(this.throttles)) {
      const limit = throttle[direction].limit;
      if (limit !== undefined && limit > 0) return true;
    }
    return false;
  }

  /**
   * Completes a login: takes the user's slot (refusing when full), installs the user's
   * throttles and root, and moves to the home directory.
   */
  async completeLogin(
    user: User,
    login: string,
  ): Promise<{ ok: true } | { ok: false; info: string }> {
    await this.logout();
    const slot = await this.server.userManager.acquire(user);
    if (!slot.ok) return slot;
    if (this.#closed) {
      await this.server.userManager.notifyLogout(user);
      return { ok: false, info: "Session closed." };
    }
    this.#acquiredUser = user;
    const basePath = user.basePath ?? this.server.defaultBasePath(this.pathio);
    this.#root = new VirtualRoot(this.pathio, basePath, { symlinks: "inside-root" });
    this.state.user = user;
    this.state.loginName = login;
    this.state.pendingUser = undefined;
    this.state.pendingUnknown = false;
    this.state.cwd = user.homePath;
    this.state.loginAttempts = 0;
    this.throttles.userGlobal = this.server.userThrottle(user);
    this.throttles.userPerConnection = StreamThrottle.fromLimits(
      user.readSpeedLimitPerConnection,
      user.writeSpeedLimitPerConnection,
    );
    this.server.emit("login", {
      sessionId: this.id,
      login,
      remoteAddress: this.remoteAddress,
      anonymous: user.anonymous,
    });
    return { ok: true };
  }

  /** Logs the current user out (re-USER, REIN, close), giving the user's slot back. */
  async logout(): Promise<void> {
    const user = this.#acquiredUser;
    this.#acquiredUser = undefined;
    this.state.user = undefined;
    this.state.pendingUser = undefined;
    this.state.pendingUnknown = false;
    this.state.renameFrom = undefined;
    this.#root = undefined;
    delete this.throttles.userGlobal;
    delete this.throttles.userPerConnection;
    if (user !== undefined) {
      try {
        await this.server.userManager.notifyLogout(user);
      } catch (error) {
        this.server.emit("sessionError", { sessionId: this.id, error });
      }
    }
  }

  /**
   * Starts a transfer in the background: replies 150, waits for the data connection, runs
   * the body, replies 226 (or 425/426/4xx/5xx). Commands keep being read meanwhile.
   */
  startTransfer(spec: TransferSpec): Transfer {
    const transfer = new Transfer(spec);
    this.transfer = transfer;
    void runTransfer(this, transfer, () => {
      this.transfer = undefined;
      void this.#pump();
    });
    return transfer;
  }

  /**
   * Upgrades the control connection to TLS (AUTH TLS): stops reading plain text (commands
   * pipelined after AUTH are dropped, never run), writes the 234 reply, then handshakes.
   */
  async upgradeToTls(replyText: string): Promise<void> {
    const factory = this.server.tlsSockets;
    if (factory === undefined) throw new ReplyError(502, "TLS not configured.");
    const raw = this.#socket;
    raw.off("data", this.#onData);
    raw.off("end", this.#onEnd);
    this.#queue = [];
    this.#reader = new ControlReader(this.server.options.maxLineLength);
    await this.reply(234, replyText);
    const secure = factory.wrap(raw);
    secure.on("error", (error) => debug("session %d TLS error: %s", this.id, error.message));
    this.#socket = secure;
    if (this.#paused) {
      this.#paused = false;
      raw.resume();
    }
    this.state.tls = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        secure.destroy();
        resolve();
      }, this.server.options.tlsHandshakeTimeout);
      secure.once("secure", () => {
        clearTimeout(timer);
        resolve();
      });
      secure.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (secure.destroyed) {
      this.close();
      return;
    }
    this.#attach(secure);
    secure.on("close", () => this.close());
  }

  /** Sends nothing more; ends the connection once queued replies went out. */
  async closeAfterReplies(): Promise<void> {
    this.#closing = true;
    const socket = this.#socket;
    if (!socket.destroyed && !socket.writableEnded) {
      await new Promise<void>((resolve) => {
        socket.end(resolve);
        setTimeout(resolve, 2000).unref();
      });
    }
    this.close();
  }

  /** Graceful shutdown: lets a running transfer finish until `deadline`, then 421 and close. */
  async shutdown(deadline: number): Promise<void> {
    const transfer = this.transfer;
    if (transfer !== undefined) {
      const wait = Math.max(0, deadline - Date.now());
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        transfer.done,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, wait);
        }),
      ]);
      clearTimeout(timer);
      if (this.transfer !== undefined) {
        this.transfer.abort("Server shutting down");
        await this.transfer?.done;
      }
    }
    this.#closing = true;
    void this.reply(421, "Service not available, closing control connection.");
    await this.closeAfterReplies();
  }

  /** Ends the session now: aborts a transfer, closes data and control connections. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    this.transfer?.abort("Session closed");
    this.data.close();
    this.#queue = [];
    if (!this.#socket.destroyed) {
      if (this.#socket.writableEnded) {
        const socket = this.#socket;
        setTimeout(() => socket.destroy(), 1000).unref();
      } else this.#socket.destroy();
    }
    const login = this.state.user !== undefined ? this.state.loginName : undefined;
    void this.logout().finally(() => {
      this.server.emit("disconnect", {
        sessionId: this.id,
        remoteAddress: this.remoteAddress,
        ...(login !== undefined ? { login } : {}),
      });
      this.#onClose(this);
    });
  }
}

/** The PASV reply address for an IPv4 local address (`undefined` on IPv6). */
export function pasvAddress(session: Session): string | undefined {
  const forced = session.server.options.ipv4PasvForcedResponseAddress;
  if (forced !== undefined) return forced;
  const local = session.localAddress.toLowerCase();
  if (net.isIPv4(local)) return local;
  if (local.startsWith("::ffff:") && net.isIPv4(local.slice(7))) return local.slice(7);
  return undefined;
}
