/**
 * Whether the tunnel service's socket is ours, checked before anything connects to it or listens
 * in its folder (issue 17, finding 2). Another local user who creates the runtime folder first
 * would otherwise receive every request and could point the RDP client at a port of their own.
 *
 * The rule, for the folder and the socket alike: lstat (a symlink is never followed), owned by us,
 * and nobody else can write where it lives. Every folder above it is owned by us or root and, when
 * others may write to it, sticky (/tmp): otherwise they could rename our folder away and put their
 * own in its place between this check and the connect.
 */
import fs from "node:fs";
import path from "node:path";
import { FileError } from "../../../errors";

const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;

/** `absent`: no folder or no socket, so no service runs; the caller may start one. */
export type EndpointState = "absent" | "present";

const PRIVATE_DIR_HINT =
  "Set BASTIONLESS_RUNTIME_DIR to a folder in your home (for example ~/.bastionless-run); " +
  "never a shared folder such as /tmp, where another user can create it first.";

function unsafeDir(dir: string, why: string): FileError {
  return new FileError(
    "RUNTIME_DIR_UNSAFE",
    `${dir} ${why}, so bastionless will not use its tunnel service socket.`,
    { hint: `Remove ${dir} if you did not make it. ${PRIVATE_DIR_HINT}` },
  );
}

function lstat(p: string): fs.Stats | undefined {
  return fs.lstatSync(p, { throwIfNoEntry: false });
}

/** Every folder above `dir` (resolved: /tmp may be a link on macOS) is safe from others. */
function checkAncestors(dir: string, uid: number): void {
  let at = fs.realpathSync(path.dirname(path.resolve(dir)));
  for (;;) {
    const st = fs.lstatSync(at);
    if (st.uid !== uid && st.uid !== 0)
      throw unsafeDir(dir, `is inside ${at}, which belongs to another user`);
    if ((st.mode & GROUP_OR_OTHER_WRITE) !== 0 && (st.mode & STICKY) === 0)
      throw unsafeDir(dir, `is inside ${at}, which other users can write to`);
    const up = path.dirname(at);
    if (up === at) return;
    at = up;
  }
}

/**
 * The runtime folder: absent, or a real folder of ours that only we can write to (throws
 * RUNTIME_DIR_UNSAFE otherwise). Read and search bits for others are tightened by the server.
 */
export function checkRuntimeDir(dir: string, uid = process.getuid?.()): EndpointState {
  if (uid === undefined) return lstat(dir) ? "present" : "absent"; // Windows: the pipe name protects it
  const st = lstat(dir);
  if (!st) return "absent";
  checkAncestors(dir, uid);
  if (st.isSymbolicLink()) throw unsafeDir(dir, "is a symbolic link");
  if (!st.isDirectory()) throw unsafeDir(dir, "is not a folder");
  if (st.uid !== uid) throw unsafeDir(dir, `belongs to another user (uid ${st.uid})`);
  if ((st.mode & GROUP_OR_OTHER_WRITE) !== 0)
    throw unsafeDir(dir, `can be written by other users (mode ${(st.mode & 0o777).toString(8)})`);
  return "present";
}

/**
 * Called before every connect to the service (CLI `tunnels`, `stop`, `rdp`/`forward`, the native
 * host's link, the spawn path, doctor): `absent` means no service; a socket that is not ours
 * throws, and nothing is sent to it.
 */
/** What the check reads of a ServiceEndpoint (endpoint.ts), which passes itself. */
interface EndpointPlace {
  address: string;
  dir: string;
  isPipe: boolean;
}

export function checkServiceEndpoint(endpoint: EndpointPlace, uid = process.getuid?.()): EndpointState {
  if (endpoint.isPipe || uid === undefined) return "present"; // see endpoint.ts: the pipe's name
  if (checkRuntimeDir(endpoint.dir, uid) === "absent") return "absent";
  const st = lstat(endpoint.address);
  if (!st) return "absent";
  if (!st.isSocket() || st.uid !== uid) {
    throw new FileError(
      "SERVICE_SOCKET_UNSAFE",
      `${endpoint.address} is not a socket of yours (${st.isSocket() ? `owner uid ${st.uid}` : "not a socket"}), so bastionless will not talk to it.`,
      { hint: `Remove ${endpoint.address} if you did not make it. ${PRIVATE_DIR_HINT}` },
    );
  }
  return "present";
}
