/**
 * The Windows named pipe of the tunnel service (issue 17, finding 2). \\.\pipe\ is one namespace
 * for the whole machine and Node cannot put an ACL on a pipe it creates (nodejs/node#47086: libuv
 * passes no security attributes, so the default DACL applies), so the name itself must be one
 * that another user cannot know in advance: it carries a hash of a per-user secret kept in the
 * user's own profile folder (readable by that user, SYSTEM and administrators only).
 *
 * What this does not stop is described in docs/security.md: pipe names can be listed while the
 * service runs, and Node offers no GetNamedPipeServerProcessId, so the client also asks the
 * server to prove it holds the secret (service-proof.ts) before sending anything.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { FileError } from "../../../errors";

export const PIPE_SECRET_FILE = "pipe.key";
const SECRET_BYTES = 32;

/** Pure: the pipe name for a user and their secret (128 bits of it show in the name). */
export function pipeName(user: string, secret: Buffer): string {
  const safeUser = user.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 64) || "user";
  const tag = createHash("sha256").update("bastionless tunnel-service pipe\0").update(secret).digest("hex");
  return `\\\\.\\pipe\\bastionless-${safeUser}-${tag.slice(0, 32)}`;
}

/**
 * The user's secret from `dir`, created on first use: written 0600 to a private temporary file,
 * then linked into place, so a racing caller sees either no file or the whole secret, and both
 * end with the one that was linked first.
 */
export function pipeSecret(dir: string): Buffer {
  const file = path.join(dir, PIPE_SECRET_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(tmp, randomBytes(SECRET_BYTES), { flag: "wx", mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  const secret = fs.readFileSync(file);
  if (secret.length !== SECRET_BYTES) {
    throw new FileError("PIPE_SECRET_INVALID", `${file} is not a bastionless pipe secret.`, {
      hint: `Stop the tunnels (bastionless stop --all), delete ${file}, and try again.`,
    });
  }
  return secret;
}
