import { once } from "node:events";
import path, { posix } from "node:path";
import { type AbstractPathIO, AsyncPathIO } from "@ftp/pathio";
import { type Reply, StatusCodeError } from "@ftp/protocol";
import type { CallOptions, StreamOptions } from "./call-options.js";
import type { Client } from "./client.js";
import { DEFAULT_UPLOAD_BLOCK_SIZE } from "./constants.js";
import type { DataStream } from "./data-stream.js";
import { withDeadline } from "./deadline.js";
import type { ResolvedOptions } from "./options.js";

/** Options of `upload` and `download`. */
export interface TransferOptions extends CallOptions {
  /** `destination` is the target itself rather than the directory to put the source in. */
  writeInto?: boolean;
  /** Bytes read from local files per write (uploads). Default 1 MiB. */
  blockSize?: number;
  /**
   * Files only: continue an interrupted transfer. A download continues from the local file's
   * size, an upload from the remote file's size (REST + STOR).
   */
  resume?: boolean;
}

const DIRECTORY_TYPES = new Set(["dir", "cdir", "pdir"]);

/** A name from a server that is safe to use as one local path segment. */
function isSafeName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !/[/\\\0]/.test(name);
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof StatusCodeError &&
    error.receivedCodes.some((code) => code.value === "550" || code.value === "450")
  );
}

/** Files and directory trees between the local file system and the server. */
export class TreeTransfer {
  readonly #client: Client;
  readonly #options: ResolvedOptions;
  #pathio: AbstractPathIO | undefined;

  constructor(client: Client, options: ResolvedOptions) {
    this.#client = client;
    this.#options = options;
  }

  get #local(): AbstractPathIO {
    this.#pathio ??= this.#options.pathIoFactory?.() ?? new AsyncPathIO();
    return this.#pathio;
  }

  /** Runs a local file-system call under `pathTimeout`. */
  #fs<T>(promise: Promise<T>, what: string, signal: AbortSignal | undefined): Promise<T> {
    return withDeadline(promise, {
      timeout: this.#options.pathTimeout,
      phase: "idle",
      what: `local file system: ${what}`,
      signal,
    });
  }

  #observed(): boolean {
    return this.#options.onProgress !== undefined || this.#client.listenerCount("progress") > 0;
  }

  async upload(source: string, destination: string, options: TransferOptions): Promise<void> {
    const { signal } = options;
    const call: CallOptions = signal ? { signal } : {};
    const target = options.writeInto
      ? destination
      : posix.join(destination, path.basename(path.resolve(source)));
    const local = this.#local;
    if (await this.#fs(local.isFile(source), `isFile ${source}`, signal)) {
      const parent = posix.dirname(target);
      if (parent !== "." && parent !== "/" && parent !== "")
        await this.#client.makeDirectory(parent, call);
      await this.#uploadFile(source, target, options);
      return;
    }
    if (!(await this.#fs(local.isDir(source), `isDir ${source}`, signal))) {
      await this.#fs(local.stat(source), `stat ${source}`, signal);
      throw new TypeError(`${source} is neither a file nor a directory`);
    }
    await this.#client.makeDirectory(target, call);
    const pending: [string, string][] = [[source, target]];
    for (let next = pending.shift(); next; next = pending.shift()) {
      const [localDir, remoteDir] = next;
      for await (const child of local.list(localDir)) {
        const name = path.basename(child);
        const remoteChild = posix.join(remoteDir, name);
        if (await this.#fs(local.isDir(child), `isDir ${child}`, signal)) {
          await this.#client.makeDirectory(remoteChild, { ...call, parents: false });
          pending.push([child, remoteChild]);
        } else if (await this.#fs(local.isFile(child), `isFile ${child}`, signal)) {
          await this.#uploadFile(child, remoteChild, options);
        }
      }
    }
  }

  async #uploadFile(source: string, target: string, options: TransferOptions): Promise<void> {
    const { signal } = options;
    const local = this.#local;
    let offset = 0;
    if (options.resume) {
      try {
        offset = await this.#client.size(target, signal ? { signal } : {});
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    const size = (await this.#fs(local.stat(source), `stat ${source}`, signal)).size;
    if (options.resume && offset >= size) return;
    const handle = await this.#fs(local.open(source, "rb"), `open ${source}`, signal);
    try {
      if (offset > 0) await handle.seek(offset);
      const streamOptions: StreamOptions = { offset, total: size - offset };
      if (signal) streamOptions.signal = signal;
      const stream = await this.#client.uploadStream(target, streamOptions);
      const blockSize = options.blockSize ?? DEFAULT_UPLOAD_BLOCK_SIZE;
      const read = () => this.#fs(handle.read(blockSize), `read ${source}`, signal);
      await this.#pump(stream, async () => {
        // read ahead: the next block comes from the file while this one goes to the network
        let next = read();
        try {
          for (;;) {
            const block = await next;
            if (block.length === 0) break;
            next = read();
            await stream.write(block, signal ? { signal } : {});
          }
        } finally {
          // a read still running when the upload stopped: wait for it before closing the file
          await next.catch(() => {});
        }
      });
    } finally {
      await handle.close();
    }
  }

  /** Runs `body`, then finishes `stream`; aborts it when `body` fails. */
  async #pump(stream: DataStream, body: () => Promise<void>): Promise<Reply> {
    try {
      await body();
    } catch (error) {
      await stream.abort().catch(() => {});
      throw error;
    }
    return stream.finish();
  }

  async download(source: string, destination: string, options: TransferOptions): Promise<void> {
    const { signal } = options;
    const call: CallOptions = signal ? { signal } : {};
    const trimmed = source.length > 1 ? source.replace(/\/+$/, "") : source;
    const target = options.writeInto
      ? destination
      : path.join(destination, posix.basename(trimmed));
    if (source.endsWith("/")) {
      await this.#downloadTree(source, target, options);
      return;
    }
    // RETR first: one round trip for the common case of a file, no MLST or listing needed
    try {
      await this.#downloadFile(source, target, options);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      let type: string | undefined;
      try {
        type = (await this.#client.stat(source, call)).type;
      } catch {
        throw error;
      }
      if (!DIRECTORY_TYPES.has(type)) throw error;
      await this.#downloadTree(source, target, options);
    }
  }

  async #downloadTree(source: string, target: string, options: TransferOptions): Promise<void> {
    const { signal } = options;
    await this.#fs(
      this.#local.mkdir(target, { parents: true, existOk: true }),
      `mkdir ${target}`,
      signal,
    );
    const entries = await this.#client.list(source, signal ? { signal } : {});
    for (const [remotePath, info] of entries) {
      const name = posix.basename(remotePath);
      if (!isSafeName(name)) continue;
      if (info.type === "dir")
        await this.#downloadTree(remotePath, path.join(target, name), options);
      else if (info.type === "file")
        await this.#downloadFile(remotePath, path.join(target, name), options);
    }
  }

  async #downloadFile(source: string, target: string, options: TransferOptions): Promise<void> {
    const { signal } = options;
    const local = this.#local;
    const parent = path.dirname(target);
    let offset = 0;
    if (options.resume && (await this.#fs(local.exists(target), `exists ${target}`, signal)))
      offset = (await this.#fs(local.stat(target), `stat ${target}`, signal)).size;
    // each chunk is written (awaited) before the next read: its memory can be reused
    const streamOptions: StreamOptions = { offset, reuseBuffers: true };
    if (signal) streamOptions.signal = signal;
    if (this.#observed()) {
      try {
        streamOptions.total = (await this.#client.size(source, signal ? { signal } : {})) - offset;
      } catch {
        // SIZE unsupported: progress without a total
      }
    }
    const stream = await this.#client.downloadStream(source, streamOptions);
    let handle: Awaited<ReturnType<AbstractPathIO["open"]>> | undefined;
    try {
      await this.#pump(stream, async () => {
        await this.#fs(
          local.mkdir(parent, { parents: true, existOk: true }),
          `mkdir ${parent}`,
          signal,
        );
        handle = await this.#fs(
          local.open(target, offset > 0 ? "ab" : "wb"),
          `open ${target}`,
          signal,
        );
        for (;;) {
          const chunk = await stream.read(undefined, signal ? { signal } : {});
          if (chunk.length === 0) break;
          await this.#fs(handle.write(chunk), `write ${target}`, signal);
        }
      });
    } finally {
      await handle?.close();
    }
  }

  async uploadFrom(
    source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array> | Uint8Array,
    target: string,
    options: StreamOptions & { append?: boolean },
  ): Promise<Reply> {
    const { append, ...streamOptions } = options;
    const stream = append
      ? await this.#client.appendStream(target, streamOptions)
      : await this.#client.uploadStream(target, streamOptions);
    const call = options.signal ? { signal: options.signal } : {};
    return this.#pump(stream, async () => {
      if (source instanceof Uint8Array) {
        await stream.write(source, call);
        return;
      }
      for await (const chunk of source as AsyncIterable<Uint8Array | string>)
        await stream.write(chunk, call);
    });
  }

  async downloadTo(
    destination: NodeJS.WritableStream,
    source: string,
    options: StreamOptions,
  ): Promise<Reply> {
    const stream = await this.#client.downloadStream(source, options);
    const call = options.signal ? { signal: options.signal } : {};
    const reply = await this.#pump(stream, async () => {
      for (;;) {
        const chunk = await stream.read(undefined, call);
        if (chunk.length === 0) break;
        if (!destination.write(chunk)) await once(destination, "drain", call);
      }
    });
    destination.end();
    return reply;
  }
}
