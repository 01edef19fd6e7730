/**
 * Where a sign-in comes from (issue 12, "Remember where a sign-in came from"): the URL that, opened
 * in the user's browser, runs the IdP's sign-in and auto-posts the SAMLResponse to AWS. The
 * extension renews through it silently and `bastionless login` opens it. Pure; the extension and
 * the host check sources with the same rule.
 *
 * Which launch URLs are allowed, and why:
 * - The Entra My Apps launcher: `https://launcher.myapps.microsoft.com/api/signin/<app id>?tenantId=<tenant>`,
 *   the "User access URL" of an enterprise app (Entra admin center, Enterprise applications →
 *   Properties). Nothing else on that host, no other query keys, no fragment: it is the one URL
 *   Entra gives for the tile.
 * - Any https URL on an origin the user trusts as a sign-in page (the extension's Trusted sign-in
 *   pages, extension/src/shared/trust.ts `idpOrigins`, the origins tests point at the fake IdP):
 *   the same one rule that decides whose SAML POST is accepted decides whose launch URL is opened.
 *   The extension sends those origins with the sources; the host keeps them beside the sources and
 *   checks again on every read.
 * Never userinfo (a `user:pass@` URL would put a password in a file and a command line), never
 * plain http (the launch carries the session cookie).
 */
import { bool, obj, onlyKeys, str, ValidationIssue } from "./validate";

export interface SignInSource {
  /** Stable id the extension chose; credentials.assume `sourceId` names it. */
  id: string;
  /** What the user calls it (`bastionless login --source NAME`). */
  name: string;
  launchUrl: string;
  /** Whether the extension renews this source's profiles before they expire. */
  renew: boolean;
}

export const MYAPPS_LAUNCHER_HOST = "launcher.myapps.microsoft.com";
export const SOURCE_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const SOURCE_NAME_MAX = 128;
export const LAUNCH_URL_MAX = 2048;
export const SOURCES_MAX = 50;
export const IDP_ORIGINS_MAX = 20;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant id is a GUID or one of its domains (contoso.onmicrosoft.com). */
const TENANT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i;
/** Controls, format characters and separators: what a terminal or a file name could misread. */
const UNSAFE_TEXT = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

function parsed(url: string): URL | null {
  if (url.length > LAUNCH_URL_MAX) return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" && !u.username && !u.password && !u.hash && !url.includes("#") ? u : null;
  } catch {
    return null;
  }
}

/** "https://host[:port]" exactly, as the extension's trust settings store it. */
export function isHttpsOrigin(v: unknown): v is string {
  if (typeof v !== "string") return false;
  const u = parsed(v);
  return u !== null && u.origin === v;
}

function isMyAppsLaunch(u: URL): boolean {
  if (u.hostname !== MYAPPS_LAUNCHER_HOST || u.port !== "") return false;
  const m = /^\/api\/signin\/([^/]+)$/.exec(u.pathname);
  const keys = [...u.searchParams.keys()];
  return (
    m !== null &&
    GUID.test(m[1]!) &&
    keys.length === 1 &&
    keys[0] === "tenantId" &&
    TENANT.test(u.searchParams.get("tenantId") ?? "")
  );
}

/** Whether a launch URL may be stored and opened, given the user's trusted sign-in origins. */
export function isLaunchUrl(url: unknown, idpOrigins: readonly string[]): url is string {
  if (typeof url !== "string") return false;
  const u = parsed(url);
  return u !== null && (isMyAppsLaunch(u) || idpOrigins.includes(u.origin));
}

export function checkIdpOrigins(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) throw new ValidationIssue(path, "a list");
  if (v.length > IDP_ORIGINS_MAX) throw new ValidationIssue(path, `at most ${IDP_ORIGINS_MAX} origins`);
  return v.map((x, i) => {
    if (!isHttpsOrigin(x))
      throw new ValidationIssue(`${path}[${i}]`, "an https origin such as https://idp.example.com");
    return x;
  });
}

export function checkSignInSource(v: unknown, path: string, idpOrigins: readonly string[]): SignInSource {
  const o = obj(v, path);
  onlyKeys(o, path, ["id", "name", "launchUrl", "renew"]);
  const name = str(o.name, `${path}.name`, { min: 1, max: SOURCE_NAME_MAX });
  if (name.trim() !== name || UNSAFE_TEXT.test(name))
    throw new ValidationIssue(`${path}.name`, "text without control characters or outer spaces");
  if (!isLaunchUrl(o.launchUrl, idpOrigins))
    throw new ValidationIssue(
      `${path}.launchUrl`,
      `https://${MYAPPS_LAUNCHER_HOST}/api/signin/<app id>?tenantId=<tenant>, or an https URL on a trusted sign-in origin`,
    );
  return {
    id: str(o.id, `${path}.id`, { pattern: SOURCE_ID }),
    name,
    launchUrl: o.launchUrl,
    renew: bool(o.renew, `${path}.renew`),
  };
}

/** A list of sources: ids and names are unique (a name picks one source for `bastionless login`). */
export function checkSignInSources(v: unknown, path: string, idpOrigins: readonly string[]): SignInSource[] {
  if (!Array.isArray(v)) throw new ValidationIssue(path, "a list");
  if (v.length > SOURCES_MAX) throw new ValidationIssue(path, `at most ${SOURCES_MAX} sources`);
  const out = v.map((x, i) => checkSignInSource(x, `${path}[${i}]`, idpOrigins));
  const dup = (k: "id" | "name") => out.findIndex((s, i) => out.findIndex((t) => t[k] === s[k]) !== i);
  for (const k of ["id", "name"] as const) {
    const i = dup(k);
    if (i >= 0) throw new ValidationIssue(`${path}[${i}].${k}`, `a ${k} no other source has`);
  }
  return out;
}
