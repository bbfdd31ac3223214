import type { Server } from "../server.js";

/** Where the CLI writes: anything with a `write(text)` (a process stream, a test buffer). */
export interface CliOutput {
  write(text: string): unknown;
}

/** Prints one timestamped line per session event (never passwords or real paths). */
export function logSessionEvents(server: Server, out: CliOutput): void {
  const line = (text: string) => out.write(`${new Date().toISOString()} ${text}\n`);
  server.on("connect", (e) => line(`#${e.sessionId} connect from ${e.remoteAddress}`));
  server.on("login", (e) =>
    line(`#${e.sessionId} login ${e.anonymous ? `anonymous (${e.login})` : e.login}`),
  );
  server.on("loginFailed", (e) =>
    line(`#${e.sessionId} login failed for ${e.login}: ${e.reason} (attempt ${e.attempts})`),
  );
  server.on("transferEnd", (e) =>
    line(
      `#${e.sessionId} ${e.command} ${e.path} ${e.bytes} bytes in ${Math.round(e.duration)} ms` +
        (e.completed ? "" : " (incomplete)"),
    ),
  );
  server.on("disconnect", (e) => line(`#${e.sessionId} disconnect`));
  server.on("sessionError", (e) => {
    const message = e.error instanceof Error ? e.error.message : String(e.error);
    line(`#${e.sessionId} error: ${message}`);
  });
}
