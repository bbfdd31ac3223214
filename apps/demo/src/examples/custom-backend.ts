/**
 * Composing `@ftp/server` with a custom `@ftp/pathio` backend.
 *
 * A web site's files live in one shared in-memory tree under `/sites/www`, next to other
 * sites; the application writes them through the backend directly. Visitors get a
 * read-only FTP view of that one site, where entries whose names start with a dot
 * (`.env`, `.git`) do not exist at all. Three layers, innermost first:
 *
 * 1. `PrefixPathIO(shared(), "/sites/www")`: the site's directory shown as the whole tree;
 * 2. `HiddenEntriesPathIO` (written here, by extending `AbstractPathIO`): dot-entries are
 *    left out of listings and answer "not found";
 * 3. `ReadOnlyPathIO`: every change fails with reason `permission`, which the server
 *    answers with `550`.
 *
 * Run it: `npx tsx --conditions=@ftp/source apps/demo/src/examples/custom-backend.ts`.
 * The test suite runs it too (`apps/demo/test/custom-backend.test.ts`).
 * @packageDocumentation
 */
import { posix } from "node:path";
import { Client } from "@ftp/client";
import {
  AbstractPathIO,
  type FileHandle,
  type FileStat,
  MemoryPathIO,
  type MkdirOptions,
  type OpenMode,
  PathIOError,
  PrefixPathIO,
  ReadOnlyPathIO,
} from "@ftp/pathio";
import { StatusCodeError } from "@ftp/protocol";
import { Server, User } from "@ftp/server";
import { isMain } from "../is-main.js";

/** True when a segment of `path` starts with a dot (`/a/.git/config`). */
function isHidden(path: string): boolean {
  return path
    .split("/")
    .some((segment) => segment.startsWith(".") && segment !== "." && segment !== "..");
}

function notFound(operation: string, path: string): PathIOError {
  const cause = Object.assign(new Error(`${operation}: no such entry`), { code: "ENOENT" });
  return new PathIOError("not-found", `${operation}: not-found`, { cause, path });
}

/**
 * A backend that hides every entry whose name starts with a dot: `list` leaves them out and
 * every other operation on them fails with reason `not-found`, as if they did not exist.
 * Everything else goes to the wrapped backend.
 */
export class HiddenEntriesPathIO extends AbstractPathIO {
  /** The backend that holds the files. */
  readonly inner: AbstractPathIO;

  constructor(inner: AbstractPathIO) {
    super();
    this.inner = inner;
  }

  #check(operation: string, path: string): void {
    if (isHidden(path)) throw notFound(operation, path);
  }

  override async *list(path: string): AsyncIterable<string> {
    if (isHidden(path)) return;
    for await (const child of this.inner.list(path))
      if (!this.inner.basename(child).startsWith(".")) yield child;
  }

  override async stat(path: string): Promise<FileStat> {
    this.#check("stat", path);
    return this.inner.stat(path);
  }

  override async lstat(path: string): Promise<FileStat> {
    this.#check("lstat", path);
    return this.inner.lstat(path);
  }

  override async realpath(path: string): Promise<string> {
    this.#check("realpath", path);
    return this.inner.realpath(path);
  }

  override async open(path: string, mode: OpenMode): Promise<FileHandle> {
    this.#check("open", path);
    return this.inner.open(path, mode);
  }

  override async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    this.#check("mkdir", path);
    return this.inner.mkdir(path, options);
  }

  override async rmdir(path: string): Promise<void> {
    this.#check("rmdir", path);
    return this.inner.rmdir(path);
  }

  override async unlink(path: string): Promise<void> {
    this.#check("unlink", path);
    return this.inner.unlink(path);
  }

  override async rename(from: string, to: string): Promise<void> {
    this.#check("rename", from);
    this.#check("rename", to);
    return this.inner.rename(from, to);
  }

  override join(...parts: string[]): string {
    return this.inner.join(...parts);
  }

  override dirname(path: string): string {
    return this.inner.dirname(path);
  }

  override basename(path: string): string {
    return this.inner.basename(path);
  }
}

/** What a visitor saw; the test checks it, `main` prints it. */
export interface CustomBackendReport {
  /** Names in the listing of `/`, sorted. */
  rootListing: string[];
  /** Text of `/index.html` as downloaded. */
  index: string;
  /** Reply code of `RETR /.env` (hidden). */
  hiddenFileCode: string;
  /** Reply code of `STOR /upload.txt` (read-only). */
  uploadCode: string;
  /** Reply code of `DELE /index.html` (read-only). */
  deleteCode: string;
  /** Reply code of `RETR /../other/private.txt`: another site's file, out of reach. */
  escapeCode: string;
  /** The site as the application sees it, unchanged by the visitor. */
  siteAfter: string[];
}

async function writeText(pathio: AbstractPathIO, path: string, text: string): Promise<void> {
  await pathio.mkdir(posix.dirname(path), { parents: true, existOk: true });
  await using handle = await pathio.open(path, "wb");
  await handle.write(Buffer.from(text));
}

async function replyCode(action: Promise<unknown>): Promise<string> {
  try {
    await action;
    return "success";
  } catch (error) {
    if (error instanceof StatusCodeError) return error.receivedCodes.at(-1)?.value ?? "?";
    throw error;
  }
}

/**
 * Fills a shared tree with two sites, serves one of them read-only with dot-entries hidden,
 * and reports what an FTP client sees.
 */
export async function runCustomBackendExample(): Promise<CustomBackendReport> {
  const shared = MemoryPathIO.factory();
  const app = shared(); // the application's own access, read-write, everything visible
  await writeText(app, "/sites/www/index.html", "<h1>Welcome</h1>\n");
  await writeText(app, "/sites/www/docs/guide.txt", "Read me.\n");
  await writeText(app, "/sites/www/.env", "DATABASE_PASSWORD=hunter2\n");
  await writeText(app, "/sites/www/.git/config", "[core]\n");
  await writeText(app, "/sites/other/private.txt", "another site\n");

  const server = new Server({
    // Anonymous visitors. `basePath: "/"`: the root of the composed backend (without it the
    // server takes the process's working directory for any backend but MemoryPathIO itself).
    users: [new User({ basePath: "/" })],
    pathIoFactory: () =>
      new ReadOnlyPathIO(new HiddenEntriesPathIO(new PrefixPathIO(shared(), "/sites/www"))),
  });
  const { host, port } = await server.start({ host: "127.0.0.1", port: 0 });
  const client = new Client();
  try {
    await client.connect(host, port);
    await client.login();
    const rootListing = (await client.list("/")).map(([name]) => posix.basename(name)).sort();
    const chunks: Buffer[] = [];
    for await (const chunk of await client.downloadStream("/index.html")) chunks.push(chunk);
    const index = Buffer.concat(chunks).toString("utf8");
    const hiddenFileCode = await replyCode(client.downloadStream("/.env"));
    const uploadCode = await replyCode(client.uploadFrom(Buffer.from("x"), "/upload.txt"));
    const deleteCode = await replyCode(client.removeFile("/index.html"));
    const escapeCode = await replyCode(client.downloadStream("/../other/private.txt"));
    await client.quit();
    const siteAfter: string[] = [];
    for await (const child of app.list("/sites/www")) siteAfter.push(app.basename(child));
    siteAfter.sort();
    return {
      rootListing,
      index,
      hiddenFileCode,
      uploadCode,
      deleteCode,
      escapeCode,
      siteAfter,
    };
  } finally {
    client.close();
    await server.close();
  }
}

if (isMain(import.meta.url)) {
  const report = await runCustomBackendExample();
  console.log(`listing of /          ${report.rootListing.join(", ")}  (.env and .git hidden)`);
  console.log(`/index.html           ${JSON.stringify(report.index)}`);
  console.log(`RETR /.env            ${report.hiddenFileCode} (hidden: does not exist)`);
  console.log(`STOR /upload.txt      ${report.uploadCode} (read-only)`);
  console.log(`DELE /index.html      ${report.deleteCode} (read-only)`);
  console.log(`RETR /../other/...    ${report.escapeCode} (another site: out of reach)`);
  console.log(`the site afterwards   ${report.siteAfter.join(", ")}`);
}
