/**
 * The behavioural contract of `@ftp/pathio` backends as a vitest suite: one call registers
 * every scenario (aioftp's `test_pathio` with the exact error reasons it pins, plus the
 * methods it lacks, handle independence, large files, unicode names, streamed listing,
 * streams, symbolic links and read-only backends) against a factory of backends.
 *
 * ```ts
 * import { runPathIOContract, tempDirSubject } from "@ftp/pathio/testing";
 * runPathIOContract("MyPathIO", () => tempDirSubject(new MyPathIO()));
 * ```
 * Requires `vitest` (an optional peer dependency of `@ftp/pathio`).
 * @packageDocumentation
 */
import { afterEach, beforeEach, describe, it } from "vitest";
import type {
  ContractRun,
  DefineScenario,
  PathIOContractFactory,
  PathIOContractOptions,
  PathIOContractSubject,
  ResolvedContractOptions,
} from "./contract-types.js";
import { registerAioftpScenarios } from "./scenarios/aioftp.js";
import { registerHandleScenarios } from "./scenarios/handles.js";
import { registerListingScenarios } from "./scenarios/listing.js";
import { registerMetadataScenarios } from "./scenarios/metadata.js";
import { registerReadOnlyScenarios } from "./scenarios/read-only.js";
import { registerStreamScenarios } from "./scenarios/streams.js";
import { registerSymlinkScenarios } from "./scenarios/symlinks.js";
import { registerTreeScenarios } from "./scenarios/tree.js";

export type {
  ContractRun,
  PathIOContractFactory,
  PathIOContractOptions,
  PathIOContractSubject,
} from "./contract-types.js";
export { collect, expectPathIOError, pattern, readFile, writeFile } from "./helpers.js";
export { type TempDirSubjectOptions, tempDirSubject } from "./temp-dir-subject.js";

/**
 * Registers the whole pathio contract as `describe(name, ...)` with vitest. `factory` is
 * called before every scenario for a fresh backend and empty root, and its `cleanup` after.
 */
export function runPathIOContract(
  name: string,
  factory: PathIOContractFactory,
  options: PathIOContractOptions = {},
): void {
  const resolved: ResolvedContractOptions = {
    readOnly: options.readOnly ?? false,
    chmod: options.chmod ?? true,
    setModifiedTime: options.setModifiedTime ?? true,
    largeFileSize: options.largeFileSize ?? 8 * 1024 * 1024,
    hugeOffset: options.hugeOffset,
    listEntries: options.listEntries ?? 1000,
  };
  const skipped = new Set(options.skip ?? []);

  describe(name, () => {
    let subject: PathIOContractSubject | undefined;
    let run: ContractRun | undefined;

    beforeEach(async () => {
      subject = await factory();
      const current = subject;
      if (resolved.readOnly && current.fixtures === undefined) {
        throw new Error("runPathIOContract: a readOnly backend needs subject.fixtures");
      }
      run = {
        pathio: current.pathio,
        root: current.root,
        fixtures: current.fixtures ?? current.pathio,
        path: (...parts) => current.pathio.join(current.root, ...parts),
        symlink: current.symlink,
      };
    });

    afterEach(async () => {
      const done = subject;
      subject = undefined;
      run = undefined;
      await done?.cleanup?.();
    });

    const scenario: DefineScenario = (title, body, flags = {}) => {
      const skip = skipped.has(title) || (flags.writes === true && resolved.readOnly);
      it.skipIf(skip)(title, async ({ skip: skipNow }) => {
        if (run === undefined) throw new Error("runPathIOContract: no subject");
        if (flags.symlinks === true && run.symlink === undefined) {
          skipNow("the subject has no symlink()");
          return;
        }
        await body(run);
      });
    };

    describe("aioftp test_pathio", () => registerAioftpScenarios(scenario, resolved));
    describe("tree: mkdir, rmdir, unlink, rename", () => registerTreeScenarios(scenario, resolved));
    describe("file handles", () => registerHandleScenarios(scenario, resolved));
    describe("metadata", () => registerMetadataScenarios(scenario, resolved));
    describe("listing", () => registerListingScenarios(scenario, resolved));
    describe("streams", () => registerStreamScenarios(scenario, resolved));
    describe("symbolic links", () => registerSymlinkScenarios(scenario, resolved));
    if (resolved.readOnly) {
      describe("read-only", () => registerReadOnlyScenarios(scenario, resolved));
    }
  });
}
