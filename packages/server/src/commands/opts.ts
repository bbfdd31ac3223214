import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import { MLST_FACTS } from "../session.js";

/** OPTS (RFC 2389): `UTF8 ON|OFF` (always UTF-8) and `MLST fact;fact;`. */
export const optsCommand = defineCommand({
  name: "OPTS",
  syntax: "OPTS <sp> UTF8 ON | MLST facts",
  help: "Set options (UTF8, MLST).",
  needsLogin: false,
  argument: "required",
  feature: (session) => (session.server.options.encoding === "utf8" ? "UTF8" : undefined),
  async handler(session, argument) {
    const [name = "", ...rest] = argument.trim().split(/\s+/);
    const value = rest.join(" ");
    switch (name.toUpperCase()) {
      case "UTF8":
      case "UTF-8":
        if (value.toUpperCase() === "ON" || value === "") {
          await session.reply(200, "Always in UTF8 mode.");
          return;
        }
        if (value.toUpperCase() === "OFF") throw new ReplyError(504, "UTF8 cannot be turned off.");
        throw new ReplyError(501, "Syntax: OPTS UTF8 ON.");
      case "MLST": {
        const wanted = value
          .split(";")
          .map((fact) => fact.trim().toLowerCase())
          .filter((fact) => fact !== "");
        const facts = MLST_FACTS.filter((fact) => wanted.includes(fact));
        session.state.mlstFacts = facts;
        await session.reply(200, `MLST OPTS ${facts.map((fact) => `${fact};`).join("")}`);
        return;
      }
      default:
        throw new ReplyError(501, "Option not understood.");
    }
  },
});
