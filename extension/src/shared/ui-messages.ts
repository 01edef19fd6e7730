/**
 * What the popup and options pages ask of the background (runtime.sendMessage). Views never talk
 * to the host themselves (style §14); they send one of these and render the Status they get back.
 */
import {
  connectionName,
  profileName as existingProfileName,
  INSTANCE_ID,
  newProfileName as profileName,
  region,
  roleArn,
  TUNNEL_ID,
} from "../../../contract/identifiers";
import { LAUNCH_URL_MAX, SOURCE_ID, SOURCE_NAME_MAX } from "../../../contract/signin-source";
import { bool, obj, onlyKeys, opt, str, ValidationIssue } from "../../../contract/validate";
import type { Status, UserError } from "./state";

export type UiRequest =
  | { type: "status" }
  | { type: "refresh" }
  | {
      type: "pick";
      pendingId: string;
      allRoles: boolean;
      roleArn?: string;
      profile?: string;
      remember: boolean;
    }
  | { type: "cancel-pick"; pendingId: string }
  /** A sign-in held for its tenant (issue 17): trust the tenant and use it, or discard it. */
  | { type: "trust-held"; heldId: string }
  | { type: "discard-held"; heldId: string }
  | { type: "select"; profile: string; region: string | null }
  | { type: "connect"; instanceId: string }
  | { type: "stop"; tunnelId: string }
  /** Open the RDP client again for an open tunnel (issue 11): the host reuses the tunnel. */
  | { type: "reopen-rdp"; tunnelId: string }
  /** Open the AWS console as the profile (issue 11): the background opens the login URL in a tab. */
  | { type: "open-console"; profile: string }
  /** Open a saved connection (issue 13): its tunnel and its client; a web UI opens in a tab. */
  | { type: "open-connection"; name: string }
  | { type: "dismiss-error" }
  /** Silent renewal (docs/renewal.md): per source, and on or off as a whole. */
  | { type: "renew-now"; sourceId: string }
  | { type: "renewal-sign-in"; sourceId: string }
  | { type: "renewal-toggle"; sourceId: string; renew: boolean }
  | { type: "renewal-remove"; sourceId: string }
  | { type: "renewal-add"; launchUrl: string; name: string }
  | { type: "renewal-enable"; enabled: boolean }
  /** A refused profile (issue 11): "Replace it" repeats the sign-in's write with force; "Keep it" does not. */
  | { type: "replace-profile"; refusalId: string }
  | { type: "keep-profile"; refusalId: string };

export type UiReply = { ok: true; status: Status } | { ok: false; error: UserError; status: Status };

/** The name of the runtime port a popup holds open while it is showing (background pushes Status on it). */
export const POPUP_PORT = "popup";

/** The background's own ids for a pending pick or a held sign-in. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

type Checks = { [K in UiRequest["type"]]: (o: Record<string, unknown>) => Extract<UiRequest, { type: K }> };

const CHECKS: Checks = {
  status: () => ({ type: "status" }),
  refresh: () => ({ type: "refresh" }),
  pick: (o) => {
    const allRoles = bool(o.allRoles, "allRoles");
    const out = {
      type: "pick" as const,
      pendingId: str(o.pendingId, "pendingId", { pattern: ID }),
      allRoles,
      remember: bool(o.remember, "remember"),
      roleArn: opt(o.roleArn, (x) => roleArn(x, "roleArn")),
      // No profile: the name comes from the template (settings.profileTemplate).
      profile: opt(o.profile, (x) => profileName(x, "profile")),
    };
    if (!allRoles && !out.roleArn) throw new ValidationIssue("pick", "a role, or all roles");
    return out;
  },
  "cancel-pick": (o) => ({ type: "cancel-pick", pendingId: str(o.pendingId, "pendingId", { pattern: ID }) }),
  "trust-held": (o) => ({ type: "trust-held", heldId: str(o.heldId, "heldId", { pattern: ID }) }),
  "discard-held": (o) => ({ type: "discard-held", heldId: str(o.heldId, "heldId", { pattern: ID }) }),
  select: (o) => ({
    type: "select",
    profile: profileName(o.profile, "profile"),
    region: o.region === null ? null : region(o.region, "region"),
  }),
  connect: (o) => ({
    type: "connect",
    instanceId: str(o.instanceId, "instanceId", { pattern: INSTANCE_ID }),
  }),
  stop: (o) => ({ type: "stop", tunnelId: str(o.tunnelId, "tunnelId", { pattern: TUNNEL_ID }) }),
  "reopen-rdp": (o) => ({
    type: "reopen-rdp",
    tunnelId: str(o.tunnelId, "tunnelId", { pattern: TUNNEL_ID }),
  }),
  "dismiss-error": () => ({ type: "dismiss-error" }),
  "replace-profile": (o) => ({
    type: "replace-profile",
    refusalId: str(o.refusalId, "refusalId", { pattern: ID }),
  }),
  "keep-profile": (o) => ({
    type: "keep-profile",
    refusalId: str(o.refusalId, "refusalId", { pattern: ID }),
  }),
  "open-console": (o) => ({ type: "open-console", profile: existingProfileName(o.profile, "profile") }),
  "open-connection": (o) => ({ type: "open-connection", name: connectionName(o.name, "name") }),
  "renew-now": (o) => ({ type: "renew-now", sourceId: sourceId(o) }),
  "renewal-sign-in": (o) => ({ type: "renewal-sign-in", sourceId: sourceId(o) }),
  "renewal-toggle": (o) => ({ type: "renewal-toggle", sourceId: sourceId(o), renew: bool(o.renew, "renew") }),
  "renewal-remove": (o) => ({ type: "renewal-remove", sourceId: sourceId(o) }),
  "renewal-add": (o) => ({
    type: "renewal-add",
    launchUrl: str(o.launchUrl, "launchUrl", { min: 1, max: LAUNCH_URL_MAX }),
    name: str(o.name, "name", { min: 1, max: SOURCE_NAME_MAX }),
  }),
  "renewal-enable": (o) => ({ type: "renewal-enable", enabled: bool(o.enabled, "enabled") }),
};
function sourceId(o: Record<string, unknown>): string {
  return str(o.sourceId, "sourceId", { pattern: SOURCE_ID });
}

const KEYS: Record<UiRequest["type"], string[]> = {
  status: [],
  refresh: [],
  pick: ["pendingId", "allRoles", "roleArn", "profile", "remember"],
  "cancel-pick": ["pendingId"],
  "trust-held": ["heldId"],
  "discard-held": ["heldId"],
  select: ["profile", "region"],
  connect: ["instanceId"],
  stop: ["tunnelId"],
  "reopen-rdp": ["tunnelId"],
  "dismiss-error": [],
  "replace-profile": ["refusalId"],
  "keep-profile": ["refusalId"],
  "open-console": ["profile"],
  "open-connection": ["name"],
  "renew-now": ["sourceId"],
  "renewal-sign-in": ["sourceId"],
  "renewal-toggle": ["sourceId", "renew"],
  "renewal-remove": ["sourceId"],
  "renewal-add": ["launchUrl", "name"],
  "renewal-enable": ["enabled"],
};

/** A UiRequest, or throws ValidationIssue: messages are checked even from our own pages. */
export function parseUiRequest(v: unknown): UiRequest {
  const o = obj(v, "message");
  const type = str(o.type, "message.type", { max: 32 });
  if (!(type in CHECKS)) throw new ValidationIssue("message.type", "a known request");
  const t = type as UiRequest["type"];
  onlyKeys(o, "message", ["type", ...KEYS[t]]);
  return CHECKS[t](o);
}
