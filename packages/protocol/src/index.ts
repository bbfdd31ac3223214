/**
 * The FTP wire protocol: reply codes and parser, command formatting, data-connection address
 * formats, listings. Pure functions and small classes: no sockets, no timers, no fs.
 * @packageDocumentation
 */
export { Code, type CodeLike } from "./code.js";
export {
  FtpError,
  InvalidCommandError,
  PathIsNotAbsoluteError,
  StatusCodeError,
} from "./errors.js";
