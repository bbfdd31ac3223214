import type { CommandDefinition } from "../command.js";
import { aborCommand } from "./abor.js";
import { acctCommand } from "./acct.js";
import { alloCommand } from "./allo.js";
import { appeCommand } from "./appe.js";
import { authCommand } from "./auth.js";
import { cccCommand } from "./ccc.js";
import { cdupCommand } from "./cdup.js";
import { cwdCommand } from "./cwd.js";
import { deleCommand } from "./dele.js";
import { eprtCommand } from "./eprt.js";
import { epsvCommand } from "./epsv.js";
import { featCommand } from "./feat.js";
import { helpCommand } from "./help.js";
import { hostCommand } from "./host.js";
import { listCommand } from "./list.js";
import { mdtmCommand } from "./mdtm.js";
import { mfmtCommand } from "./mfmt.js";
import { mkdCommand } from "./mkd.js";
import { mlsdCommand } from "./mlsd.js";
import { mlstCommand } from "./mlst.js";
import { modeCommand } from "./mode.js";
import { nlstCommand } from "./nlst.js";
import { noopCommand } from "./noop.js";
import { optsCommand } from "./opts.js";
import { passCommand } from "./pass.js";
import { pasvCommand } from "./pasv.js";
import { pbszCommand } from "./pbsz.js";
import { portCommand } from "./port.js";
import { protCommand } from "./prot.js";
import { pwdCommand } from "./pwd.js";
import { quitCommand } from "./quit.js";
import { reinCommand } from "./rein.js";
import { restCommand } from "./rest.js";
import { retrCommand } from "./retr.js";
import { rmdCommand } from "./rmd.js";
import { rnfrCommand } from "./rnfr.js";
import { rntoCommand } from "./rnto.js";
import { siteCommand } from "./site.js";
import { sizeCommand } from "./size.js";
import { statCommand } from "./stat.js";
import { storCommand } from "./stor.js";
import { stouCommand } from "./stou.js";
import { struCommand } from "./stru.js";
import { systCommand } from "./syst.js";
import { typeCommand } from "./type.js";
import { userCommand } from "./user.js";

/** Every built-in command; `new Server()` registers them all. */
export const BUILTIN_COMMANDS: readonly CommandDefinition[] = [
  aborCommand,
  acctCommand,
  alloCommand,
  appeCommand,
  authCommand,
  cccCommand,
  cdupCommand,
  cwdCommand,
  deleCommand,
  eprtCommand,
  epsvCommand,
  featCommand,
  helpCommand,
  hostCommand,
  listCommand,
  mdtmCommand,
  mfmtCommand,
  mkdCommand,
  mlsdCommand,
  mlstCommand,
  modeCommand,
  nlstCommand,
  noopCommand,
  optsCommand,
  passCommand,
  pasvCommand,
  pbszCommand,
  portCommand,
  protCommand,
  pwdCommand,
  quitCommand,
  reinCommand,
  restCommand,
  retrCommand,
  rmdCommand,
  rnfrCommand,
  rntoCommand,
  siteCommand,
  sizeCommand,
  statCommand,
  storCommand,
  stouCommand,
  struCommand,
  systCommand,
  typeCommand,
  userCommand,
];
