/**
 * How a saved connection is named on screen, the same in the CLI's table and the popup's rows.
 * Pure. The values come from files others write: callers render them as text (displayText in
 * the CLI, text nodes in the popup).
 */
import type { Connection } from "./connection";

/** "rdp", "port 5432", "remote-host db.internal:5432", "ssh 2222": how the CLI and the popup name a kind. */
export function kindText(c: Pick<Connection, "kind" | "remotePort" | "remoteHost">): string {
  if (c.kind === "remote-host") return `remote-host ${c.remoteHost}:${c.remotePort}`;
  if (c.kind === "port") return `port ${c.remotePort}`;
  return c.remotePort === (c.kind === "rdp" ? 3389 : 22) ? c.kind : `${c.kind} ${c.remotePort}`;
}

/** "web-1", "i-0123…", or "tag:Role=build tag:Slot=2". */
export function targetText(c: Pick<Connection, "target">): string {
  const t = c.target;
  return t.by === "instance"
    ? t.value
    : Object.entries(t.tags)
        .map(([k, v]) => `tag:${k}=${v}`)
        .join(" ");
}

/** The profile, or "ACCOUNT/ROLE" for an entry that names the role instead. */
export const profileText = (c: Pick<Connection, "profile" | "account" | "role">) =>
  c.profile ?? `${c.account}/${c.role}`;
