/**
 * Filesystem backends for FTP: the {@link AbstractPathIO} contract, the `node:fs` backends
 * ({@link AsyncPathIO}, the default, and the synchronous {@link PathIO}), the shared in-memory
 * {@link MemoryPathIO}, the {@link ReadOnlyPathIO} and {@link PrefixPathIO} wrappers, typed
 * {@link PathIOError}s and the {@link VirtualRoot} that maps users' paths under a root without
 * letting them out.
 * The contract test kit for custom backends lives at `@ftp/pathio/testing`.
 * @packageDocumentation
 */
export { AbstractPathIO, type PathIOFactory } from "./abstract-pathio.js";
export { AsyncPathIO } from "./async-pathio.js";
export {
  errnoError,
  isPathIOError,
  PATHIO_ERROR_REASONS,
  PathIOError,
  type PathIOErrorOptions,
  type PathIOErrorReason,
  pathIOErrorFromCode,
  reasonFromErrno,
  toPathIOError,
} from "./errors.js";
export { MemoryPathIO, type MemoryPathIOOptions } from "./memory/memory-pathio.js";
export {
  MEMORY_DIR_MODE,
  MEMORY_FILE_MODE,
  MemoryPathIOState,
  S_IFDIR,
  S_IFLNK,
  S_IFREG,
} from "./memory/memory-state.js";
export { PositionalFileHandle } from "./positional-file-handle.js";
export { PrefixPathIO } from "./prefix-pathio.js";
export { ReadOnlyPathIO } from "./read-only-pathio.js";
export { PathIO } from "./sync-pathio.js";
export {
  type FileHandle,
  type FileStat,
  isOpenMode,
  type MkdirOptions,
  OPEN_MODES,
  type OpenMode,
  type ReadStreamOptions,
  type StatReadStream,
  type WriteStreamOptions,
} from "./types.js";
export { normalizeVirtualPath } from "./virtual-path.js";
export {
  type ResolvedPath,
  type SymlinkPolicy,
  VirtualRoot,
  type VirtualRootOptions,
} from "./virtual-root.js";
