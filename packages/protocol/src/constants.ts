/** Default FTP control port. */
export const DEFAULT_PORT = 21;
/** User name sent when none is given (anonymous login). */
export const DEFAULT_USER = "anonymous";
/** Password sent for anonymous login when none is given. */
export const DEFAULT_PASSWORD = "anon@";
/** Account sent in answer to `332` when none is given. */
export const DEFAULT_ACCOUNT = "";
/** Size in bytes of the blocks file transfers read and write. */
export const DEFAULT_BLOCK_SIZE = 8192;
/** Line terminator of the control connection (Telnet end of line). */
export const END_OF_LINE = "\r\n";
/** Longest reply line (in bytes, without the terminator) a `ReplyParser` accepts by default. */
export const DEFAULT_MAX_LINE_LENGTH = 8192;
/** Most lines one (multi-line) reply may have before a `ReplyParser` gives up, by default. */
export const DEFAULT_MAX_REPLY_LINES = 65536;
