/**
 * The SSM JSON 1.1 API as the product uses it (spec §2.1, §8.5, §9.1, §10; shapes from the SSM
 * API reference): DescribeInstanceInformation, StartSession, ResumeSession, TerminateSession.
 * StartSession creates the session in the fake Session Manager with the instance's destination.
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import net from "node:net";
import { checkSigV4 } from "./sigv4";
import type { FakeCall, FakeInstance, FakeSessionTokens, FakeSsmOptions } from "./types";

export type FakeAwsHandler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => boolean;

interface SessionRecord {
  target: string;
  remotePort: number;
  terminated: boolean;
  tokens: FakeSessionTokens;
}

export interface SsmState {
  calls: FakeCall[];
  sessions: Map<string, SessionRecord>;
}

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": crypto.randomUUID(),
  });
  res.end(body);
}

const defaults = (i: FakeInstance) => ({
  platformType: i.platformType ?? "Windows",
  pingStatus: i.pingStatus ?? "Online",
});

function describe(opts: FakeSsmOptions, body: Record<string, unknown>) {
  const max = body.MaxResults === undefined ? 50 : Number(body.MaxResults);
  if (!Number.isInteger(max) || max < 5 || max > 50)
    throw new ApiError("ValidationException", "MaxResults must be between 5 and 50.");
  const filters = (Array.isArray(body.Filters) ? body.Filters : []) as Array<{
    Key: string;
    Values: string[];
  }>;
  const value = (i: FakeInstance, key: string) =>
    key === "PlatformTypes"
      ? defaults(i).platformType
      : key === "PingStatus"
        ? defaults(i).pingStatus
        : key === "InstanceIds"
          ? i.instanceId
          : key.startsWith("tag:")
            ? // The Name tag is a tag like any other (EC2 DescribeTags serves it too).
              ({ ...(i.name ? { Name: i.name } : {}), ...i.tags }[key.slice(4)] ?? null)
            : null;
  for (const f of filters) {
    // The API's keys, and `tag:KEYNAME` (InstanceInformationStringFilter: `tag:` alone is invalid).
    if (!["PlatformTypes", "PingStatus", "InstanceIds"].includes(f.Key) && !/^tag:.+/.test(f.Key))
      throw new ApiError("InvalidFilterKey", `Unsupported filter key ${f.Key}.`);
  }
  const matching = opts.instances.filter((i) =>
    filters.every((f) => f.Values.includes(String(value(i, f.Key)))),
  );
  const start =
    typeof body.NextToken === "string" ? Number(Buffer.from(body.NextToken, "base64url").toString()) : 0;
  if (!Number.isInteger(start) || start < 0)
    throw new ApiError("InvalidNextToken", "The NextToken is not valid.");
  const page = matching.slice(start, start + max);
  return {
    InstanceInformationList: page.map((i) => ({
      InstanceId: i.instanceId,
      PingStatus: defaults(i).pingStatus,
      LastPingDateTime: Math.floor(Date.now() / 1000),
      AgentVersion: i.agentVersion ?? "3.3.987.0",
      IsLatestVersion: true,
      PlatformType: defaults(i).platformType,
      PlatformName:
        i.platformName ??
        (defaults(i).platformType === "Windows"
          ? "Microsoft Windows Server 2022 Datacenter"
          : "Amazon Linux"),
      PlatformVersion: "10.0.20348",
      ResourceType: i.instanceId.startsWith("mi-") ? "ManagedInstance" : "EC2Instance",
      IPAddress: i.ipAddress ?? "10.0.0.10",
      ComputerName: i.computerName ?? `${i.instanceId.slice(0, 12).toUpperCase()}.corp.example`,
      ...(i.ssmName ? { Name: i.ssmName } : {}),
    })),
    ...(start + max < matching.length
      ? { NextToken: Buffer.from(String(start + max)).toString("base64url") }
      : {}),
  };
}

/**
 * The session documents the product starts, with the parameters each declares (a parameter the
 * document does not declare is refused, as SSM does): the port document, the remote-host one
 * (issue 13) and the SSH one, whose properties carry no `type` (so a plain stream, spec §8.2).
 */
const DOCUMENTS: Record<string, { params: string[]; defaults?: Record<string, string[]> }> = {
  "AWS-StartPortForwardingSession": { params: ["portNumber", "localPortNumber"] },
  "AWS-StartPortForwardingSessionToRemoteHost": { params: ["host", "portNumber", "localPortNumber"] },
  "AWS-StartSSHSession": { params: ["portNumber"], defaults: { portNumber: ["22"] } },
};

/** A port nothing listens on: where the fake agent's dial to an unreachable address goes. */
let closed: Promise<{ host: string; port: number }> | null = null;
const closedPort = () =>
  (closed ??= new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve({ host: "127.0.0.1", port }));
    });
  }));

async function startSession(opts: FakeSsmOptions, state: SsmState, body: Record<string, unknown>) {
  const target = String(body.Target ?? "");
  const document = DOCUMENTS[String(body.DocumentName)];
  if (!document)
    throw new ApiError("InvalidDocument", `Document ${String(body.DocumentName)} is not supported here.`);
  const instance = opts.instances.find((i) => i.instanceId === target);
  if (!instance) throw new ApiError("InvalidTarget", `${target} is not a valid target.`);
  if (defaults(instance).pingStatus !== "Online")
    throw new ApiError("TargetNotConnected", `${target} is not connected.`);
  const params = { ...document.defaults, ...((body.Parameters ?? {}) as Record<string, string[]>) };
  const extra = Object.keys(params).find((k) => !document.params.includes(k));
  if (extra)
    throw new ApiError("InvalidParameters", `${extra} is not a parameter of ${String(body.DocumentName)}.`);
  const remotePort = Number(params.portNumber?.[0] ?? "");
  if (!Number.isInteger(remotePort) || remotePort < 1 || remotePort > 65535)
    throw new ApiError("InvalidParameters", "portNumber is not valid.");
  const own = (port: number) => instance.ports?.[port] ?? instance.destination ?? null;
  const destination = own(remotePort) ?? { host: "127.0.0.1", port: remotePort };
  const remoteHost = body.DocumentName === "AWS-StartPortForwardingSessionToRemoteHost";
  if (remoteHost && !params.host?.[0]) throw new ApiError("InvalidParameters", "host is required.");
  const remote = remoteHost
    ? {
        host: params.host![0]!,
        port: remotePort,
        network: { names: instance.network?.names ?? {}, listening: instance.network?.listening ?? {}, own },
        unreachable: await closedPort(),
      }
    : undefined;
  const ssh = body.DocumentName === "AWS-StartSSHSession";
  const knobs = ssh ? { ...(opts.sessionKnobs as object), portType: "" } : opts.sessionKnobs;
  const sessionId = `bastionless-test-${crypto.randomBytes(9).toString("hex").slice(0, 17)}`;
  const tokens = opts.sessions
    ? await opts.sessions.createSession({
        target,
        destination,
        sessionId,
        knobs,
        parameters: params,
        ...(remote ? { remote } : {}),
      })
    : {
        sessionId,
        tokenValue: crypto.randomBytes(24).toString("base64url"),
        streamUrl: `ws://127.0.0.1:9/v1/data-channel/${sessionId}?role=publish_subscribe`,
      };
  state.sessions.set(tokens.sessionId, { target, remotePort, terminated: false, tokens });
  return { SessionId: tokens.sessionId, TokenValue: tokens.tokenValue, StreamUrl: tokens.streamUrl };
}

async function resumeSession(opts: FakeSsmOptions, state: SsmState, body: Record<string, unknown>) {
  const id = String(body.SessionId ?? "");
  const record = state.sessions.get(id);
  if (!record) throw new ApiError("DoesNotExistException", `Session ${id} does not exist.`);
  if (record.terminated) return { SessionId: id };
  const tokens = opts.sessions ? await opts.sessions.resumeSession(id) : record.tokens;
  // An ended session answers without a token (spec §9.1 step 3).
  return tokens
    ? { SessionId: id, TokenValue: tokens.tokenValue, StreamUrl: tokens.streamUrl }
    : { SessionId: id };
}

async function terminateSession(opts: FakeSsmOptions, state: SsmState, body: Record<string, unknown>) {
  const id = String(body.SessionId ?? "");
  const record = state.sessions.get(id);
  if (!record) throw new ApiError("DoesNotExistException", `Session ${id} does not exist.`);
  if (!record.terminated) {
    record.terminated = true;
    await opts.sessions?.terminateSession(id);
  }
  return { SessionId: id };
}

const ACTIONS: Record<string, (o: FakeSsmOptions, s: SsmState, b: Record<string, unknown>) => unknown> = {
  DescribeInstanceInformation: (o, _s, b) => describe(o, b),
  StartSession: startSession,
  ResumeSession: resumeSession,
  TerminateSession: terminateSession,
};

export function createSsmHandler(
  opts: FakeSsmOptions,
  state: SsmState = { calls: [], sessions: new Map() },
): FakeAwsHandler {
  return (req, body, res) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    if (!target.startsWith("AmazonSSM.")) return false;
    const action = target.slice("AmazonSSM.".length);
    void handle(opts, state, action, req, body).then(
      (out) => send(res, 200, out),
      (err: unknown) => {
        const e =
          err instanceof ApiError
            ? err
            : new ApiError("InternalServerError", String((err as Error)?.message ?? err), 500);
        send(res, e.status, { __type: e.type, message: e.message });
      },
    );
    return true;
  };
}

async function handle(
  opts: FakeSsmOptions,
  state: SsmState,
  action: string,
  req: IncomingMessage,
  body: Buffer,
): Promise<unknown> {
  const issued = opts.issued ? new Map(opts.issued().map((k) => [k.accessKeyId, k])) : null;
  const secrets = issued
    ? Object.fromEntries([...issued].map(([id, k]) => [id, k.secretAccessKey]))
    : opts.secrets;
  const auth = checkSigV4(req, body, secrets);
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(body.toString("utf8") || "{}");
  } catch {
    throw new ApiError("SerializationException", "The request body is not JSON.");
  }
  state.calls.push({
    service: "ssm",
    action,
    body: parsed,
    accessKeyId: auth.accessKeyId,
    region: auth.region,
    hadSessionToken: auth.sessionToken !== null,
  });
  if (!auth.ok)
    throw new ApiError(
      auth.errorType!,
      `Request refused: ${auth.errorType}.`,
      auth.errorType === "MissingAuthenticationTokenException" ? 403 : 400,
    );
  if (auth.service !== "ssm")
    throw new ApiError("InvalidSignatureException", `Credential should be scoped to correct service: 'ssm'.`);
  const keys = issued?.get(auth.accessKeyId!);
  if (keys && auth.sessionToken !== keys.sessionToken)
    throw new ApiError(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  if (keys && Date.now() >= Date.parse(keys.expiration))
    throw new ApiError("ExpiredTokenException", "The security token included in the request is expired");
  const injected = opts.inject?.findIndex((i) => i.action === action) ?? -1;
  if (injected >= 0) {
    const [e] = opts.inject!.splice(injected, 1);
    throw new ApiError(e!.type, e!.message ?? e!.type, e!.status ?? 400);
  }
  const fn = ACTIONS[action];
  if (!fn)
    throw new ApiError("UnknownOperationException", `Operation ${action} is not supported by this stand-in.`);
  return fn(opts, state, parsed);
}
