import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** SHA-256 of bytes, hex. */
export function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** SHA-256 of a file's content, hex. */
export async function fileSha256(file: string): Promise<string> {
  return sha256(await readFile(file));
}

/**
 * Random bytes that contain every byte value, CR/LF pairs and bare LFs, so any ASCII-mode
 * translation or truncation shows up in the checksum.
 */
export function binaryPayload(size: number): Buffer {
  const data = randomBytes(size);
  const marker = Buffer.from("\r\n\n\r\0\xff", "latin1");
  for (let at = 0; at + marker.length < size; at += 4093) marker.copy(data, at);
  return data;
}

/** A temporary directory; `remove()` deletes it. */
export interface TempDir {
  path: string;
  join(...parts: string[]): string;
  remove(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), `ftp-interop-${prefix}-`));
  return {
    path: dir,
    join: (...parts) => path.join(dir, ...parts),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A short random name so scenarios sharing one server never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}
