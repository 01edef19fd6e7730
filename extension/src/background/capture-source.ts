/**
 * Who sent a SAML sign-in (issue 17, finding 1: login CSRF). Any web page can auto-submit a form
 * to the AWS sign-in endpoint with an assertion for an account of its own, so a sign-in is taken
 * only when the browser says a trusted sign-in page sent it. Pure: the origin and the lists come in.
 *
 * What the browsers tell (docs/testing/browser-e2e.md §4, §9, measured in test/e2e):
 * - Chromium: `initiator`, the sending page's origin, and only when the extension has host
 *   permission for that origin; otherwise it is absent. "null" for an opaque origin.
 * - Firefox: `originUrl`, the URL of the page that triggered the request (for a form post, the page
 *   holding the form); `documentUrl` for a request inside a frame.
 */
import { parseSigninUrl } from "../../../contract/signin-endpoints";

export type SourceCode = "SIGNIN_SOURCE_UNKNOWN" | "SIGNIN_SOURCE_UNTRUSTED" | "SIGNIN_REPOST_UNKNOWN";

export type Source =
  /** Posted by a trusted sign-in page. */
  | { kind: "idp"; origin: string }
  /** The AWS sign-in page re-posting an assertion a trusted page posted first (its role picker). */
  | { kind: "aws-repost"; origin: string }
  | { kind: "refused"; origin: string | null; code: SourceCode; reason: string };

/** The origin of the page that sent the request, as far as the browser says; null when it does not. */
export function requestOrigin(details: {
  initiator?: string;
  originUrl?: string;
  documentUrl?: string;
}): string | null {
  const raw = details.initiator ?? details.originUrl ?? details.documentUrl;
  if (typeof raw !== "string" || raw === "null") return null;
  try {
    const origin = new URL(raw).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/** The AWS sign-in hosts (every partition and region) are the ones parseSigninUrl knows: one rule. */
const isAwsSignin = (origin: string) => parseSigninUrl(`${origin}/saml`) !== null;

export function judgeSource(
  origin: string | null,
  trusted: readonly string[],
  /** The same assertion was posted by a trusted page in this browser session (hash match). */
  seenFromIdp: boolean,
): Source {
  if (origin === null)
    return {
      kind: "refused",
      origin,
      code: "SIGNIN_SOURCE_UNKNOWN",
      reason:
        "The browser did not say which page sent it. If your identity provider sent it, add its address under Trusted sign-in pages in the options and allow access.",
    };
  if (trusted.includes(origin)) return { kind: "idp", origin };
  if (isAwsSignin(origin))
    return seenFromIdp
      ? { kind: "aws-repost", origin }
      : {
          kind: "refused",
          origin,
          code: "SIGNIN_REPOST_UNKNOWN",
          reason:
            "The AWS sign-in page re-posted a sign-in that no trusted sign-in page sent first (another site may have posted it there).",
        };
  return {
    kind: "refused",
    origin,
    code: "SIGNIN_SOURCE_UNTRUSTED",
    reason: `${origin} is not a trusted sign-in page. If it is your identity provider, add it under Trusted sign-in pages in the options.`,
  };
}
