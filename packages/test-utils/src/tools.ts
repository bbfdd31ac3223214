import { execFileSync } from "node:child_process";
import net from "node:net";

/** True when `command` can be run on this machine (found on PATH). */
export function hasCommand(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${JSON.stringify(command)}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** True when a Python module can be imported by the given interpreter. */
export function hasPythonModule(module: string, python = "python3"): boolean {
  try {
    execFileSync(python, ["-c", `import ${module}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

let ipv6: boolean | undefined;

/** True when the machine can listen on and connect to `::1`. */
export async function hasIPv6Loopback(): Promise<boolean> {
  if (ipv6 !== undefined) return ipv6;
  ipv6 = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(0, "::1", () => server.close(() => resolve(true)));
  });
  return ipv6;
}

/** The loopback hosts integration tests run over: 127.0.0.1 always, ::1 where available. */
export const LOOPBACK_HOSTS = ["127.0.0.1", "::1"] as const;
