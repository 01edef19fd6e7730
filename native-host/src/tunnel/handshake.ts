/**
 * Handshake payloads (spec §6): parse the agent's HandshakeRequest (PayloadType 5) and
 * HandshakeComplete (7), and build our HandshakeResponse (6). Pure; the caller sends and acks.
 */
import { TunnelError } from "../errors";
import { CLIENT_VERSION, decidePortMode, type PortModeDecision } from "./agent-version";

/** ActionStatus values (spec §6.3). */
export const ActionStatus = { Success: 1, Failed: 2, Unsupported: 3 } as const;

export interface PortProperties {
  portNumber: string;
  localPortNumber: string;
  type: string;
  host?: string;
}

export interface HandshakePlan extends PortModeDecision {
  agentVersion: string;
  properties: PortProperties | null;
  /** The HandshakeResponse payload to send as our seq 0. */
  response: Buffer;
  /** Set when the session cannot go on (KMS requested, not a Port session). */
  refusal: TunnelError | null;
}

interface ProcessedClientAction {
  ActionType: string;
  ActionStatus: number;
  ActionResult: null;
  Error: string;
}

function malformed(what: string): TunnelError {
  return new TunnelError("TUNNEL_HANDSHAKE_MALFORMED", `The agent's handshake is malformed: ${what}.`, {
    hint: "Update the SSM Agent on the instance, or retry with `--engine plugin` (the session-manager-plugin).",
  });
}

function parseJson(payload: Buffer, what: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(payload.toString("utf8"));
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the coded error
  }
  throw malformed(`${what} is not a JSON object`);
}

const asText = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined;

function parseProperties(params: Record<string, unknown>): PortProperties | null {
  const props = params.Properties;
  if (!props || typeof props !== "object") return null;
  const p = props as Record<string, unknown>;
  const host = asText(p.host);
  return {
    portNumber: asText(p.portNumber) ?? "",
    localPortNumber: asText(p.localPortNumber) ?? "",
    type: asText(p.type) ?? "",
    ...(host ? { host } : {}),
  };
}

export const kmsRefusal = (): TunnelError =>
  new TunnelError(
    "TUNNEL_KMS_UNSUPPORTED",
    "The session asks for KMS encryption, which the built-in tunnel engine does not support.",
    {
      hint: "Retry with `--engine plugin` (the session-manager-plugin speaks KMS), or ask your admin to update the SSM Agent: current agents never encrypt port sessions.",
    },
  );

const typeRefusal = (t: string) =>
  new TunnelError(
    "TUNNEL_NOT_PORT_SESSION",
    `The session is of type "${t}", not a port forwarding session.`,
    {
      hint: "Start the session with the AWS-StartPortForwardingSession document.",
    },
  );

/** Spec §6.2/6.3: one ProcessedClientAction per requested action; an unknown action is status 3. */
export function planHandshake(request: Buffer): HandshakePlan {
  const req = parseJson(request, "HandshakeRequest");
  const agentVersion = asText(req.AgentVersion);
  const actions = req.RequestedClientActions;
  if (agentVersion === undefined) throw malformed("AgentVersion is missing");
  if (!Array.isArray(actions)) throw malformed("RequestedClientActions is not a list");
  const processed: ProcessedClientAction[] = [];
  let properties: PortProperties | null = null;
  let refusal: TunnelError | null = null;
  for (const raw of actions) {
    const action = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
    const type = asText(action.ActionType) ?? "";
    const params =
      action.ActionParameters && typeof action.ActionParameters === "object"
        ? (action.ActionParameters as Record<string, unknown>)
        : {};
    let status: number = ActionStatus.Success;
    let error = "";
    if (type === "SessionType") {
      const sessionType = asText(params.SessionType) ?? "";
      if (sessionType === "Port") properties = parseProperties(params);
      else
        [status, error, refusal] = [
          ActionStatus.Failed,
          `Unsupported session type ${sessionType}`,
          typeRefusal(sessionType),
        ];
    } else if (type === "KMSEncryption") {
      // Spec §6.6: declining fails the session, which is what we want to say plainly.
      [status, error, refusal] = [
        ActionStatus.Failed,
        "KMS encryption is not supported by this client",
        kmsRefusal(),
      ];
    } else {
      [status, error] = [ActionStatus.Unsupported, `Unsupported action ${type}`];
    }
    processed.push({ ActionType: type, ActionStatus: status, ActionResult: null, Error: error });
  }
  if (!properties && !refusal) refusal = malformed("no Port SessionType action");
  const errors = processed.filter((p) => p.Error).map((p) => p.Error);
  const response = Buffer.from(
    JSON.stringify({
      ClientVersion: CLIENT_VERSION,
      ProcessedClientActions: processed,
      Errors: errors.length ? errors : null,
    }),
  );
  return {
    agentVersion,
    properties,
    response,
    refusal,
    ...decidePortMode(agentVersion, properties?.type ?? ""),
  };
}

/** Spec §6.4: the text to show the user, if any. */
export function parseHandshakeComplete(payload: Buffer): { customerMessage: string } {
  const v = parseJson(payload, "HandshakeComplete");
  return { customerMessage: typeof v.CustomerMessage === "string" ? v.CustomerMessage : "" };
}
