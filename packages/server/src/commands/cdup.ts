import { defineCommand } from "../command.js";
import { changeDirectory } from "./cwd.js";

/** CDUP / XCUP: change to the parent directory. */
export const cdupCommand = defineCommand({
  name: "CDUP",
  aliases: ["XCUP"],
  syntax: "CDUP",
  help: "Change to the parent directory.",
  argument: "none",
  handler: (session) => changeDirectory(session, ".."),
});
