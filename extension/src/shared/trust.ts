/**
 * Which pages may hand bastionless a sign-in, and which Entra tenant it expects (issue 17,
 * finding 1). Kept in storage.local under its own key: the background writes the pin on the first
 * accepted sign-in (trust on first use) and the options page edits both. Read back validated.
 */
import type { Obj } from "../../../contract/validate";

/**
 * The Entra ID sign-in origins that post the SAML response to AWS, one per cloud instance
 * ("National clouds", Microsoft identity platform docs, learn.microsoft.com/entra/identity-
 * platform/authentication-national-cloud): global, US Government (also DoD), and China operated
 * by 21Vianet. Azure Germany closed in 2021. Each is also a host permission in manifests/, which
 * is what makes Chromium report the `initiator` (docs/testing/browser-e2e.md §4).
 */
export const ENTRA_LOGIN_ORIGINS: readonly string[] = [
  "https://login.microsoftonline.com",
  "https://login.microsoftonline.us",
  "https://login.partner.microsoftonline.cn",
];

export interface Trust {
  /** Origins the user added (another IdP, or an Entra alias); each needs its host permission. */
  idpOrigins: string[];
  /** The assertion Issuer of the sign-ins so far (the Entra tenant); null until the first. */
  pinnedIssuer: string | null;
}

export const TRUST_KEY = "trust";
export const DEFAULT_TRUST: Trust = { idpOrigins: [], pinnedIssuer: null };
export const MAX_IDP_ORIGINS = 20;
export const MAX_ISSUER_CHARS = 1024;

/** "https://idp.example.com[:port]" from what a user typed (a URL or an origin), or null. */
export function parseOrigin(input: string): string | null {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return null;
  }
  if (u.protocol !== "https:" || u.username || u.password || !u.hostname) return null;
  return u.origin;
}

/** The match pattern that grants host access to an origin (permissions.request, manifests). */
export const originPattern = (origin: string) => `${origin}/*`;

export const isIssuer = (v: unknown): v is string =>
  typeof v === "string" &&
  v.trim() === v &&
  v.length > 0 &&
  v.length <= MAX_ISSUER_CHARS &&
  !/[\p{Cc}]/u.test(v);

export function parseTrust(raw: unknown): Trust {
  const o = (typeof raw === "object" && raw !== null ? raw : {}) as Obj;
  const origins = Array.isArray(o.idpOrigins) ? o.idpOrigins : [];
  const idpOrigins = [
    ...new Set(origins.filter((x): x is string => typeof x === "string" && parseOrigin(x) === x)),
  ].slice(0, MAX_IDP_ORIGINS);
  return { idpOrigins, pinnedIssuer: isIssuer(o.pinnedIssuer) ? o.pinnedIssuer : null };
}

/** Every origin a sign-in may come from: Entra's plus the user's. */
export const trustedOrigins = (t: Trust): string[] => [...ENTRA_LOGIN_ORIGINS, ...t.idpOrigins];
