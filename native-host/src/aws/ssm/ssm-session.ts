/**
 * StartSession / ResumeSession / TerminateSession for port forwarding (spec §2.1, §8.5, §9.1).
 * Each call builds a fresh client so credentials refreshed by a new sign-in are used.
 */
import { AwsError } from "../../errors";
import { settingsEnv } from "../sdk/aws-settings";
import { type AwsScope, call, openSsm } from "./ssm-client";
import { ssmEndpointUrl } from "./ssm-endpoint";

/** What StartSession / ResumeSession return (spec §2.1, §9.1). */
export interface SessionTokens {
  sessionId: string;
  tokenValue: string;
  streamUrl: string;
}

/** The port-forwarding document (spec §2.1); `portNumber` is the port on the instance. */
export const PORT_FORWARDING_DOCUMENT = "AWS-StartPortForwardingSession";
/**
 * The same session to a host the instance reaches (issue 13): parameters `host`, `portNumber`,
 * `localPortNumber`; its properties carry `type: LocalPortForwarding`, so mux or basic as §8.2.
 */
export const REMOTE_HOST_DOCUMENT = "AWS-StartPortForwardingSessionToRemoteHost";
/**
 * The SSH document (issue 13): one parameter, `portNumber` (default 22). Its properties carry no
 * `type`, so both ends use one plain stream (spec §8.2; session-manager-plugin portsession.go
 * picks StandardStreamForwarding; the agent's port_basic.go ends the session when sshd closes).
 */
export const SSH_DOCUMENT = "AWS-StartSSHSession";
/** SessionIds are `<caller>-<hex>` (spec §2.1); the API documents at most 96 characters. */
const SESSION_ID = /^[A-Za-z0-9._@+=,-]{1,96}$/;
const TOKEN_MAX = 4096;

export interface StartRequest {
  target: string;
  remotePort: number;
  /** A host the instance forwards to (REMOTE_HOST_DOCUMENT); absent: the instance itself. */
  remoteHost?: string;
  /** One plain stream to the instance's SSH server (SSH_DOCUMENT) instead of a port forward. */
  ssh?: boolean;
  /** Only the session-manager-plugin engine needs it: the agent echoes it in the handshake (spec §2.1). */
  localPortNumber?: number;
}

export function startSessionInput(req: StartRequest) {
  const parameters: Record<string, string[]> = { portNumber: [String(req.remotePort)] };
  if (req.ssh) return { Target: req.target, DocumentName: SSH_DOCUMENT, Parameters: parameters };
  if (req.remoteHost !== undefined) parameters.host = [req.remoteHost];
  if (req.localPortNumber !== undefined) parameters.localPortNumber = [String(req.localPortNumber)];
  const document = req.remoteHost === undefined ? PORT_FORWARDING_DOCUMENT : REMOTE_HOST_DOCUMENT;
  return { Target: req.target, DocumentName: document, Parameters: parameters };
}

const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

/**
 * The data channel is TLS: StartSession and ResumeSession answer wss:// (spec §3.1). Plain ws://
 * is taken only from a local stand-in of AWS, i.e. when the SSM endpoint this call went to is
 * itself http:// on loopback (set through AWS_ENDPOINT_URL_SSM or AWS_ENDPOINT_URL, the SDK's own
 * settings) and the StreamUrl is on loopback too. Real SSM is reached over https, so no answer
 * from it can make the product send a session token in the clear (issue 17, finding 7).
 */
export function streamUrlAllowed(url: URL, ssmEndpoint: string): boolean {
  if (url.protocol === "wss:") return true;
  if (url.protocol !== "ws:" || !LOOPBACK.has(url.hostname)) return false;
  try {
    const endpoint = new URL(ssmEndpoint);
    return endpoint.protocol === "http:" && LOOPBACK.has(endpoint.hostname);
  } catch {
    return false;
  }
}

/** The SSM endpoint a call of `scope` went to: its caller's settings, else this process's environment. */
const endpointOf = (scope: AwsScope, region: string) =>
  ssmEndpointUrl(region, scope.settings ? settingsEnv(scope.settings) : process.env);

/**
 * Checks what AWS answered; a token we cannot use is an AWS fault, not a crash later.
 * `ssmEndpoint`: where the call went (ssm-endpoint.ts).
 */
export function checkTokens(
  out: { SessionId?: string; TokenValue?: string; StreamUrl?: string },
  action: string,
  ssmEndpoint: string,
): SessionTokens {
  const { SessionId, TokenValue, StreamUrl } = out;
  let url: URL | null = null;
  try {
    url = StreamUrl ? new URL(StreamUrl) : null;
  } catch {
    url = null;
  }
  if (
    !SessionId ||
    !SESSION_ID.test(SessionId) ||
    !TokenValue ||
    TokenValue.length > TOKEN_MAX ||
    !url ||
    !streamUrlAllowed(url, ssmEndpoint)
  ) {
    throw new AwsError(
      "AWS_BAD_ANSWER",
      `${action} returned an incomplete session (SessionId, TokenValue, StreamUrl).`,
      {
        hint: "Try again; if it persists, check AWS_ENDPOINT_URL_SSM.",
      },
    );
  }
  return { sessionId: SessionId, tokenValue: TokenValue, streamUrl: StreamUrl! };
}

export async function startSession(
  scope: AwsScope,
  req: StartRequest,
): Promise<{ region: string; tokens: SessionTokens }> {
  const { client, sdk, region } = await openSsm(scope);
  try {
    const out = await call({ ...scope, region, action: "StartSession" }, () =>
      client.send(new sdk.StartSessionCommand(startSessionInput(req))),
    );
    return { region, tokens: checkTokens(out, "StartSession", endpointOf(scope, region)) };
  } finally {
    client.destroy();
  }
}

/**
 * A fresh token for a dropped websocket; null when the session is over (spec §9.1 step 3: an
 * empty token; a session AWS no longer knows counts the same). The plugin ignores a returned
 * StreamUrl; we honour it when present and keep the original otherwise (spec §9.1).
 */
export async function resumeSession(scope: AwsScope, session: SessionTokens): Promise<SessionTokens | null> {
  const { client, sdk, region } = await openSsm(scope);
  try {
    const out = await call({ ...scope, region, action: "ResumeSession" }, () =>
      client.send(new sdk.ResumeSessionCommand({ SessionId: session.sessionId })),
    );
    if (!out.TokenValue) return null;
    return checkTokens(
      {
        SessionId: session.sessionId,
        TokenValue: out.TokenValue,
        StreamUrl: out.StreamUrl || session.streamUrl,
      },
      "ResumeSession",
      endpointOf(scope, region),
    );
  } catch (err) {
    if ((err as { code?: string }).code === "SESSION_NOT_FOUND") return null;
    throw err;
  } finally {
    client.destroy();
  }
}

export async function terminateSession(scope: AwsScope, sessionId: string): Promise<void> {
  const { client, sdk, region } = await openSsm(scope);
  try {
    await call({ ...scope, region, action: "TerminateSession" }, () =>
      client.send(new sdk.TerminateSessionCommand({ SessionId: sessionId })),
    );
  } finally {
    client.destroy();
  }
}
