/**
 * The agent's side of the handshake (spec §6, §10 items 2–4) and its version rules (§8.2, agent
 * column): mux iff the document type is LocalPortForwarding, the agent is newer than 3.0.196.0 and
 * ClientVersion ≥ 1.1.70; smux keepalive off iff the agent negotiates it (3.2.1041.0 and later,
 * agent-behaviour.ts) and ClientVersion > 1.2.331.0.
 */
import { randomBytes } from "node:crypto";
import { agentBehaviour } from "./agent-behaviour";
import { type AgentKnobs, compareAgentStyle } from "./knobs";

/**
 * The agent's SessionType action carries the document's parameters as StartSession gave them
 * (sessionplugin.go GetPluginParameters(config.Properties)): portNumber is the port asked for and
 * localPortNumber is present only when it was asked (spec §15).
 */
export function handshakeRequest(knobs: AgentKnobs, parameters: Record<string, string[]>): Buffer {
  // AWS-StartSSHSession's properties have no `type` at all (issue 13); the port documents say LocalPortForwarding.
  const properties: Record<string, string> = knobs.portType ? { type: knobs.portType } : {};
  for (const [k, v] of Object.entries(parameters)) if (v[0] !== undefined) properties[k] = v[0];
  const actions: unknown[] = [
    {
      ActionType: "SessionType",
      ActionParameters: { SessionType: "Port", Properties: properties },
    },
  ];
  if (knobs.requestKms) {
    actions.push({
      ActionType: "KMSEncryption",
      ActionParameters: { KMSKeyId: "alias/test", Challenge: randomBytes(16).toString("base64") },
    });
  }
  return Buffer.from(JSON.stringify({ AgentVersion: knobs.agentVersion, RequestedClientActions: actions }));
}

export interface ResponseVerdict {
  clientVersion: string;
  /** Null when every action succeeded; else the reason the session fails. */
  failure: string | null;
  raw: unknown;
}

export function readHandshakeResponse(payload: Buffer): ResponseVerdict {
  let v: { ClientVersion?: unknown; ProcessedClientActions?: unknown };
  try {
    v = JSON.parse(payload.toString("utf8"));
  } catch {
    return { clientVersion: "", failure: "Handshake response is not JSON", raw: null };
  }
  const clientVersion = typeof v.ClientVersion === "string" ? v.ClientVersion : "";
  const actions = Array.isArray(v.ProcessedClientActions) ? v.ProcessedClientActions : [];
  const failed = actions.filter((a: { ActionStatus?: unknown }) => a?.ActionStatus !== 1);
  const failure = failed.length
    ? `Handshake failed: ${failed.map((a: { ActionType?: unknown; Error?: unknown }) => `${a.ActionType}: ${a.Error}`).join("; ")}`
    : actions.length === 0
      ? "Handshake failed: no processed actions"
      : null;
  return { clientVersion, failure, raw: v };
}

export function agentModes(
  knobs: AgentKnobs,
  clientVersion: string,
): { mode: "mux" | "basic"; keepAlive: boolean } {
  const mux =
    knobs.portType === "LocalPortForwarding" &&
    agentBehaviour(knobs.agentVersion).mux &&
    compareAgentStyle(clientVersion, "1.1.70") >= 0;
  const keepAliveOff =
    agentBehaviour(knobs.agentVersion).keepAliveNegotiated &&
    compareAgentStyle(clientVersion, "1.2.331.0") > 0;
  return { mode: mux ? "mux" : "basic", keepAlive: !keepAliveOff };
}

/** `tookNs`: from the HandshakeRequest to the response (a Go time.Duration in JSON: nanoseconds). */
export function handshakeComplete(knobs: AgentKnobs, tookNs: bigint): Buffer {
  return Buffer.from(
    JSON.stringify({ HandshakeTimeToComplete: Number(tookNs), CustomerMessage: knobs.customerMessage }),
  );
}
