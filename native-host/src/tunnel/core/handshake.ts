/**
 * Handshake payloads (spec §6): parse the agent's HandshakeRequest (PayloadType 5) and
 * HandshakeComplete (7), and build our HandshakeResponse (6). Pure; the caller sends and acks.
 */
import { TunnelError } from "../../errors";
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

interface ActionOutcome {
  processed: ProcessedClientAction;
  properties?: PortProperties | null;
  refusal?: TunnelError;
}

/** Spec §6.3 step 3 for one requested action; an unknown action is status 3 (the plugin's bug aside). */
function processAction(raw: unknown): ActionOutcome {
  const action = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const type = asText(action.ActionType) ?? "";
  const p = action.ActionParameters;
  const params = p && typeof p === "object" ? (p as Record<string, unknown>) : {};
  const result = (status: number, error: string): ProcessedClientAction => ({
    ActionType: type,
    ActionStatus: status,
    ActionResult: null,
    Error: error,
  });
  if (type === "SessionType") {
    const sessionType = asText(params.SessionType) ?? "";
    if (sessionType === "Port")
      return { processed: result(ActionStatus.Success, ""), properties: parseProperties(params) };
    return {
      processed: result(ActionStatus.Failed, `Unsupported session type ${sessionType}`),
      refusal: typeRefusal(sessionType),
    };
  }
  if (type === "KMSEncryption") {
    // Spec §6.6: declining fails the session, which is what we want to say plainly.
    return {
      processed: result(ActionStatus.Failed, "KMS encryption is not supported by this client"),
      refusal: kmsRefusal(),
    };
  }
  return { processed: result(ActionStatus.Unsupported, `Unsupported action ${type}`) };
}

/** Spec §6.2/6.3: one ProcessedClientAction per requested action, sent back as our seq 0. */
export function planHandshake(request: Buffer): HandshakePlan {
  const req = parseJson(request, "HandshakeRequest");
  const agentVersion = asText(req.AgentVersion);
  const actions = req.RequestedClientActions;
  if (agentVersion === undefined) throw malformed("AgentVersion is missing");
  if (!Array.isArray(actions)) throw malformed("RequestedClientActions is not a list");
  const outcomes = actions.map(processAction);
  const properties = outcomes.find((o) => o.properties)?.properties ?? null;
  const refusal =
    outcomes.find((o) => o.refusal)?.refusal ?? (properties ? null : malformed("no Port SessionType action"));
  const processed = outcomes.map((o) => o.processed);
  const errors = processed.filter((a) => a.Error).map((a) => a.Error);
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
