/** Our client against vsftpd (anonymous, explicit FTPS with require_ssl_reuse, no MLSD). */
import { defineClientScenarios } from "./helpers/client-scenarios.js";
import { lazy } from "./helpers/our-server.js";
import { startVsftpd, vsftpdMissing } from "./helpers/peer-servers.js";

const missing = vsftpdMissing();

defineClientScenarios({
  peer: "client -> vsftpd",
  missing,
  tlsMissing: missing,
  v4: lazy(() => startVsftpd("127.0.0.1")),
  v6: lazy(() => startVsftpd("::1")),
  // local users are disabled: any named login is refused
  badLogin: { user: "alice", password: "secret" },
  listing: "LIST",
});
