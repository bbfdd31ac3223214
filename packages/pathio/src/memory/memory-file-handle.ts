import { PositionalFileHandle } from "../positional-file-handle.js";
import type { OpenMode } from "../types.js";
import { ensureCapacity, type MemoryFile } from "./memory-state.js";

/**
 * An open in-memory file with its own position (unlike aioftp, two readers never share a
 * cursor). It keeps working on its node after the file is unlinked or replaced, as on POSIX.
 * Writes update the node's `mtime` and `ctime`.
 */
export class MemoryFileHandle extends PositionalFileHandle {
  readonly #file: MemoryFile;

  constructor(file: MemoryFile, mode: OpenMode, target: string) {
    super(mode, target);
    this.#file = file;
  }

  protected override async readAt(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<number> {
    const file = this.#file;
    if (position >= file.size) return 0;
    const end = Math.min(file.size, position + length);
    return file.data.copy(buffer, offset, position, end);
  }

  protected override async writeAt(
    data: Uint8Array,
    offset: number,
    length: number,
    position: number | null,
  ): Promise<number> {
    const file = this.#file;
    const at = position ?? file.size;
    const end = at + length;
    ensureCapacity(file, end);
    // A previous truncation leaves stale bytes in the capacity: a gap must read as zeros.
    if (at > file.size) file.data.fill(0, file.size, at);
    file.data.set(data.subarray(offset, offset + length), at);
    if (end > file.size) file.size = end;
    const now = new Date();
    file.mtime = now;
    file.ctime = now;
    return length;
  }

  protected override async release(): Promise<void> {}
}
