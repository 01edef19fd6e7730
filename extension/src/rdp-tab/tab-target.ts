/**
 * What an RDP tab connects to, read from its URL: an open tunnel (`?tunnel=ID`, Open in browser
 * on a tunnel row) or an instance to open one to (`?instance=ID&profile=P[&region=R]`, Open in
 * browser beside Connect) or a saved RDP connection to open (`?connection=NAME`, Open in browser
 * in the Connections panel; the host resolves its profile and target). The instance form becomes tunnel.start's params, checked by the
 * contract's own checker, so a bad URL is refused here with the field it names.
 */

import { tunnelId } from "../../../contract/identifiers";
import { PARAM_CHECKS, type RequestParams } from "../../../contract/requests";

const RDP_PORT = 3389;

export type TabTarget =
  | { kind: "tunnel"; tunnelId: string }
  | { kind: "instance"; start: RequestParams["tunnel.start"] }
  | { kind: "connection"; open: RequestParams["connection.open"] };

/** Throws the contract's ValidationIssue for a malformed or missing value. */
export function tabTarget(q: URLSearchParams): TabTarget {
  const connection = q.get("connection");
  // No client launch: this tab is the client.
  if (connection !== null)
    return { kind: "connection", open: PARAM_CHECKS["connection.open"]({ name: connection, launch: false }) };
  const instance = q.get("instance");
  if (instance === null) return { kind: "tunnel", tunnelId: tunnelId(q.get("tunnel"), "tunnel") };
  const region = q.get("region");
  return {
    kind: "instance",
    // No local port: the host picks its default (or returns the open tunnel to this instance);
    // no client launch: this tab is the client.
    start: PARAM_CHECKS["tunnel.start"]({
      profile: q.get("profile"),
      ...(region ? { region } : {}),
      target: instance,
      remotePort: RDP_PORT,
      launch: false,
    }),
  };
}

/** The URL query for a tab that opens its own tunnel to `instance`. */
export function instanceQuery(
  instance: string,
  profile: string,
  region: string | null,
  label: string,
): string {
  const q = new URLSearchParams({ instance, profile, name: label });
  if (region) q.set("region", region);
  return q.toString();
}

/** The URL query for a tab that opens the saved RDP connection `name` (its tunnel, reused if open). */
export function connectionQuery(name: string): string {
  return new URLSearchParams({ connection: name, name }).toString();
}
