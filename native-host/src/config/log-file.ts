/**
 * bastionless's own log files (host.log, tunnel-service.log): 0600 in a 0700 folder, and bounded.
 * A file past LOG_ROTATE_BYTES becomes `NAME.1` (replacing the previous one) and a new file
 * starts, so a log never grows without end and one earlier file is kept (issue 17, finding 7).
 */
import fs from "node:fs";
import path from "node:path";

export const LOG_ROTATE_BYTES = 5 * 1024 * 1024;

/**
 * A log is bastionless's own file, so it gets the rule of the credentials file (issue 17
 * finding 3): 0600 whatever mode it had, and never one another user owns (they could read it or
 * fill it with lines that look like ours). Returns why not, or null (also when it does not exist
 * yet: it will be created 0600). For every log file: host.log and tunnel-service.log.
 */
export function logFileProblem(file: string, me = process.getuid?.()): string | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return null;
  }
  if (me !== undefined && st.uid !== me) return `${file} is owned by another user (uid ${st.uid})`;
  if ((st.mode & 0o777) !== 0o600) fs.chmodSync(file, 0o600);
  return null;
}

/** Moves `file` to `file.1` when it is over `maxBytes`; returns the size the file has now. */
export function rotateLog(file: string, maxBytes = LOG_ROTATE_BYTES): number {
  try {
    const { size } = fs.statSync(file);
    if (size <= maxBytes) return size;
    fs.renameSync(file, `${file}.1`);
    return 0;
  } catch {
    // No log yet, or it cannot be moved: appending to it is fine either way.
    return 0;
  }
}

/**
 * A line writer for a log file that rotates as it goes: the host lives as long as the browser
 * keeps its port, so rotating only at start would not bound a long session's log.
 */
export function logFileWriter(file: string, maxBytes = LOG_ROTATE_BYTES): (line: string) => void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let size = rotateLog(file, maxBytes);
  return (line) => {
    fs.appendFileSync(file, line, { mode: 0o600 });
    size += Buffer.byteLength(line);
    if (size > maxBytes) size = rotateLog(file, maxBytes);
  };
}
