/**
 * A complete, safe, fast FTP/FTPS server: users and per-path permissions, connection
 * limits, throttles, passive and active data connections, explicit and implicit TLS, and a
 * command registry you can extend.
 * @packageDocumentation
 */
export { type ArgumentRule, type CommandDefinition, defineCommand } from "./command.js";
export { CommandRegistry } from "./command-registry.js";
export { BUILTIN_COMMANDS } from "./commands/index.js";
export { ConnectionCounter } from "./connection-counter.js";
export { NoAvailablePortError } from "./errors.js";
export {
  type ConnectEvent,
  type DisconnectEvent,
  type LoginEvent,
  type LoginFailedEvent,
  SERVER_CHANNELS,
  type ServerEvents,
  type SessionErrorEvent,
  type TransferDirection,
  type TransferEndEvent,
  type TransferStartEvent,
} from "./events.js";
export { MemoryUserManager } from "./memory-user-manager.js";
export { SERVER_DEFAULTS, type ServerOptions, type ServerTlsOptions } from "./options.js";
export { Permission, type PermissionOptions } from "./permission.js";
export { ReplyError } from "./reply-error.js";
export {
  type CloseOptions,
  Server,
  type ServerAddress,
  type StartOptions,
} from "./server.js";
export { MLST_FACTS, Session, type SessionState } from "./session.js";
export { Transfer, type TransferSpec } from "./transfer.js";
export { receiveFromPeer, sendToPeer, UncleanTlsCloseError } from "./transfer-io.js";
export { User, type UserOptions } from "./user.js";
export {
  AbstractUserManager,
  GetUserResponse,
  type GetUserResult,
  type UserManagerOptions,
} from "./user-manager.js";
