/**
 * The user's settings (options page), kept in storage.sync so they follow the browser profile.
 * Everything read back from storage is validated: an old or hand-edited value falls back to its
 * default field by field instead of breaking the extension. Names, regions and ARNs are checked
 * with the host's own rules (contract/), so the options page and the popup say no early.
 */
import { DEFAULT_LOCAL_PORT, isRegion, isRoleArn } from "../../../contract/identifiers";
import {
  DEFAULT_PROFILE_TEMPLATE,
  isProfileName,
  isProfileTemplate,
  PROFILE_NAME_RULE,
  profileTemplateProblem,
} from "../../../contract/profile-name";
import type { Obj } from "../../../contract/validate";

export interface Settings {
  /**
   * How roles without a name of their own are named (contract/profile-name.ts): default
   * `{account}-{role}`, so two accounts never share a profile; a fixed name (`saml`) is a choice.
   */
  profileTemplate: string;
  /** Region written to the profile; "" lets the host take it from the sign-in endpoint. */
  defaultRegion: string;
  /** Write one profile per role in the assertion instead of asking. */
  allRoles: boolean;
  /** roleArn → profile name. A role listed here is assumed automatically on sign-in. */
  profileNames: Record<string, string>;
  /** Preferred local port of a tunnel (design §6: 13389, or the next free one). */
  localPort: number;
  /** Open the RDP client once the tunnel is up. */
  launchRdp: boolean;
  /** Observe SAML sign-ins at all. */
  capture: boolean;
  notifications: boolean;
  /** Warn this many minutes before credentials expire. */
  expiryWarningMinutes: number;
  /** Silent renewal (docs/renewal.md): renew this many minutes before the earliest expiry. */
  renewalMarginMinutes: number;
  /** Never start two silent renewals of a source closer than this (seconds). */
  renewalFloorSeconds: number;
  /** No POST this long after opening the launch URL means Entra wants the user (seconds). */
  renewalTimeoutSeconds: number;
}

export const DEFAULT_SETTINGS: Settings = {
  profileTemplate: DEFAULT_PROFILE_TEMPLATE,
  defaultRegion: "",
  allRoles: false,
  profileNames: {},
  localPort: DEFAULT_LOCAL_PORT,
  launchRdp: true,
  capture: true,
  notifications: true,
  expiryWarningMinutes: 10,
  renewalMarginMinutes: 10,
  renewalFloorSeconds: 60,
  renewalTimeoutSeconds: 60,
};

const isPort = (v: unknown): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 65535;
const isBool = (v: unknown): v is boolean => typeof v === "boolean";
const isMinutes = (v: unknown): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 120;
const between =
  (lo: number, hi: number) =>
  (v: unknown): v is number =>
    typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;
/** Seconds: a floor under 10 s or a time-out under 10 s would be a loop, not a schedule. */
export const isRenewalFloor = between(10, 3600);
export const isRenewalTimeout = between(10, 600);

function profileNames(v: unknown): Record<string, string> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [arn, name] of Object.entries(v as Obj))
    if (isRoleArn(arn) && isProfileName(name)) out[arn] = name;
  return out;
}

/**
 * Before templates the setting was `defaultProfile`, default `saml`. A name the user chose
 * stays (a fixed-name template); the old default gives way to `{account}-{role}`, since it is
 * what made every account's sign-in overwrite the last (issue 11).
 */
function templateOf(o: Obj): string {
  if (isProfileTemplate(o.profileTemplate)) return o.profileTemplate;
  if (isProfileName(o.defaultProfile) && o.defaultProfile !== "saml") return o.defaultProfile;
  return DEFAULT_PROFILE_TEMPLATE;
}

/** Settings from whatever storage held: each field kept if valid, else its default. */
export function parseSettings(raw: unknown): Settings {
  const o = (typeof raw === "object" && raw !== null ? raw : {}) as Obj;
  const d = DEFAULT_SETTINGS;
  const pick = <K extends keyof Settings>(k: K, ok: (v: unknown) => boolean): Settings[K] =>
    ok(o[k]) ? (o[k] as Settings[K]) : d[k];
  return {
    profileTemplate: templateOf(o),
    defaultRegion: pick("defaultRegion", (v) => v === "" || isRegion(v)),
    allRoles: pick("allRoles", isBool),
    profileNames: profileNames(o.profileNames),
    localPort: pick("localPort", isPort),
    launchRdp: pick("launchRdp", isBool),
    capture: pick("capture", isBool),
    notifications: pick("notifications", isBool),
    expiryWarningMinutes: pick("expiryWarningMinutes", isMinutes),
    renewalMarginMinutes: pick("renewalMarginMinutes", isMinutes),
    renewalFloorSeconds: pick("renewalFloorSeconds", isRenewalFloor),
    renewalTimeoutSeconds: pick("renewalTimeoutSeconds", isRenewalTimeout),
  };
}

/** Problems with a settings form, by field, in words for the options page. Empty when valid. */
export function settingsProblems(s: Settings): Partial<Record<keyof Settings, string>> {
  const out: Partial<Record<keyof Settings, string>> = {};
  const template = profileTemplateProblem(s.profileTemplate);
  if (template) out.profileTemplate = template;
  if (s.defaultRegion !== "" && !isRegion(s.defaultRegion))
    out.defaultRegion = "Use a region code like eu-west-1, or leave it empty.";
  if (!isPort(s.localPort)) out.localPort = `Use a port from 1 to 65535 (default ${DEFAULT_LOCAL_PORT}).`;
  if (!isMinutes(s.expiryWarningMinutes)) out.expiryWarningMinutes = "Use 1 to 120 minutes.";
  if (!isMinutes(s.renewalMarginMinutes)) out.renewalMarginMinutes = "Use 1 to 120 minutes.";
  if (!isRenewalFloor(s.renewalFloorSeconds)) out.renewalFloorSeconds = "Use 10 to 3600 seconds.";
  if (!isRenewalTimeout(s.renewalTimeoutSeconds)) out.renewalTimeoutSeconds = "Use 10 to 600 seconds.";
  const bad = Object.entries(s.profileNames).filter(([arn, name]) => !isRoleArn(arn) || !isProfileName(name));
  if (bad.length)
    out.profileNames = `Check the profile name for ${bad.map(([arn]) => arn.split("/").pop()).join(", ")}. ${PROFILE_NAME_RULE}`;
  return out;
}

export const SETTINGS_KEY = "settings";
