import type { CommandDefinition } from "./command.js";
import type { Session } from "./session.js";

/**
 * All commands a server understands. Dispatch, FEAT and HELP read from here, so they never
 * disagree. `register` adds a command or replaces one of the same name.
 */
export class CommandRegistry {
  readonly #commands = new Map<string, CommandDefinition>();
  readonly #byVerb = new Map<string, CommandDefinition>();

  constructor(commands: Iterable<CommandDefinition> = []) {
    for (const command of commands) this.register(command);
  }

  /** Adds (or replaces) a command and its aliases. */
  register(command: CommandDefinition): this {
    const previous = this.#commands.get(command.name);
    if (previous !== undefined) {
      for (const alias of previous.aliases ?? []) this.#byVerb.delete(alias);
    }
    this.#commands.set(command.name, command);
    this.#byVerb.set(command.name, command);
    for (const alias of command.aliases ?? []) this.#byVerb.set(alias, command);
    return this;
  }

  /** Removes a command and its aliases; true when it existed. */
  unregister(name: string): boolean {
    const command = this.#commands.get(name.toUpperCase());
    if (command === undefined) return false;
    this.#commands.delete(command.name);
    this.#byVerb.delete(command.name);
    for (const alias of command.aliases ?? []) this.#byVerb.delete(alias);
    return true;
  }

  /** The command for a verb or alias (upper case). */
  get(verb: string): CommandDefinition | undefined {
    return this.#byVerb.get(verb);
  }

  /** Every verb (names and aliases), sorted. */
  verbs(): string[] {
    return [...this.#byVerb.keys()].sort();
  }

  /** Every command, sorted by name. */
  commands(): CommandDefinition[] {
    return [...this.#commands.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** FEAT lines for a session, sorted, without duplicates. */
  features(session: Session): string[] {
    const lines = new Set<string>();
    for (const command of this.#commands.values()) {
      const feature =
        typeof command.feature === "function" ? command.feature(session) : command.feature;
      if (feature !== undefined && feature !== "") lines.add(feature);
    }
    return [...lines].sort();
  }
}
