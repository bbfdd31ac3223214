import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** True when the module at `moduleUrl` is the script Node was started with. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** An `AbortSignal` that fires on the first SIGINT or SIGTERM. */
export function signalOnInterrupt(): AbortSignal {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => controller.abort(new Error(`received ${signal}`));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return controller.signal;
}
