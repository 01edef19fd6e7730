/**
 * Version rules that make client and agent pick the same port mode (spec §8.2). Both ends decide
 * independently; we apply the plugin's comparison (four numeric parts, strictly greater, anything
 * unparsable = "not supported") to AgentVersion, and send a ClientVersion the agent's rules read
 * the same way.
 */

/**
 * The ClientVersion we report: four parts, > 1.2.331.0 so current agents turn smux keepalive off
 * exactly when we do, and ≥ 1.1.70 so they choose mux (spec §6.3, §8.2). It is the plugin release
 * whose behaviour we match.
 */
export const CLIENT_VERSION = "1.2.650.0";

/** AgentVersion thresholds, all "strictly greater than" (spec §11). */
export const MUX_AFTER_AGENT = "3.0.196.0";
export const KEEPALIVE_OFF_AFTER_AGENT = "3.1.1511.0";
export const TERMINATE_FLAG_AFTER_AGENT = "2.3.722.0";

/** The plugin's comparison: same number of dot-separated integers, a > b; parse errors ⇒ false. */
export function isVersionGreater(a: string, b: string): boolean {
  const pa = a.split(".");
  const pb = b.split(".");
  if (pa.length !== pb.length) return false;
  for (let i = 0; i < pa.length; i++) {
    if (!/^\d{1,9}$/.test(pa[i]!) || !/^\d{1,9}$/.test(pb[i]!)) return false;
  }
  for (let i = 0; i < pa.length; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d > 0;
  }
  return false;
}

export interface PortModeDecision {
  mode: "mux" | "basic";
  /** Send smux NOPs every 10 s (agent still has keepalive on). */
  smuxKeepAlive: boolean;
  /** Stop with the TerminateSession flag; else call the TerminateSession API (spec §8.5). */
  terminateFlag: boolean;
}

/** Spec §8.2, client column. */
export function decidePortMode(agentVersion: string, type: string): PortModeDecision {
  const mux = type === "LocalPortForwarding" && isVersionGreater(agentVersion, MUX_AFTER_AGENT);
  return {
    mode: mux ? "mux" : "basic",
    smuxKeepAlive: !isVersionGreater(agentVersion, KEEPALIVE_OFF_AFTER_AGENT),
    terminateFlag: mux || isVersionGreater(agentVersion, TERMINATE_FLAG_AFTER_AGENT),
  };
}
