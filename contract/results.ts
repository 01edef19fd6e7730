/**
 * What the host answers to each request type, and one checker per type that the extension runs
 * on every reply (design §2: both sides validate what they receive). Unknown extra fields are
 * allowed, because the protocol is append-only and a newer host may add some. Each checker
 * throws ValidationIssue; the extension turns that into HOST_BAD_REPLY.
 */

import {
  type ConnectionOpened,
  type ConnectionsList,
  checkConnectionOpened,
  checkConnectionsList,
} from "./connection";
import { isConsoleLoginUrl } from "./console-signin";
import type {
  InstanceInfo,
  ProfileInfo,
  RoleChoice,
  RoleFailure,
  SamlSummary,
  WrittenProfile,
} from "./domain";
import { PARTITIONS } from "./domain";
import { type GatewayTicketInfo, gatewayTicket } from "./gateway-ticket";
import { PROFILE_MAX, REGION, REGION_MAX } from "./identifiers";
import { isRequestType, type RequestType } from "./requests";
import { checkTunnelInfo, TEXT_MAX, type TunnelInfo } from "./tunnel-info";
import { arr, bool, int, nullable, obj, oneOf, str, ValidationIssue } from "./validate";

export interface HelloResult {
  name: "bastionless";
  version: string;
  protocol: number;
  capabilities: RequestType[];
  platform: string;
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
  /** A secret: a login URL that signs in for 15 minutes (contract/console-signin.ts). */
  "console.url": { url: string; region: string };
  "connections.list": ConnectionsList;
  "connection.open": ConnectionOpened;
  /** (appended) How many sources the host keeps now. */
  "renewal.sources.set": { saved: number };
  "renewal.report": Record<string, never>;
  /** How many page names the host keeps now (an IAM alias of the same account wins over it). */
  "accounts.names.set": { saved: number };
}

/** Two days: longer than any STS session (12 h) or assertion lifetime a reply can report. */
const DURATION_MAX = 86_400 * 2;
const SHORT = 64;
const NAME = 256;

const text =
  (max = TEXT_MAX) =>
  (v: unknown, p: string) =>
    str(v, p, { max });
const optional = <T>(o: Record<string, unknown>, k: string, check: (x: unknown) => T) =>
  o[k] === undefined ? {} : { [k]: check(o[k]) };

function role(v: unknown, p: string): RoleChoice {
  const o = obj(v, p);
  return {
    roleArn: text()(o.roleArn, `${p}.roleArn`),
    principalArn: text()(o.principalArn, `${p}.principalArn`),
    accountId: text(32)(o.accountId, `${p}.accountId`),
    roleName: text(NAME)(o.roleName, `${p}.roleName`),
  };
}

function written(v: unknown, p: string): WrittenProfile {
  const o = obj(v, p);
  return {
    profile: text(PROFILE_MAX)(o.profile, `${p}.profile`),
    roleArn: text()(o.roleArn, `${p}.roleArn`),
    principalArn: text()(o.principalArn, `${p}.principalArn`),
    region: text(REGION_MAX)(o.region, `${p}.region`),
    expiration: text(SHORT)(o.expiration, `${p}.expiration`),
    durationSeconds: int(o.durationSeconds, `${p}.durationSeconds`, 0, DURATION_MAX),
    ...optional(o, "durationNote", (x) => text()(x, `${p}.durationNote`)),
    ...optional(o, "backup", (x) => text()(x, `${p}.backup`)),
  };
}

function roleFailure(v: unknown, p: string): RoleFailure {
  const o = obj(v, p);
  const e = obj(o.error, `${p}.error`);
  return {
    roleArn: text()(o.roleArn, `${p}.roleArn`),
    error: {
      code: text(SHORT)(e.code, `${p}.error.code`),
      message: text()(e.message, `${p}.error.message`),
      ...optional(e, "hint", (x) => text()(x, `${p}.error.hint`)),
    },
  };
}

function profile(v: unknown, p: string): ProfileInfo {
  const o = obj(v, p);
  const t = (k: string, max = TEXT_MAX) => nullable(o[k], (x) => text(max)(x, `${p}.${k}`));
  return {
    profile: text(PROFILE_MAX)(o.profile, `${p}.profile`),
    roleArn: t("roleArn"),
    principalArn: t("principalArn"),
    region: t("region", REGION_MAX),
    expiration: t("expiration", SHORT),
    expired: bool(o.expired, `${p}.expired`),
    // Appended: an older host does not send it.
    accountAlias: o.accountAlias === undefined ? null : t("accountAlias", NAME),
  };
}

function instance(v: unknown, p: string): InstanceInfo {
  const o = obj(v, p);
  const t = (k: string) => nullable(o[k], (x) => text(NAME)(x, `${p}.${k}`));
  return {
    instanceId: text(SHORT)(o.instanceId, `${p}.instanceId`),
    name: t("name"),
    computerName: t("computerName"),
    platformName: t("platformName"),
    platformType: t("platformType"),
    pingStatus: text(SHORT)(o.pingStatus, `${p}.pingStatus`),
    agentVersion: t("agentVersion"),
    ipAddress: t("ipAddress"),
  };
}

function hello(v: unknown): HelloResult {
  const o = obj(v, "result");
  if (o.name !== "bastionless") throw new ValidationIssue("result.name", '"bastionless"');
  // Unknown capabilities (from a newer host) are dropped, not refused.
  const caps = arr(o.capabilities, "result.capabilities", (x, p) => str(x, p, { max: SHORT }), 200);
  return {
    name: "bastionless",
    version: text(SHORT)(o.version, "result.version"),
    protocol: int(o.protocol, "result.protocol", 0, 1_000_000),
    capabilities: caps.filter(isRequestType),
    platform: text(SHORT)(o.platform, "result.platform"),
  };
}

function samlSummary(v: unknown): SamlSummary {
  const o = obj(v, "result");
  const t = (k: string) => nullable(o[k], (x) => text()(x, `result.${k}`));
  return {
    roles: arr(o.roles, "result.roles", role, 1000),
    sessionName: t("sessionName"),
    sessionDuration: nullable(o.sessionDuration, (x) => int(x, "result.sessionDuration", 0, DURATION_MAX)),
    partition: oneOf(o.partition, "result.partition", PARTITIONS),
    destination: t("destination"),
    issuer: t("issuer"),
    notOnOrAfter: t("notOnOrAfter"),
  };
}

const list =
  <K extends string, T>(key: K, item: (v: unknown, p: string) => T) =>
  (v: unknown) =>
    ({ [key]: arr(obj(v, "result")[key], `result.${key}`, item, 10_000) }) as Record<K, T[]>;

/** One checker per request type; the mapped type makes a new type without one a build error. */
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
  "tunnel.start": (v) => checkTunnelInfo(v, "result"),
  "tunnel.list": list("tunnels", checkTunnelInfo),
  "tunnel.stop": list("stopped", (x, p) => text(SHORT)(x, p)),
  "rdp.gateway.open": gatewayTicket,
  "console.url": (v) => {
    const o = obj(v, "result");
    const url = str(o.url, "result.url", { max: 8192 });
    // The extension opens this URL: only a login URL of the federation endpoint's form.
    if (!isConsoleLoginUrl(url)) throw new ValidationIssue("result.url", "a console login URL");
    return { url, region: str(o.region, "result.region", { max: REGION_MAX, pattern: REGION }) };
  },
  "connections.list": checkConnectionsList,
  "connection.open": checkConnectionOpened,
  "renewal.sources.set": (v) => ({ saved: int(obj(v, "result").saved, "result.saved", 0, 1000) }),
  "renewal.report": (v) => {
    obj(v, "result");
    return {};
  },
  "accounts.names.set": (v) => ({ saved: int(obj(v, "result").saved, "result.saved", 0, 10_000) }),
};
