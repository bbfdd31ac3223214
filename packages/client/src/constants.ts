/** Default for `connectionTimeout` (ms): opening the control connection and reading the greeting. */
export const DEFAULT_CONNECTION_TIMEOUT = 30_000;
/** Default for `socketTimeout` (ms): waiting for a reply, or for data on an open data connection. */
export const DEFAULT_SOCKET_TIMEOUT = 60_000;
/**
 * Default block size (bytes) for reading local files during uploads: 1 MiB, so a large file
 * takes few file-system round trips (each read is one trip through libuv's thread pool).
 */
export const DEFAULT_UPLOAD_BLOCK_SIZE = 1024 * 1024;
/** Default cap (bytes) on one directory listing held in memory. */
export const DEFAULT_MAX_LISTING_SIZE = 64 * 1024 * 1024;
/** Default minimum interval (ms) between two progress events of one transfer. */
export const DEFAULT_PROGRESS_INTERVAL = 100;
