/**
 * The FTP wire protocol: reply codes and parser, command formatting, data-connection address
 * formats, listings. Pure functions and small classes: no sockets, no timers, no fs.
 * @packageDocumentation
 */
export {
  formatEprt,
  formatEpsv,
  formatPasv,
  formatPort,
  type HostPort,
  isIPv4,
  isIPv6,
  parseEprt,
  parseEpsvResponse,
  parsePasvResponse,
  parsePort,
  unmapIPv4,
} from "./address.js";
export { Code, type CodeLike } from "./code.js";
export { type CommandLine, formatCommand, parseCommandLine, redactCommand } from "./command.js";
export {
  DEFAULT_ACCOUNT,
  DEFAULT_BLOCK_SIZE,
  DEFAULT_MAX_LINE_LENGTH,
  DEFAULT_MAX_REPLY_LINES,
  DEFAULT_PASSWORD,
  DEFAULT_PORT,
  DEFAULT_USER,
  END_OF_LINE,
} from "./constants.js";
export { formatDirectoryResponse, parseDirectoryResponse, quotePath } from "./directory.js";
export {
  AddressParseError,
  FtpError,
  InvalidCommandError,
  ListParseError,
  PathIsNotAbsoluteError,
  ReplyParseError,
  ReplyParseErrorCode,
  StatusCodeError,
} from "./errors.js";
export { formatFeatReply, parseFeatReply } from "./feat.js";
export { eplfListParser } from "./list/eplf.js";
export {
  formatListLine,
  type ListLineStat,
  type MlsxFactOptions,
  mlsxFactsFromStat,
} from "./list/format-list-line.js";
export {
  formatLsDate,
  HALF_YEAR_MS,
  inferLsYear,
  MONTH_NAMES,
  parseLsDate,
  TWO_YEARS_MS,
} from "./list/ls-date.js";
export {
  formatMlsxFacts,
  formatMlsxLine,
  parseMlsxLine,
  parseMlsxListing,
} from "./list/mlsx.js";
export {
  type CustomListParser,
  DEFAULT_LIST_PARSERS,
  type ParseListLineOptions,
  parseListing,
  parseListLine,
} from "./list/parse-list-line.js";
export type {
  EntryType,
  ListEntry,
  ListInfo,
  ListParseOptions,
  ListParser,
} from "./list/types.js";
export { parseListLineUnix, unixListParser } from "./list/unix.js";
export { formatOctalMode, formatUnixMode, parseUnixMode } from "./list/unix-mode.js";
export { parseListLineWindows, windowsListParser } from "./list/windows.js";
export { formatMdtmTime, parseMdtmTime } from "./mdtm.js";
export { formatReply } from "./reply-format.js";
export {
  parseReply,
  type Reply,
  ReplyParser,
  type ReplyParserOptions,
} from "./reply-parser.js";
