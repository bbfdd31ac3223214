import { defineCommand } from "../command.js";
import { resolveListTarget, splitListArgument, startListing, targetEntries } from "./list.js";

/** NLST: names only, one per line. */
export const nlstCommand = defineCommand({
  name: "NLST",
  syntax: "NLST [<sp> pathname]",
  help: "List file names.",
  needsData: true,
  async handler(session, argument) {
    const path = splitListArgument(argument);
    const target = await resolveListTarget(session, path);
    startListing(session, "NLST", target, async function* () {
      if (!target.isDir) {
        yield path;
        return;
      }
      for await (const entry of targetEntries(session, target)) yield entry.name;
    });
  },
});
