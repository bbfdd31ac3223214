import type { Session } from "./session.js";

/** How a command takes its argument: `none` (501 if given), `required` (501 if missing). */
export type ArgumentRule = "none" | "required" | "optional";

/**
 * A command module, declared as data. The registry uses the declaration to check
 * preconditions before the handler runs, and to build the FEAT and HELP replies.
 */
export interface CommandDefinition {
  /** The verb, upper case (`"RETR"`). */
  readonly name: string;
  /** Other verbs that run the same command (`XPWD` for `PWD`). */
  readonly aliases?: readonly string[];
  /** Usage shown by `HELP <name>`, e.g. `"RETR <sp> file-name"`. */
  readonly syntax: string;
  /** One line of help text. */
  readonly help: string;
  /** Refused with `530` before login. Default true. */
  readonly needsLogin?: boolean;
  /** Argument rule. Default `"optional"`. */
  readonly argument?: ArgumentRule;
  /** Needs PASV/EPSV/PORT/EPRT first (`425`/`503` otherwise). Default false. */
  readonly needsData?: boolean;
  /** Needs a preceding RNFR (`503` otherwise). Default false. */
  readonly needsRenameFrom?: boolean;
  /** May run while a transfer is in progress (ABOR, STAT, QUIT, NOOP). Default false. */
  readonly duringTransfer?: boolean;
  /** Runs during a transfer even when other commands are queued before it (ABOR). Default false. */
  readonly urgent?: boolean;
  /**
   * Keeps the REST offset for the command after it (REST itself, and the data-connection
   * setup commands some clients send between REST and RETR). Default false.
   */
  readonly keepsRestOffset?: boolean;
  /** The line this command adds to FEAT, if any (may depend on the session). */
  readonly feature?: string | ((session: Session) => string | undefined);
  /** Runs the command; replies through `session.reply`. Errors become safe replies. */
  readonly handler: (session: Session, argument: string) => Promise<void> | void;
}

const NAME_RE = /^[A-Z][A-Z0-9]{0,15}$/;

/** Checks and freezes a command declaration. */
export function defineCommand(definition: CommandDefinition): CommandDefinition {
  for (const name of [definition.name, ...(definition.aliases ?? [])]) {
    if (!NAME_RE.test(name)) throw new TypeError(`Invalid command name: ${JSON.stringify(name)}`);
  }
  return Object.freeze({ ...definition });
}
