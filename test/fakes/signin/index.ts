/**
 * A stand-in for the AWS federation endpoint (IAM User Guide, "Enable custom identity broker
 * access to the AWS console"): `GET /federation?Action=getSigninToken&Session={json}` answers
 * `{"SigninToken": …}` only for a session the fake STS issued (key id, secret and session token
 * all matching, not expired by the fake's clock); long-term keys (no session token), unknown or
 * expired sessions get 400 as the real endpoint answers a bad session (a bare "Bad Request", no
 * error code to tell them apart). `GET /federation?Action=login&…&SigninToken=…` redirects to
 * the Destination for a token it issued less than 15 minutes ago (the token's documented life).
 * The product reaches it only through BASTIONLESS_ENDPOINT_URL_FEDERATION.
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { StsCall } from "../sts/types";

const TOKEN_LIFE_MS = 15 * 60 * 1000;

export interface SigninCall {
  action: string;
  /** "ok", or why it was refused. */
  outcome: string;
  accessKeyId?: string;
  /** Whether the request carried a SessionDuration parameter. */
  sessionDuration?: boolean;
  /** Where a login redirected. */
  destination?: string;
}

export interface FakeSigninOptions {
  /** The fake STS's calls: the sessions it issued. */
  issued: readonly StsCall[];
  clock?: () => Date;
}

export interface SigninState {
  calls: SigninCall[];
  tokens: Map<string, { accessKeyId: string; at: number }>;
}

function badRequest(res: ServerResponse, call: SigninCall, why: string): true {
  call.outcome = why;
  res.writeHead(400, { "content-type": "text/html" });
  res.end("<html><body>Bad Request</body></html>");
  return true;
}

function getSigninToken(
  q: URLSearchParams,
  res: ServerResponse,
  o: FakeSigninOptions,
  s: SigninState,
  call: SigninCall,
) {
  call.sessionDuration = q.has("SessionDuration");
  let session: { sessionId?: unknown; sessionKey?: unknown; sessionToken?: unknown };
  try {
    session = JSON.parse(q.get("Session") ?? "");
  } catch {
    return badRequest(res, call, "unreadable session");
  }
  if (typeof session?.sessionId !== "string" || typeof session.sessionKey !== "string")
    return badRequest(res, call, "unreadable session");
  call.accessKeyId = session.sessionId;
  if (typeof session.sessionToken !== "string" || !session.sessionToken)
    return badRequest(res, call, "no session token");
  const issued = o.issued.find((c) => c.credentials?.accessKeyId === session.sessionId)?.credentials;
  if (
    !issued ||
    issued.secretAccessKey !== session.sessionKey ||
    issued.sessionToken !== session.sessionToken
  )
    return badRequest(res, call, "unknown session");
  const now = (o.clock ?? (() => new Date()))().getTime();
  if (Date.parse(issued.expiration) <= now) return badRequest(res, call, "expired session");
  const token = crypto.randomBytes(48).toString("base64url");
  s.tokens.set(token, { accessKeyId: issued.accessKeyId, at: now });
  call.outcome = "ok";
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ SigninToken: token }));
  return true;
}

function login(
  q: URLSearchParams,
  res: ServerResponse,
  o: FakeSigninOptions,
  s: SigninState,
  call: SigninCall,
) {
  const token = s.tokens.get(q.get("SigninToken") ?? "");
  const now = (o.clock ?? (() => new Date()))().getTime();
  if (!token || now - token.at >= TOKEN_LIFE_MS) return badRequest(res, call, "unknown or expired token");
  call.accessKeyId = token.accessKeyId;
  const dest = q.get("Destination") ?? "";
  if (
    !/^https:\/\/([a-z0-9-]+\.)?console\.(aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)\//.test(dest)
  )
    return badRequest(res, call, "bad destination");
  call.outcome = "ok";
  call.destination = dest;
  res.writeHead(302, { location: dest });
  res.end();
  return true;
}

/** Claims GET /federation; false for every other request (so it composes with the other fakes). */
export function createSigninHandler(o: FakeSigninOptions, s: SigninState = { calls: [], tokens: new Map() }) {
  const handler = (req: IncomingMessage, _body: Buffer, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? "/", "http://fake");
    if (req.method !== "GET" || url.pathname !== "/federation") return false;
    const action = url.searchParams.get("Action") ?? "";
    const call: SigninCall = { action, outcome: "pending" };
    s.calls.push(call);
    if (action === "getSigninToken") return getSigninToken(url.searchParams, res, o, s, call);
    if (action === "login") return login(url.searchParams, res, o, s, call);
    return badRequest(res, call, "unknown action");
  };
  return Object.assign(handler, { state: s });
}
