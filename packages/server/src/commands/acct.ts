import { defineCommand } from "../command.js";

/** ACCT: accounts are not used; accepted as superfluous after login (RFC 959 202). */
export const acctCommand = defineCommand({
  name: "ACCT",
  syntax: "ACCT <sp> account-information",
  help: "Specify an account (not needed on this server).",
  needsLogin: false,
  argument: "required",
  async handler(session) {
    if (session.loggedIn) await session.reply(202, "ACCT not needed, already logged in.");
    else await session.reply(503, "Login with USER first.");
  },
});
