import { mkdtemp, realpath, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AbstractPathIO } from "../abstract-pathio.js";
import type { PathIOContractSubject } from "./contract-types.js";

/** Options of {@link tempDirSubject}. */
export interface TempDirSubjectOptions {
  /** Directory to create the temp dir in. Default: `os.tmpdir()`. */
  parent?: string;
  /**
   * Wraps the disk backend for the scenario (e.g. `(disk) => new ReadOnlyPathIO(disk)`); the
   * unwrapped backend becomes `fixtures`.
   */
  wrap?: (pathio: AbstractPathIO) => AbstractPathIO;
}

/**
 * A subject for backends over the local disk: a fresh temp directory (real path, links
 * resolved) as `root`, `fs.symlink` for the link scenarios, and recursive removal as cleanup.
 */
export async function tempDirSubject(
  pathio: AbstractPathIO,
  options: TempDirSubjectOptions = {},
): Promise<PathIOContractSubject> {
  const root = await realpath(
    await mkdtemp(path.join(options.parent ?? tmpdir(), "ftp-pathio-contract-")),
  );
  const subject: PathIOContractSubject = {
    pathio: options.wrap ? options.wrap(pathio) : pathio,
    root,
    symlink: (target, link) => symlink(target, link),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
  if (options.wrap) subject.fixtures = pathio;
  return subject;
}
