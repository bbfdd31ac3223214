import type { AbstractPathIO } from "../abstract-pathio.js";

/**
 * One fresh backend under test, made by the factory before every scenario.
 */
export interface PathIOContractSubject {
  /** The backend under test. */
  pathio: AbstractPathIO;
  /** An existing, empty directory in it that the scenario may fill (its "temp dir"). */
  root: string;
  /**
   * A writable backend that sees the same tree at the same paths. The kit creates its
   * fixtures through it, so read-only backends can be tested (required with `readOnly`).
   * Default: `pathio` itself.
   */
  fixtures?: AbstractPathIO;
  /**
   * Creates a symbolic link at `path` pointing to `target` (backend paths). When given, the
   * symbolic link scenarios run (`stat` follows, `lstat`/`readlink` report the link, ...).
   */
  symlink?: (target: string, path: string) => Promise<void>;
  /** Called after the scenario (also when it failed): remove temp dirs, etc. */
  cleanup?: () => void | Promise<void>;
}

/** Makes a {@link PathIOContractSubject}; called once per scenario. */
export type PathIOContractFactory = () => PathIOContractSubject | Promise<PathIOContractSubject>;

/** Options of {@link runPathIOContract}. */
export interface PathIOContractOptions {
  /**
   * The backend refuses every write with reason `permission`: the write scenarios are
   * replaced by checks that each write fails that way and changes nothing, and the read
   * scenarios build their fixtures through `subject.fixtures`. Default `false`.
   */
  readOnly?: boolean;
  /** `chmod` is implemented; when `false` it must fail with `unsupported`. Default `true`. */
  chmod?: boolean;
  /**
   * `setModifiedTime` is implemented; when `false` it must fail with `unsupported`.
   * Default `true`.
   */
  setModifiedTime?: boolean;
  /** Size of the large-file scenario in bytes. Default 8 MiB. */
  largeFileSize?: number;
  /**
   * When set, a scenario seeks a handle and a write stream to this byte offset (e.g. 5 GiB,
   * past 32-bit positions) and writes there; meant for disk backends with sparse files.
   * Default: not run.
   */
  hugeOffset?: number;
  /** Entries of the streaming-list scenario. Default 1000. */
  listEntries?: number;
  /** Scenario titles to skip (exact titles as vitest prints them), e.g. for a known gap. */
  skip?: readonly string[];
}

/** What a running scenario works with. */
export interface ContractRun {
  /** The backend under test. */
  pathio: AbstractPathIO;
  /** The scenario's empty directory. */
  root: string;
  /** Where fixtures are written (`subject.fixtures ?? pathio`). */
  fixtures: AbstractPathIO;
  /** `join(root, ...parts)` with the backend's own `join`. */
  path(...parts: string[]): string;
  /** The subject's symlink maker, if any. */
  symlink: ((target: string, path: string) => Promise<void>) | undefined;
}

/** Flags of one scenario. */
export interface ScenarioFlags {
  /** Writes through the backend under test (skipped for read-only backends). */
  writes?: boolean;
  /** Needs `subject.symlink`. */
  symlinks?: boolean;
}

/** Registers one scenario; the scenario files get this from the kit. */
export type DefineScenario = (
  title: string,
  body: (run: ContractRun) => Promise<void>,
  flags?: ScenarioFlags,
) => void;

/** The resolved options the scenario files read. */
export interface ResolvedContractOptions {
  readOnly: boolean;
  chmod: boolean;
  setModifiedTime: boolean;
  largeFileSize: number;
  hugeOffset: number | undefined;
  listEntries: number;
}
