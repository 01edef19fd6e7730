/** How tunnels read on a terminal (`bastionless tunnels`, `rdp`, `forward`). Pure. */

import { accountLabel } from "../../../contract/account-label";
import { formatBytes } from "../../../contract/byte-size";
import { displayText } from "../../../contract/display-text";
import type { TunnelInfo } from "../../../contract/tunnel-info";
import { textTable } from "./text-table";

export function humanAge(sinceIso: string, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(sinceIso)) / 1000));
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** The Name tag and target come from AWS and the user: rendered with displayText (issue 17). */
const targetText = (t: TunnelInfo) =>
  displayText(t.instanceName ? `${t.instanceName} (${t.target})` : t.target);

/** Where the tunnel leads on the far side: "port 3389", or "db.internal:5432 via" for a remote host. */
const farSide = (t: TunnelInfo) =>
  t.remoteHost
    ? `${displayText(t.remoteHost)}:${t.remotePort} via ${targetText(t)}`
    : `${targetText(t)} port ${t.remotePort}`;

/** One line: "Tunnel k3f9x2qa open: 127.0.0.1:13389 → web-1 (i-…) port 3389" (or "→ db:5432 via web-1 (i-…)"). */
export function tunnelLine(t: TunnelInfo): string {
  return `Tunnel ${t.id} ${t.state}: 127.0.0.1:${t.localPort} → ${farSide(t)}`;
}

/** "contoso-prod (123456789012)", the id alone, or "" when the profile did not say (issue 11). */
export const accountText = (t: TunnelInfo): string => accountLabel(t.accountId, t.accountAlias);

export function tunnelTable(tunnels: readonly TunnelInfo[], now: Date): string {
  if (!tunnels.length) return "No tunnels.\n";
  const head = [
    "ID",
    "STATE",
    "LOCAL",
    "TARGET",
    "PORT",
    "PROFILE",
    "ACCOUNT",
    "IN",
    "OUT",
    "CONN",
    "SINCE",
    "LAST ERROR",
  ];
  const rows = tunnels.map((t) => [
    t.id,
    t.state,
    `127.0.0.1:${t.localPort}`,
    t.remoteHost ? `${displayText(t.remoteHost)} via ${targetText(t)}` : targetText(t),
    String(t.remotePort),
    t.profile,
    accountText(t),
    formatBytes(t.bytesIn),
    formatBytes(t.bytesOut),
    String(t.connections),
    humanAge(t.since, now),
    t.lastError ? displayText(`${t.lastError.code}: ${t.lastError.message}`) : "",
  ]);
  return textTable(head, rows);
}
