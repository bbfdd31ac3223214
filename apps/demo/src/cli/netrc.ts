import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";

/** Credentials found in a netrc file. */
export interface NetrcEntry {
  login?: string;
  password?: string;
  account?: string;
}

/** Splits netrc text into tokens: whitespace separated, `"quoted strings"`, `#` comments. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /"((?:\\.|[^"\\])*)"|(\S+)/g;
  for (const line of text.split(/\r?\n/)) {
    if (line.trimStart().startsWith("#")) {
      tokens.push("\n");
      continue;
    }
    for (const match of line.matchAll(pattern)) {
      const quoted = match[1];
      tokens.push(quoted !== undefined ? quoted.replace(/\\(.)/g, "$1") : (match[2] ?? ""));
    }
    tokens.push("\n");
  }
  return tokens;
}

/**
 * Parses a netrc file (`machine HOST login USER password SECRET`, `default`, `macdef`
 * skipped) into entries by host; the `default` entry is stored under `""`.
 */
export function parseNetrc(text: string): Map<string, NetrcEntry> {
  const entries = new Map<string, NetrcEntry>();
  const tokens = tokenize(text);
  let current: NetrcEntry | undefined;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token === "\n") continue;
    const next = () => {
      index++;
      while (tokens[index] === "\n") index++;
      return tokens[index] ?? "";
    };
    if (token === "machine") {
      const host = next().toLowerCase();
      current = {};
      if (!entries.has(host)) entries.set(host, current);
    } else if (token === "default") {
      current = {};
      if (!entries.has("")) entries.set("", current);
    } else if (token === "macdef") {
      next();
      // a macro runs until an empty line
      index++;
      while (index < tokens.length && !(tokens[index] === "\n" && tokens[index - 1] === "\n"))
        index++;
      current = undefined;
    } else if (current && (token === "login" || token === "password" || token === "account")) {
      current[token] = next();
    }
  }
  return entries;
}

/** The netrc file to read: `$NETRC`, else `~/.netrc`. */
export function defaultNetrcPath(env: NodeJS.ProcessEnv): string {
  return env.NETRC ?? path.join(env.HOME ?? homedir(), ".netrc");
}

/**
 * The entry for `host` (or the `default` entry) in the netrc file at `file`; `undefined`
 * when the file does not exist or names neither. Other read errors are thrown.
 */
export async function lookupNetrc(file: string, host: string): Promise<NetrcEntry | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const entries = parseNetrc(text);
  return entries.get(host.toLowerCase()) ?? entries.get("");
}
