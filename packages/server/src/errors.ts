import { FtpError } from "@ftp/protocol";

/**
 * No port of the configured passive port range (`dataPorts`) could be bound. The session
 * gets `425` and goes on; the error is only visible to code that opens listeners itself.
 */
export class NoAvailablePortError extends FtpError {
  constructor(message = "No passive port available", options?: ErrorOptions) {
    super("ERR_FTP_NO_AVAILABLE_PORT", message, options);
  }
}
