import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** SITE: CHMOD and HELP. */
export const siteCommand = defineCommand({
  name: "SITE",
  syntax: "SITE <sp> CHMOD <sp> mode <sp> path | SITE HELP",
  help: "Site-specific commands (CHMOD, HELP).",
  argument: "required",
  async handler(session, argument) {
    const [sub = "", ...rest] = argument.trim().split(" ");
    switch (sub.toUpperCase()) {
      case "HELP":
        await session.reply(214, [
          "The following SITE commands are recognized:",
          " CHMOD HELP",
          "SITE HELP ok.",
        ]);
        return;
      case "CHMOD": {
        const [modeText = "", ...pathParts] = rest;
        const path = pathParts.join(" ");
        if (!/^[0-7]{1,4}$/.test(modeText) || path === "")
          throw new ReplyError(501, "Syntax: SITE CHMOD <octal mode> <path>.");
        const { virtual, real } = await session.resolve(path);
        await session.assertPermission(virtual, "writable");
        if (!(await session.pathio.exists(real)))
          throw new ReplyError(550, "No such file or directory.");
        await session.pathio.chmod(real, Number.parseInt(modeText, 8));
        await session.reply(200, "SITE CHMOD command ok.");
        return;
      }
      default:
        throw new ReplyError(501, "Unknown SITE command.");
    }
  },
});
