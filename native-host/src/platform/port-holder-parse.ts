/**
 * Reading which process listens on a local TCP port from what each OS offers (issue 11, "a busy
 * --local-port names the process holding it"). Pure: text in, inodes, pids and names out; the
 * files and programs are read by port-holder.ts.
 */

/** TCP state 0A is LISTEN in /proc/net/tcp{,6} (Linux include/net/tcp_states.h). */
const PROC_LISTEN = "0A";

/**
 * Socket inodes listening on `port` in a /proc/net/tcp or tcp6 table. Columns: sl,
 * local_address (HEX_IP:HEX_PORT), rem_address, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode.
 */
export function listeningInodes(table: string, port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes: string[] = [];
  for (const line of table.split("\n").slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10) continue;
    const local = cols[1]!;
    if (local.slice(local.lastIndexOf(":") + 1).toUpperCase() !== hexPort) continue;
    if (cols[3]!.toUpperCase() !== PROC_LISTEN) continue;
    if (cols[9] !== "0") inodes.push(cols[9]!);
  }
  return inodes;
}

/** `lsof -nP -iTCP:PORT -sTCP:LISTEN` output: COMMAND PID USER … → the first listener. */
export function parseLsof(text: string): { pid: number; name: string } | null {
  for (const line of text.split("\n").slice(1)) {
    const m = /^(\S+)\s+(\d+)\s/.exec(line);
    if (m) return { name: m[1]!.replace(/\\x20/g, " "), pid: Number(m[2]) };
  }
  return null;
}

/** `netstat -ano -p TCP` (Windows): "TCP  127.0.0.1:13389  0.0.0.0:0  LISTENING  1234". */
export function parseNetstat(text: string, port: number): number | null {
  for (const line of text.split(/\r?\n/)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5 || cols[0]!.toUpperCase() !== "TCP") continue;
    const local = cols[1]!;
    if (local.slice(local.lastIndexOf(":") + 1) !== String(port)) continue;
    if (cols[3]!.toUpperCase() !== "LISTENING") continue;
    const pid = Number(cols[4]);
    if (Number.isInteger(pid) && pid > 0) return pid;
  }
  return null;
}

/** `tasklist /FI "PID eq N" /FO CSV /NH`: "\"rdpclip.exe\",\"1234\",…" → the image name. */
export function parseTasklist(text: string): string | null {
  const m = /^"([^"]+)","\d+"/m.exec(text.trim());
  return m ? m[1]! : null;
}

/** How a holder reads in a message: "node (pid 1234)", or "pid 1234" when the name is unknown. */
export function holderText(h: { pid: number; name: string | null }): string {
  return h.name ? `${h.name} (pid ${h.pid})` : `pid ${h.pid}`;
}
