/**
 * Which tunnels `bastionless stop WHAT` means (issue 11): WHAT is a tunnel id, an instance id or
 * Name, or a local port. Pure: the list in, the matches out; the command refuses none or many.
 */
import type { TunnelInfo } from "../../../contract/tunnel-info";
import { UsageError } from "../errors";
import { tunnelLine } from "./tunnel-text";

/** No control characters, bounded like a Name tag (contract/identifiers.ts TARGET allows 255). */
const SELECTOR = /^[^\x00-\x1f\x7f]{1,256}$/;

/** A tunnel id wins outright; otherwise every tunnel whose instance id, Name or local port it is. */
export function matchTunnels(list: readonly TunnelInfo[], what: string): TunnelInfo[] {
  const byId = list.filter((t) => t.id === what);
  if (byId.length) return byId;
  const port = /^\d{1,5}$/.test(what) ? Number(what) : null;
  return list.filter(
    (t) => t.target === what || t.instanceName === what || (port !== null && t.localPort === port),
  );
}

/** The one tunnel `what` names, or a usage error listing what it matched. */
export function selectTunnel(list: readonly TunnelInfo[], what: string): TunnelInfo {
  if (!SELECTOR.test(what))
    throw new UsageError("USAGE", "A tunnel is named by its id, instance id or Name, or local port.", {
      hint: "Run `bastionless tunnels` to see them.",
    });
  const found = matchTunnels(list, what);
  if (found.length === 1) return found[0]!;
  const shown = JSON.stringify(what.slice(0, 80));
  if (!found.length)
    throw new UsageError(
      "TUNNEL_NOT_FOUND",
      `No tunnel has the id, instance id, Name or local port ${shown}${list.length ? "" : " (no tunnel is open)"}.`,
      { hint: "Run `bastionless tunnels` to see them." },
    );
  throw new UsageError(
    "TUNNEL_AMBIGUOUS",
    `${shown} matches ${found.length} tunnels:\n${found.map((t) => `  ${tunnelLine(t)}`).join("\n")}`,
    { hint: "Name one by its id (or use --all)." },
  );
}
