import { defineCommand } from "../command.js";
import { mlsxFacts, statEntry } from "../listing.js";
import { MLST_FACTS } from "../session.js";

/** MLST (RFC 3659): facts of one path over the control connection, with the full pathname. */
export const mlstCommand = defineCommand({
  name: "MLST",
  syntax: "MLST [<sp> pathname]",
  help: "Show facts about a file or directory.",
  feature: (session) =>
    `MLST ${MLST_FACTS.map(
      (fact) => `${fact}${session.state.mlstFacts.includes(fact) ? "*" : ""};`,
    ).join("")}`,
  async handler(session, argument) {
    const { virtual, real } = await session.resolve(argument.trim());
    await session.assertPermission(virtual, "readable");
    const entry = await statEntry(session, virtual, real);
    const facts = await mlsxFacts(session, entry);
    await session.reply(250, [`Listing ${virtual}`, ` ${facts} ${virtual}`, "End."]);
  },
});
