/** Our client against pyftpdlib (the Debian package, run by the system Python). */
import { defineClientScenarios } from "./helpers/client-scenarios.js";
import { lazy } from "./helpers/our-server.js";
import { pyftpdlibMissing, pyftpdlibTlsMissing, startPyftpdlib } from "./helpers/peer-servers.js";

const missing = pyftpdlibMissing();
const tlsMissing = pyftpdlibTlsMissing();

defineClientScenarios({
  peer: "client -> pyftpdlib",
  missing,
  tlsMissing,
  v4: lazy(() => startPyftpdlib("127.0.0.1", { tls: tlsMissing === undefined })),
  v6: lazy(() => startPyftpdlib("::1", { tls: false })),
  badLogin: { user: "alice", password: "wrong" },
  listing: "MLSD",
});
