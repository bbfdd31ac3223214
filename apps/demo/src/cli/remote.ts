import type { Client } from "@ftp/client";
import { ProgressDisplay } from "../progress-display.js";
import type { CliContext } from "./context.js";
import {
  type ConnectionFlags,
  type Endpoint,
  type FtpUrl,
  openClient,
  resolveEndpoint,
} from "./target.js";

/**
 * Connects to `url`, logs in, runs `fn` with the client, then quits (closes on failure).
 * Connect/login failures become a `CliError` with exit status 3.
 */
export async function withClient<T>(
  url: FtpUrl,
  flags: ConnectionFlags,
  context: CliContext,
  fn: (client: Client, endpoint: Endpoint) => Promise<T>,
): Promise<T> {
  const endpoint = await resolveEndpoint(url, flags, context.env);
  const client = await openClient(endpoint, context.signal);
  let result: T;
  try {
    result = await fn(client, endpoint);
  } catch (error) {
    client.close();
    throw error;
  }
  await client.quit().catch(() => client.close());
  return result;
}

/** Progress output on stderr (bars on a terminal), or none with `--quiet`. */
export function progressFor(context: CliContext, quiet: boolean): ProgressDisplay | undefined {
  return quiet ? undefined : new ProgressDisplay(context.stderr);
}
