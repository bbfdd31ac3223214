import diagnosticsChannel from "node:diagnostics_channel";

/** Emitted when a control connection is accepted (before the greeting). */
export interface ConnectEvent {
  /** Server-unique session number. */
  sessionId: number;
  /** Client address. */
  remoteAddress: string;
  /** Client port. */
  remotePort: number;
  /** Server address the client connected to. */
  localAddress: string;
  /** Server port the client connected to. */
  localPort: number;
}

/** Emitted when a session logs in. */
export interface LoginEvent {
  sessionId: number;
  /** The login name the peer sent. */
  login: string;
  remoteAddress: string;
  /** True for the anonymous catch-all user. */
  anonymous: boolean;
}

/** Emitted when a login is refused. */
export interface LoginFailedEvent {
  sessionId: number;
  login: string;
  remoteAddress: string;
  /** Why: wrong password, user limit reached, unknown user, user manager error. */
  reason: "bad-credentials" | "user-limit" | "error";
  /** Failed attempts on this connection so far. */
  attempts: number;
}

/** Which way a transfer moves data. */
export type TransferDirection = "download" | "upload" | "listing";

/** Emitted when a transfer starts (after its `150`). */
export interface TransferStartEvent {
  sessionId: number;
  /** The command (`RETR`, `STOR`, `APPE`, `STOU`, `LIST`, `NLST`, `MLSD`). */
  command: string;
  /** Virtual path. */
  path: string;
  direction: TransferDirection;
  /** Restart offset in bytes. */
  offset: number;
}

/** Emitted when a transfer ends, successfully or not. */
export interface TransferEndEvent extends TransferStartEvent {
  /** Bytes moved over the data connection. */
  bytes: number;
  /** True only when the transfer completed and was answered `226`. */
  completed: boolean;
  /** Milliseconds from start to end. */
  duration: number;
}

/** Emitted when a control connection closes. */
export interface DisconnectEvent {
  sessionId: number;
  remoteAddress: string;
  /** Login name, when the session was logged in. */
  login?: string;
}

/** Emitted when a session hit an unexpected error (it answered the peer and went on or closed). */
export interface SessionErrorEvent {
  sessionId: number;
  error: unknown;
}

/** The server's events, for `server.on(name, listener)`. */
export interface ServerEvents {
  connect: [ConnectEvent];
  login: [LoginEvent];
  loginFailed: [LoginFailedEvent];
  transferStart: [TransferStartEvent];
  transferEnd: [TransferEndEvent];
  disconnect: [DisconnectEvent];
  sessionError: [SessionErrorEvent];
  /** The listener is bound. */
  listening: [{ host: string; port: number }];
  /** `close()` finished. */
  close: [];
}

/**
 * `node:diagnostics_channel` channels, published only when someone subscribes. Each
 * carries the same object as the matching event; `command` carries `{ sessionId, command,
 * argument }` for every command (PASS/ACCT arguments redacted) and `reply` `{ sessionId,
 * code, lines }`.
 */
export const SERVER_CHANNELS = {
  connect: "ftp:server:connect",
  login: "ftp:server:login",
  loginFailed: "ftp:server:login-failed",
  transferStart: "ftp:server:transfer-start",
  transferEnd: "ftp:server:transfer-end",
  disconnect: "ftp:server:disconnect",
  sessionError: "ftp:server:session-error",
  command: "ftp:server:command",
  reply: "ftp:server:reply",
} as const;

/** The diagnostics channels, created once. */
export const channels = {
  connect: diagnosticsChannel.channel(SERVER_CHANNELS.connect),
  login: diagnosticsChannel.channel(SERVER_CHANNELS.login),
  loginFailed: diagnosticsChannel.channel(SERVER_CHANNELS.loginFailed),
  transferStart: diagnosticsChannel.channel(SERVER_CHANNELS.transferStart),
  transferEnd: diagnosticsChannel.channel(SERVER_CHANNELS.transferEnd),
  disconnect: diagnosticsChannel.channel(SERVER_CHANNELS.disconnect),
  sessionError: diagnosticsChannel.channel(SERVER_CHANNELS.sessionError),
  command: diagnosticsChannel.channel(SERVER_CHANNELS.command),
  reply: diagnosticsChannel.channel(SERVER_CHANNELS.reply),
} as const;
