import { quotePath } from "@ftp/protocol";
import { defineCommand } from "../command.js";

/** PWD / XPWD: the working directory, quoted with inner quotes doubled (RFC 959). */
export const pwdCommand = defineCommand({
  name: "PWD",
  aliases: ["XPWD"],
  syntax: "PWD",
  help: "Print the working directory.",
  argument: "none",
  async handler(session) {
    await session.reply(257, `${quotePath(session.state.cwd)} is the current directory.`);
  },
});
