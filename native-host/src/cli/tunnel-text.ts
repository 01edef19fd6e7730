/** How tunnels read on a terminal (`bastionless tunnels`, `rdp`, `forward`). Pure. */
import { displayText } from "../../../contract/display-text";
import type { TunnelInfo } from "../../../contract/tunnel-info";

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

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

/** One line: "Tunnel k3f9x2qa open: 127.0.0.1:13389 → web-1 (i-…) port 3389". */
export function tunnelLine(t: TunnelInfo): string {
  return `Tunnel ${t.id} ${t.state}: 127.0.0.1:${t.localPort} → ${targetText(t)} port ${t.remotePort}`;
}

/** "contoso-prod (123456789012)", the id alone, or "" when the profile did not say (issue 11). */
export function accountText(t: TunnelInfo): string {
  if (!t.accountId) return "";
  return displayText(t.accountAlias ? `${t.accountAlias} (${t.accountId})` : t.accountId);
}

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
    targetText(t),
    String(t.remotePort),
    t.profile,
    accountText(t),
    humanBytes(t.bytesIn),
    humanBytes(t.bytesOut),
    String(t.connections),
    humanAge(t.since, now),
    t.lastError ? displayText(`${t.lastError.code}: ${t.lastError.message}`) : "",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join("\n")}\n`;
}
