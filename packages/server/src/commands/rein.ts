import { defineCommand } from "../command.js";

/** REIN: logs out and resets the session (TLS stays), as a fresh connection. */
export const reinCommand = defineCommand({
  name: "REIN",
  syntax: "REIN",
  help: "Reinitialize the session (log out).",
  needsLogin: false,
  argument: "none",
  async handler(session) {
    await session.transfer?.done;
    await session.logout();
    const state = session.state;
    state.loginName = undefined;
    state.cwd = "/";
    state.transferType = "I";
    state.restOffset = 0;
    state.epsvAll = false;
    state.loginAttempts = 0;
    session.data.reset();
    await session.reply(220, "Service ready for new user.");
  },
});
