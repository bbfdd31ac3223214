import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import { startUpload } from "./stor.js";

/** STOU: store under a unique name in the working directory (RFC 1123: `150 FILE: name`). */
export const stouCommand = defineCommand({
  name: "STOU",
  syntax: "STOU [<sp> file-name]",
  help: "Store a file under a unique name.",
  needsData: true,
  async handler(session, argument) {
    if (session.commandOffset > 0) throw new ReplyError(550, "STOU cannot be restarted.");
    const base = argument.trim() === "" ? "file" : argument.trim();
    for (let attempt = 0; attempt < 100; attempt++) {
      const candidate = attempt === 0 ? base : `${base}.${attempt}`;
      const { virtual, real } = await session.resolve(candidate);
      if (await session.pathio.exists(real)) continue;
      const name = virtual.slice(virtual.lastIndexOf("/") + 1);
      await startUpload(session, {
        command: "STOU",
        virtual,
        real,
        preliminary: `FILE: ${name}`,
        success: `Transfer complete (unique file name: ${name}).`,
      });
      return;
    }
    throw new ReplyError(450, "No unique file name available.");
  },
});
