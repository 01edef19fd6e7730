/**
 * The data channel's control texts, pure: the OpenDataChannel frame (spec §3.2) and the ways a
 * channel ends, each a TunnelError with a stable code and what the user can do (spec §8.5, §9.1).
 */
import { TunnelError } from "../../errors";
import { agentRefusal } from "./agent-refusal";
import { CLIENT_VERSION } from "./agent-version";

/** Spec §3.2, keys in the plugin's order; ClientId stays the same on every reconnect. */
export function openDataChannelFrame(a: { tokenValue: string; clientId: string; requestId: string }): string {
  return JSON.stringify({
    MessageSchemaVersion: "1.0",
    RequestId: a.requestId,
    TokenValue: a.tokenValue,
    ClientId: a.clientId,
    ClientVersion: CLIENT_VERSION,
  });
}

/** channel_closed (spec §8.5): the plugin's own wording, with Output when there is one. */
export function channelClosed(payload: Buffer, sessionId: string): TunnelError {
  let output = "";
  try {
    const v = JSON.parse(payload.toString("utf8")) as { Output?: unknown };
    if (typeof v.Output === "string") output = v.Output;
  } catch {
    // The payload is informational; a bad one still ends the session.
  }
  // The agent's own refusals to reach the destination get their own code (issue 13).
  const refusal = output ? agentRefusal(output, sessionId) : null;
  if (refusal) return refusal;
  const message = output
    ? `SessionId: ${sessionId} : ${output}`
    : `Exiting session with sessionId: ${sessionId}.`;
  return new TunnelError("TUNNEL_CHANNEL_CLOSED", message, {
    hint: "The session ended on the AWS side; start a new tunnel to reconnect.",
  });
}

/** ResumeSession returned no token (spec §9.1 step 3). */
export function sessionTimedOut(sessionId: string): TunnelError {
  return new TunnelError("TUNNEL_SESSION_TIMED_OUT", `Session: ${sessionId} timed out.`, {
    hint: "Start a new tunnel.",
  });
}

export function reconnectFailed(): TunnelError {
  return new TunnelError(
    "TUNNEL_RECONNECT_FAILED",
    "The Session Manager data channel stayed unreachable; the tunnel gave up.",
    {
      hint: "Check the network connection to AWS, then start the tunnel again.",
    },
  );
}

/** The oldest message stayed unacked too long (the plugin's 3 000 resends, spec §8.5). */
export function agentUnresponsive(): TunnelError {
  return new TunnelError(
    "TUNNEL_AGENT_UNRESPONSIVE",
    "The agent stopped acknowledging data; the tunnel gave up.",
    {
      hint: "Check the instance and its SSM Agent (`bastionless instances`), then start the tunnel again.",
    },
  );
}
