/** A reply to send: code and text. */
export interface SafeReply {
  code: number;
  text: string;
}

interface PathErrorLike {
  code: "ERR_FTP_PATHIO";
  reason: string;
}

/** True for a `PathIOError` of @ftp/pathio (checked by its stable code). */
export function isPathIOError(error: unknown): error is PathErrorLike {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { code?: unknown }).code === "ERR_FTP_PATHIO" &&
    typeof (error as { reason?: unknown }).reason === "string"
  );
}

/** Reply texts per `PathIOError` reason. No real path or internal text ever reaches the peer. */
const BY_REASON: Record<string, SafeReply> = {
  "not-found": { code: 550, text: "No such file or directory." },
  exists: { code: 550, text: "File exists." },
  "not-a-directory": { code: 550, text: "Not a directory." },
  "is-a-directory": { code: 550, text: "Is a directory." },
  "not-empty": { code: 550, text: "Directory not empty." },
  permission: { code: 550, text: "Permission denied." },
  "no-space": { code: 452, text: "Insufficient storage space." },
  "cross-device": { code: 553, text: "Cannot move across file systems." },
  "bad-mode": { code: 553, text: "File name not allowed." },
  "outside-root": { code: 550, text: "Permission denied." },
  unsupported: { code: 502, text: "Not supported by this file system." },
  io: { code: 451, text: "Requested action aborted: local error in processing." },
};

/** Maps any error from a command to a safe reply (unknown errors → 451). */
export function replyForError(error: unknown): SafeReply {
  if (isPathIOError(error)) return BY_REASON[error.reason] ?? BY_REASON.io!;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOSPC" || code === "EDQUOT") return BY_REASON["no-space"]!;
  return BY_REASON.io!;
}
