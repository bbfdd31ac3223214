import { defineCommand } from "../command.js";
import { startUpload } from "./stor.js";

/** APPE: append to a file (creates it); with REST, writes at the offset as STOR. */
export const appeCommand = defineCommand({
  name: "APPE",
  syntax: "APPE <sp> file-name",
  help: "Append to a file.",
  argument: "required",
  needsData: true,
  async handler(session, argument) {
    const { virtual, real } = await session.resolve(argument);
    await startUpload(session, {
      command: "APPE",
      virtual,
      real,
      preliminary: "Ok to send data.",
    });
  },
});
