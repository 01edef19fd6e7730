/**
 * The user's settings (options page), kept in storage.sync so they follow the browser profile.
 * Everything read back from storage is validated: an old or hand-edited value falls back to its
 * default field by field instead of breaking the extension.
 */
import type { Obj } from "../../../native-host/src/protocol/validate";

export interface Settings {
  /** Profile name for a single role (design §5: default `saml`, as in saml2aws). */
  defaultProfile: string;
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
}

export const DEFAULT_SETTINGS: Settings = {
  defaultProfile: "saml",
  defaultRegion: "",
  allRoles: false,
  profileNames: {},
  localPort: 13389,
  launchRdp: true,
  capture: true,
  notifications: true,
  expiryWarningMinutes: 10,
};

// The same rules the host applies (protocol/messages.ts), so the options page can say no early.
export const PROFILE_NAME = /^[^[\]\r\n\s](?:[^[\]\r\n]*[^[\]\r\n\s])?$/;
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export const isProfileName = (v: unknown): v is string =>
  typeof v === "string" && v.length <= 128 && PROFILE_NAME.test(v);
export const isRegion = (v: unknown): v is string =>
  typeof v === "string" && v.length <= 32 && REGION_NAME.test(v);
export const isRoleArn = (v: unknown): v is string => typeof v === "string" && ROLE_ARN.test(v);

const isPort = (v: unknown): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 65535;
const isBool = (v: unknown): v is boolean => typeof v === "boolean";
const isMinutes = (v: unknown): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 120;

function profileNames(v: unknown): Record<string, string> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [arn, name] of Object.entries(v as Obj))
    if (isRoleArn(arn) && isProfileName(name)) out[arn] = name;
  return out;
}

/** Settings from whatever storage held: each field kept if valid, else its default. */
export function parseSettings(raw: unknown): Settings {
  const o = (typeof raw === "object" && raw !== null ? raw : {}) as Obj;
  const d = DEFAULT_SETTINGS;
  const pick = <K extends keyof Settings>(k: K, ok: (v: unknown) => boolean): Settings[K] =>
    ok(o[k]) ? (o[k] as Settings[K]) : d[k];
  return {
    defaultProfile: pick("defaultProfile", isProfileName),
    defaultRegion: pick("defaultRegion", (v) => v === "" || isRegion(v)),
    allRoles: pick("allRoles", isBool),
    profileNames: profileNames(o.profileNames),
    localPort: pick("localPort", isPort),
    launchRdp: pick("launchRdp", isBool),
    capture: pick("capture", isBool),
    notifications: pick("notifications", isBool),
    expiryWarningMinutes: pick("expiryWarningMinutes", isMinutes),
  };
}

/** Problems with a settings form, by field, in words for the options page. Empty when valid. */
export function settingsProblems(s: Settings): Partial<Record<keyof Settings, string>> {
  const out: Partial<Record<keyof Settings, string>> = {};
  if (!isProfileName(s.defaultProfile))
    out.defaultProfile =
      "A profile name cannot be empty, contain [ ] or line breaks, or start or end with a space.";
  if (s.defaultRegion !== "" && !isRegion(s.defaultRegion))
    out.defaultRegion = "Use a region code like eu-west-1, or leave it empty.";
  if (!isPort(s.localPort)) out.localPort = "Use a port from 1 to 65535 (default 13389).";
  if (!isMinutes(s.expiryWarningMinutes)) out.expiryWarningMinutes = "Use 1 to 120 minutes.";
  const bad = Object.entries(s.profileNames).filter(([arn, name]) => !isRoleArn(arn) || !isProfileName(name));
  if (bad.length)
    out.profileNames = `Check the profile name for ${bad.map(([arn]) => arn.split("/").pop()).join(", ")}.`;
  return out;
}

export const SETTINGS_KEY = "settings";
