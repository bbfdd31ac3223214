import { defineCommand } from "../command.js";
import { mlsxFacts } from "../listing.js";
import { ReplyError } from "../reply-error.js";
import { resolveListTarget, startListing, targetEntries } from "./list.js";

/** MLSD (RFC 3659): machine-readable listing of a directory, ending with 226. */
export const mlsdCommand = defineCommand({
  name: "MLSD",
  syntax: "MLSD [<sp> pathname]",
  help: "List a directory in machine-readable form.",
  needsData: true,
  async handler(session, argument) {
    const target = await resolveListTarget(session, argument.trim());
    if (!target.isDir) throw new ReplyError(501, "Not a directory.");
    startListing(session, "MLSD", target, async function* () {
      for await (const entry of targetEntries(session, target))
        yield `${await mlsxFacts(session, entry)} ${entry.name}`;
    });
  },
});
