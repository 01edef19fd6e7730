/**
 * The extension ↔ host contract (design §3, PROTOCOL.md). Append-only: new types and fields may
 * be added; nothing is renamed or renumbered. The extension imports this file too, so it must
 * stay free of Node APIs. Over 300 lines because the contract is kept in one file until it
 * moves to its own module (issue 10, "one contract between the runtimes"), where it splits by
 * message type.
 */
import { isProfileName, isProfileTemplate, PROFILE_NAME_MAX } from "./profile-name";
import { arr, bool, int, type Obj, obj, onlyKeys, opt, str, ValidationIssue } from "./validate";

export const PROTOCOL_VERSION = 1;
export const HOST_NAME = "com.bastionless.host";

export const REQUEST_TYPES = [
  "hello",
  "saml.inspect",
  "credentials.assume",
  "profiles.list",
  "instances.list",
  "tunnel.start",
  "tunnel.list",
  "tunnel.stop",
  "rdp.gateway.open",
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export type Partition = "aws" | "aws-us-gov" | "aws-cn";

// ---- shapes ---------------------------------------------------------------------------------

export interface RoleChoice {
  roleArn: string;
  principalArn: string;
  accountId: string;
  roleName: string;
}

export interface SamlSummary {
  roles: RoleChoice[];
  sessionName: string | null;
  sessionDuration: number | null;
  partition: Partition;
  destination: string | null;
  issuer: string | null;
  /** ISO time after which AWS refuses the assertion (SubjectConfirmationData/Conditions). */
  notOnOrAfter: string | null;
}

export interface WrittenProfile {
  profile: string;
  roleArn: string;
  principalArn: string;
  region: string;
  expiration: string;
  durationSeconds: number;
  /** Set when STS refused the asked duration and a shorter one was used. */
  durationNote?: string;
  /** (appended) Set when `force` replaced a profile bastionless did not own: where the old section was saved. */
  backup?: string;
}

/** A role that could not be assumed while others were (credentials.assume). */
export interface RoleFailure {
  roleArn: string;
  error: { code: string; message: string; hint?: string };
}

export interface ProfileInfo {
  profile: string;
  roleArn: string | null;
  principalArn: string | null;
  region: string | null;
  expiration: string | null;
  expired: boolean;
}

export interface InstanceInfo {
  instanceId: string;
  name: string | null;
  computerName: string | null;
  platformName: string | null;
  platformType: string | null;
  pingStatus: string;
  agentVersion: string | null;
  ipAddress: string | null;
}

export type TunnelState = "starting" | "open" | "reconnecting" | "closed" | "failed";

export interface TunnelInfo {
  id: string;
  target: string;
  instanceName: string | null;
  profile: string;
  region: string;
  sessionId: string | null;
  localPort: number;
  remotePort: number;
  state: TunnelState;
  bytesIn: number;
  bytesOut: number;
  connections: number;
  since: string;
  lastError: { code: string; message: string } | null;
}

export interface HelloResult {
  name: "bastionless";
  version: string;
  protocol: number;
  capabilities: RequestType[];
  platform: string;
}

// ---- requests: params per type ---------------------------------------------------------------

export interface RequestParams {
  hello: Record<string, never>;
  "saml.inspect": { samlResponse: string; url?: string };
  "credentials.assume": {
    samlResponse: string;
    url?: string;
    roleArns?: string[];
    allRoles?: boolean;
    profile?: string;
    /** roleArn → profile name, from the options page. */
    profileNames?: Record<string, string>;
    region?: string;
    durationSeconds?: number;
    /** (appended) Names for roles without one: `{account}`, `{accountId}`, `{role}`; default `{account}-{role}`. */
    profileTemplate?: string;
    /**
     * (appended) Write over profiles bastionless does not own, or owns for another role; each
     * old section is saved first (WrittenProfile.backup). Without it such a profile is refused
     * with PROFILE_NOT_OWNED or PROFILE_OWNED_BY_OTHER_ROLE.
     */
    force?: boolean;
  };
  "profiles.list": Record<string, never>;
  "instances.list": { profile: string; region?: string };
  "tunnel.start": {
    profile: string;
    region?: string;
    target: string;
    remotePort?: number;
    localPort?: number;
    launch?: boolean;
  };
  "tunnel.list": Record<string, never>;
  "tunnel.stop": { id?: string; all?: boolean };
  /** (appended) A ticket through this host's RDCleanPath gateway into an open RDP tunnel. */
  "rdp.gateway.open": { tunnelId: string };
}

export interface ResultOf {
  hello: HelloResult;
  "saml.inspect": SamlSummary;
  /** `failed` (appended): roles STS refused while others were written; absent when all succeeded. */
  "credentials.assume": { profiles: WrittenProfile[]; failed?: RoleFailure[] };
  "profiles.list": { profiles: ProfileInfo[] };
  "instances.list": { instances: InstanceInfo[] };
  "tunnel.start": TunnelInfo;
  "tunnel.list": { tunnels: TunnelInfo[] };
  "tunnel.stop": { stopped: string[] };
  "rdp.gateway.open": GatewayTicketInfo;
}

/** (appended) For the RDP tab's wasm client: proxyAddress(url), authToken(secret), destination(destination). */
export interface GatewayTicketInfo {
  url: string;
  secret: string;
  destination: string;
}

export interface Request<T extends RequestType = RequestType> {
  id: string | number;
  type: T;
  params: RequestParams[T];
}

export interface ErrorBody {
  code: string;
  message: string;
  hint?: string;
}

export type Reply<T extends RequestType = RequestType> =
  | { id: string | number | null; ok: true; result: ResultOf[T] }
  | { id: string | number | null; ok: false; error: ErrorBody };

export interface TunnelChangedEvent {
  event: "tunnel.changed";
  tunnel: TunnelInfo;
}
export type HostEvent = TunnelChangedEvent;

// ---- validation of params ------------------------------------------------------------------

const SAML_MAX = 4 * 1024 * 1024;
const PROFILE = /^[^[\]\r\n\s](?:[^[\]\r\n]*[^[\]\r\n\s])?$/;
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** A tunnel TARGET: an instance id or a Name made of these characters (aws/ssm-target.ts parseTarget). */
export const TARGET = /^[\w.:@-][\w .:@-]{0,254}$/;
const TUNNEL_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Any name a profile may already have (reading: instances, tunnels). */
const profileName = (v: unknown, p: string) => str(v, p, { max: 128, pattern: PROFILE });
/** A name bastionless may write: one the AWS SDK reads back as the same profile (profile-name.ts). */
function newProfileName(v: unknown, p: string): string {
  if (!isProfileName(str(v, p, { max: PROFILE_NAME_MAX })))
    throw new ValidationIssue(p, "a profile name of letters, digits and _ . @ + - (profile-name.ts)");
  return v as string;
}
const region = (v: unknown, p: string) => str(v, p, { max: 32, pattern: REGION });
const port = (v: unknown, p: string) => int(v, p, 1, 65535);

/** A request type that takes no params: an absent or empty object. */
function noParams(v: unknown): Record<string, never> {
  params(v, []);
  return {};
}

function params(v: unknown, keys: readonly string[]): Obj {
  const o = v === undefined ? {} : obj(v, "params");
  onlyKeys(o, "params", keys);
  return o;
}

/** One checker per request type; each returns the typed params or throws ValidationIssue. */
export const PARAM_CHECKS: { [T in RequestType]: (v: unknown) => RequestParams[T] } = {
  hello: (v) => noParams(v),
  "saml.inspect": (v) => {
    const o = params(v, ["samlResponse", "url"]);
    return {
      samlResponse: str(o.samlResponse, "params.samlResponse", { min: 1, max: SAML_MAX }),
      url: opt(o.url, (x) => str(x, "params.url", { max: 2048 })),
    };
  },
  "credentials.assume": (v) => {
    const o = params(v, [
      "samlResponse",
      "url",
      "roleArns",
      "allRoles",
      "profile",
      "profileNames",
      "region",
      "durationSeconds",
      "profileTemplate",
      "force",
    ]);
    const names = opt(o.profileNames, (x) => obj(x, "params.profileNames"));
    return {
      samlResponse: str(o.samlResponse, "params.samlResponse", { min: 1, max: SAML_MAX }),
      url: opt(o.url, (x) => str(x, "params.url", { max: 2048 })),
      roleArns: opt(o.roleArns, (x) =>
        arr(x, "params.roleArns", (r, p) => str(r, p, { pattern: ROLE_ARN }), 100),
      ),
      allRoles: opt(o.allRoles, (x) => bool(x, "params.allRoles")),
      profile: opt(o.profile, (x) => newProfileName(x, "params.profile")),
      profileNames:
        names &&
        Object.fromEntries(
          Object.entries(names).map(([k, n]) => [
            str(k, "params.profileNames key", { pattern: ROLE_ARN }),
            newProfileName(n, `params.profileNames.${k}`),
          ]),
        ),
      region: opt(o.region, (x) => region(x, "params.region")),
      durationSeconds: opt(o.durationSeconds, (x) => int(x, "params.durationSeconds", 900, 43200)),
      profileTemplate: opt(o.profileTemplate, (x) => {
        if (!isProfileTemplate(x))
          throw new ValidationIssue("params.profileTemplate", "a template such as {account}-{role}");
        return x;
      }),
      force: opt(o.force, (x) => bool(x, "params.force")),
    };
  },
  "profiles.list": (v) => noParams(v),
  "instances.list": (v) => {
    const o = params(v, ["profile", "region"]);
    return {
      profile: profileName(o.profile, "params.profile"),
      region: opt(o.region, (x) => region(x, "params.region")),
    };
  },
  "tunnel.start": (v) => {
    const o = params(v, ["profile", "region", "target", "remotePort", "localPort", "launch"]);
    return {
      profile: profileName(o.profile, "params.profile"),
      region: opt(o.region, (x) => region(x, "params.region")),
      target: str(o.target, "params.target", { pattern: TARGET }),
      remotePort: opt(o.remotePort, (x) => port(x, "params.remotePort")),
      localPort: opt(o.localPort, (x) => port(x, "params.localPort")),
      launch: opt(o.launch, (x) => bool(x, "params.launch")),
    };
  },
  "tunnel.list": (v) => noParams(v),
  "tunnel.stop": (v) => {
    const o = params(v, ["id", "all"]);
    const out = {
      id: opt(o.id, (x) => str(x, "params.id", { pattern: TUNNEL_ID })),
      all: opt(o.all, (x) => bool(x, "params.all")),
    };
    if (!out.id && !out.all) throw new ValidationIssue("params", "an id or all: true");
    return out;
  },
  "rdp.gateway.open": (v) => {
    const o = params(v, ["tunnelId"]);
    return { tunnelId: str(o.tunnelId, "params.tunnelId", { pattern: TUNNEL_ID }) };
  },
};

/** The envelope of a request: {id, type, params}. */
export function parseEnvelope(v: unknown): { id: string | number; type: string; params: unknown } {
  const o = obj(v, "message");
  onlyKeys(o, "message", ["id", "type", "params"]);
  const id = o.id;
  if (
    !(
      (typeof id === "string" && id.length > 0 && id.length <= 128) ||
      (typeof id === "number" && Number.isSafeInteger(id))
    )
  ) {
    throw new ValidationIssue("message.id", "a non-empty string or an integer");
  }
  return { id: id as string | number, type: str(o.type, "message.type", { max: 64 }), params: o.params };
}

export function isRequestType(t: string): t is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(t);
}

export const TUNNEL_STATES: readonly TunnelState[] = ["starting", "open", "reconnecting", "closed", "failed"];
