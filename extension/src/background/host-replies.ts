/**
 * Validation of what the host sends (design §2: both sides validate what they receive). Unknown
 * extra fields are allowed, because the protocol is append-only and a newer host may add some.
 * Each checker throws ValidationIssue; the connection turns that into HOST_BAD_REPLY.
 */
import type {
  HelloResult,
  InstanceInfo,
  ProfileInfo,
  RequestType,
  ResultOf,
  RoleChoice,
  RoleFailure,
  SamlSummary,
  TunnelInfo,
  WrittenProfile,
} from "../../../native-host/src/protocol/messages";
import { REQUEST_TYPES, TUNNEL_STATES } from "../../../native-host/src/protocol/messages";
import { arr, bool, int, obj, oneOf, str, ValidationIssue } from "../../../native-host/src/protocol/validate";
import { gatewayTicket } from "../rdp-tab/gateway-ticket-check";

const nullable = <T>(v: unknown, check: (x: unknown) => T): T | null =>
  v === null || v === undefined ? null : check(v);
const text =
  (max = 2048) =>
  (v: unknown, p: string) =>
    str(v, p, { max });
const count = (v: unknown, p: string) => int(v, p, 0, Number.MAX_SAFE_INTEGER);

function role(v: unknown, p: string): RoleChoice {
  const o = obj(v, p);
  return {
    roleArn: text()(o.roleArn, `${p}.roleArn`),
    principalArn: text()(o.principalArn, `${p}.principalArn`),
    accountId: text(32)(o.accountId, `${p}.accountId`),
    roleName: text(256)(o.roleName, `${p}.roleName`),
  };
}

function written(v: unknown, p: string): WrittenProfile {
  const o = obj(v, p);
  return {
    profile: text(128)(o.profile, `${p}.profile`),
    roleArn: text()(o.roleArn, `${p}.roleArn`),
    principalArn: text()(o.principalArn, `${p}.principalArn`),
    region: text(32)(o.region, `${p}.region`),
    expiration: text(64)(o.expiration, `${p}.expiration`),
    durationSeconds: int(o.durationSeconds, `${p}.durationSeconds`, 0, 86_400 * 2),
    ...(o.durationNote === undefined ? {} : { durationNote: text()(o.durationNote, `${p}.durationNote`) }),
  };
}

function roleFailure(v: unknown, p: string): RoleFailure {
  const o = obj(v, p);
  const e = obj(o.error, `${p}.error`);
  const hint = e.hint === undefined ? {} : { hint: text()(e.hint, `${p}.error.hint`) };
  return {
    roleArn: text()(o.roleArn, `${p}.roleArn`),
    error: {
      code: text(64)(e.code, `${p}.error.code`),
      message: text()(e.message, `${p}.error.message`),
      ...hint,
    },
  };
}

function profile(v: unknown, p: string): ProfileInfo {
  const o = obj(v, p);
  const t = (k: string, max = 2048) => nullable(o[k], (x) => text(max)(x, `${p}.${k}`));
  return {
    profile: text(128)(o.profile, `${p}.profile`),
    roleArn: t("roleArn"),
    principalArn: t("principalArn"),
    region: t("region", 32),
    expiration: t("expiration", 64),
    expired: bool(o.expired, `${p}.expired`),
  };
}

function instance(v: unknown, p: string): InstanceInfo {
  const o = obj(v, p);
  const t = (k: string) => nullable(o[k], (x) => text(256)(x, `${p}.${k}`));
  return {
    instanceId: text(64)(o.instanceId, `${p}.instanceId`),
    name: t("name"),
    computerName: t("computerName"),
    platformName: t("platformName"),
    platformType: t("platformType"),
    pingStatus: text(64)(o.pingStatus, `${p}.pingStatus`),
    agentVersion: t("agentVersion"),
    ipAddress: t("ipAddress"),
  };
}

export function tunnel(v: unknown, p = "tunnel"): TunnelInfo {
  const o = obj(v, p);
  const err = nullable(o.lastError, (x) => {
    const e = obj(x, `${p}.lastError`);
    return {
      code: text(64)(e.code, `${p}.lastError.code`),
      message: text()(e.message, `${p}.lastError.message`),
    };
  });
  return {
    id: text(64)(o.id, `${p}.id`),
    target: text(256)(o.target, `${p}.target`),
    instanceName: nullable(o.instanceName, (x) => text(256)(x, `${p}.instanceName`)),
    profile: text(128)(o.profile, `${p}.profile`),
    region: text(32)(o.region, `${p}.region`),
    sessionId: nullable(o.sessionId, (x) => text(256)(x, `${p}.sessionId`)),
    localPort: int(o.localPort, `${p}.localPort`, 0, 65535),
    remotePort: int(o.remotePort, `${p}.remotePort`, 0, 65535),
    state: oneOf(o.state, `${p}.state`, TUNNEL_STATES),
    bytesIn: count(o.bytesIn, `${p}.bytesIn`),
    bytesOut: count(o.bytesOut, `${p}.bytesOut`),
    connections: count(o.connections, `${p}.connections`),
    since: text(64)(o.since, `${p}.since`),
    lastError: err,
  };
}

function hello(v: unknown): HelloResult {
  const o = obj(v, "result");
  if (o.name !== "bastionless") throw new ValidationIssue("result.name", '"bastionless"');
  // Unknown capabilities (from a newer host) are dropped, not refused.
  const caps = arr(o.capabilities, "result.capabilities", (x, p) => str(x, p, { max: 64 }), 200);
  return {
    name: "bastionless",
    version: text(64)(o.version, "result.version"),
    protocol: int(o.protocol, "result.protocol", 0, 1_000_000),
    capabilities: caps.filter((c): c is RequestType => (REQUEST_TYPES as readonly string[]).includes(c)),
    platform: text(64)(o.platform, "result.platform"),
  };
}

function samlSummary(v: unknown): SamlSummary {
  const o = obj(v, "result");
  const t = (k: string) => nullable(o[k], (x) => text()(x, `result.${k}`));
  return {
    roles: arr(o.roles, "result.roles", role, 1000),
    sessionName: t("sessionName"),
    sessionDuration: nullable(o.sessionDuration, (x) => int(x, "result.sessionDuration", 0, 86_400 * 2)),
    partition: oneOf(o.partition, "result.partition", ["aws", "aws-us-gov", "aws-cn"] as const),
    destination: t("destination"),
    issuer: t("issuer"),
    notOnOrAfter: t("notOnOrAfter"),
  };
}

const list =
  <K extends string, T>(key: K, item: (v: unknown, p: string) => T) =>
  (v: unknown) =>
    ({ [key]: arr(obj(v, "result")[key], `result.${key}`, item, 10_000) }) as Record<K, T[]>;

export const RESULT_CHECKS: { [T in RequestType]: (v: unknown) => ResultOf[T] } = {
  hello,
  "saml.inspect": samlSummary,
  "credentials.assume": (v) => {
    const { profiles } = list("profiles", written)(v);
    const failed = obj(v, "result").failed;
    return failed === undefined
      ? { profiles }
      : { profiles, failed: arr(failed, "result.failed", roleFailure, 1000) };
  },
  "profiles.list": list("profiles", profile),
  "instances.list": list("instances", instance),
  "tunnel.start": (v) => tunnel(v, "result"),
  "tunnel.list": list("tunnels", tunnel),
  "tunnel.stop": list("stopped", (x, p) => text(64)(x, p)),
  "rdp.gateway.open": gatewayTicket,
};
