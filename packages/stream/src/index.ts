/**
 * Socket streams for FTP: {@link StreamIO} (line/block reads, backpressure, timeouts,
 * `AbortSignal`, TLS upgrade), speed limits ({@link Throttle}, {@link StreamThrottle},
 * {@link ThrottleStreamIO}) and connect helpers.
 * @packageDocumentation
 */
export { type Clock, ManualClock, systemClock } from "./clock.js";
export { type ConnectOptions, connectSocket, connectTls } from "./connect.js";
export {
  ConnectionClosedError,
  EarlyEofError,
  FtpAbortError,
  FtpTimeoutError,
  LineTooLongError,
  type TimeoutPhase,
} from "./errors.js";
export {
  type CallOptions,
  type StartTlsOptions,
  StreamIO,
  type StreamIOOptions,
} from "./stream-io.js";
export { MAX_IDLE_CREDIT_MS, StreamThrottle, Throttle, type ThrottleOptions } from "./throttle.js";
export { ThrottleStreamIO, type ThrottleStreamIOOptions } from "./throttle-stream-io.js";
