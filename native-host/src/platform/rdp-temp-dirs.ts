/**
 * The private folders that hold a tunnel's .rdp files: `<tmp>/bastionless-rdp-<tunnel id>-XXXXXX`.
 * The RDP launcher creates them; the tunnel service removes a tunnel's folders when the tunnel
 * ends (issue 11: "/tmp/bastionless-rdp-* folders are left behind"). One home for the name rule.
 */
import fs from "node:fs";
import path from "node:path";

export const RDP_DIR_PREFIX = "bastionless-rdp-";

/** The mkdtemp prefix for a tunnel's folder (no id: a file written without a tunnel). */
export function rdpDirPrefix(tmpDir: string, tunnelId?: string): string {
  return path.join(tmpDir, `${RDP_DIR_PREFIX}${tunnelId ? `${tunnelId}-` : ""}`);
}

/** Whether `name` is a folder of ours that is to go (all of `tunnelId`'s, or any older than `before`). */
function removable(dir: string, name: string, pick: { tunnelId?: string; before?: number }): boolean {
  if (!name.startsWith(RDP_DIR_PREFIX)) return false;
  if (pick.tunnelId !== undefined && !name.startsWith(`${RDP_DIR_PREFIX}${pick.tunnelId}-`)) return false;
  const st = fs.lstatSync(path.join(dir, name));
  // Only real folders of this user: never follow a link someone else planted in a shared /tmp.
  if (!st.isDirectory() || st.uid !== (process.getuid?.() ?? st.uid)) return false;
  return pick.before === undefined || st.mtimeMs < pick.before;
}

/** Removes the folders `pick` selects; best effort, returns how many went. */
export function removeRdpDirs(tmpDir: string, pick: { tunnelId?: string; before?: number }): number {
  let removed = 0;
  try {
    for (const name of fs.readdirSync(tmpDir)) {
      try {
        if (!removable(tmpDir, name, pick)) continue;
        fs.rmSync(path.join(tmpDir, name), { recursive: true, force: true });
        removed++;
      } catch {
        // Gone already, or not ours to remove.
      }
    }
  } catch {
    // Housekeeping only: nothing fails because of it.
  }
  return removed;
}
