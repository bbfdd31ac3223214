import { appendFileSync } from "node:fs";
import { inject, it } from "vitest";

/** The peers of the matrix: our server driven by real clients, our client against real servers. */
export const PEERS = [
  "server <- curl",
  "server <- ftplib",
  "server <- lftp",
  "client -> vsftpd",
  "client -> pyftpdlib",
] as const;
export type Peer = (typeof PEERS)[number];

/** The scenarios every pair runs, with the short column titles of the printed matrix. */
export const SCENARIOS = {
  login: "login",
  directories: "dirs",
  binary: "binary",
  resume: "resume",
  listings: "listings",
  pasv: "PASV",
  epsv: "EPSV",
  active: "active",
  ipv6: "IPv6",
  ftps: "FTPS",
} as const;
export type Scenario = keyof typeof SCENARIOS;

/** What happened to one cell of the matrix. */
export type Outcome = "pass" | "fail" | "skip" | "known-bug";

/** One line of the results file. */
export interface MatrixRecord {
  peer: Peer;
  scenario: Scenario;
  outcome: Outcome;
  note?: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** JSON-lines file the scenarios append their outcome to (see matrix-setup.ts). */
    interopMatrixFile: string;
  }
}

function record(entry: MatrixRecord): void {
  appendFileSync(inject("interopMatrixFile"), `${JSON.stringify(entry)}\n`);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").slice(0, 160);
}

/** Options of {@link scenario}. */
export interface ScenarioOptions {
  /** Why this cell cannot run here (a missing tool); printed and recorded as a skip. */
  skip?: string | undefined;
  /**
   * A verified library bug that makes this scenario fail: the test is `it.fails` (it turns
   * red as soon as the bug is fixed, so the marker cannot outlive it) and the cell shows it.
   * Only an error matching `error` counts as the bug; any other failure turns the test red.
   */
  knownBug?: { description: string; error: RegExp };
  timeout?: number;
}

/**
 * Registers one matrix cell as a test named after the scenario. Its outcome is recorded for
 * the matrix printed after the run; a skip is printed with its reason, never a silent pass.
 */
export function scenario(
  peer: Peer,
  name: Scenario,
  fn: () => Promise<void>,
  options: ScenarioOptions = {},
): void {
  const title = `${peer} × ${name}`;
  const { skip, knownBug, timeout } = options;
  if (knownBug !== undefined && skip === undefined) {
    const { description } = knownBug;
    it.fails(
      `${title} (known bug: ${description})`,
      async () => {
        try {
          await fn();
        } catch (error) {
          if (knownBug.error.test(String(error instanceof Error ? error.message : error))) {
            record({ peer, scenario: name, outcome: "known-bug", note: description });
            throw error;
          }
          // a different failure than the known bug: returning makes it.fails report it
          const note = `failed, but not with the known bug: ${firstLine(error)}`;
          record({ peer, scenario: name, outcome: "fail", note });
          console.log(`FAIL ${title}: ${note}`);
          return;
        }
        record({
          peer,
          scenario: name,
          outcome: "fail",
          note: `passes now; remove knownBug: ${description}`,
        });
      },
      timeout,
    );
    return;
  }
  it(
    title,
    async (context) => {
      if (skip !== undefined) {
        console.log(`SKIP ${title}: ${skip}`);
        record({ peer, scenario: name, outcome: "skip", note: skip });
        context.skip(skip);
        return;
      }
      try {
        await fn();
      } catch (error) {
        record({ peer, scenario: name, outcome: "fail", note: firstLine(error) });
        throw error;
      }
      record({ peer, scenario: name, outcome: "pass" });
    },
    timeout,
  );
}
