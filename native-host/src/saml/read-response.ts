/**
 * A parsed SAML 2.0 Response → the facts AWS reads from it (design §4): Role values,
 * RoleSessionName, SessionDuration, Issuer, Destination/Recipient and NotOnOrAfter. Pure; the
 * signature is STS's to verify, not ours.
 */
import { InputError } from "../errors";
import { childOf, childrenOf, type XmlElement } from "./xml-tree";

/** SAML 2.0 core (saml-core-2.0-os) namespaces. */
export const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
export const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

/** AWS's attribute names (IAM User Guide, "Configure SAML assertions for the authentication response"). */
export const ATTR_ROLE = "https://aws.amazon.com/SAML/Attributes/Role";
export const ATTR_SESSION_NAME = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
export const ATTR_SESSION_DURATION = "https://aws.amazon.com/SAML/Attributes/SessionDuration";

export interface ResponseFacts {
  issuer: string | null;
  destination: string | null;
  recipient: string | null;
  notOnOrAfter: string | null;
  /** Attribute Name → values (trimmed), over every AttributeStatement. */
  attributes: Map<string, string[]>;
}

function notSaml(message: string): InputError {
  return new InputError("SAML_NOT_A_RESPONSE", message, {
    hint: "Capture the SAMLResponse that Entra ID posts to https://signin.aws.amazon.com/saml, not another message.",
  });
}

function checkStatus(root: XmlElement): void {
  const status = childOf(root, PROTOCOL_NS, "Status");
  const code = childOf(status, PROTOCOL_NS, "StatusCode")?.attrs.Value;
  if (code === undefined || code === STATUS_SUCCESS) return;
  const message = childOf(status, PROTOCOL_NS, "StatusMessage")?.text.trim();
  throw new InputError(
    "SAML_STATUS_FAILED",
    `Entra ID answered the sign-in with status ${code}${message ? `: ${message.slice(0, 200)}` : ""}.`,
    {
      hint: "Sign in again in the browser; if it repeats, ask your Entra ID admin about the AWS app's assignment and policies.",
    },
  );
}

function earliest(...isoTimes: Array<string | undefined>): string | null {
  const times = isoTimes.map((t) => (t ? Date.parse(t) : Number.NaN)).filter((n) => Number.isFinite(n));
  return times.length ? new Date(Math.min(...times)).toISOString() : null;
}

function readAttributes(assertion: XmlElement): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const statement of childrenOf(assertion, ASSERTION_NS, "AttributeStatement")) {
    for (const attr of childrenOf(statement, ASSERTION_NS, "Attribute")) {
      const name = attr.attrs.Name;
      if (!name) continue;
      const values = childrenOf(attr, ASSERTION_NS, "AttributeValue").map((v) => v.text.trim());
      out.set(name, [...(out.get(name) ?? []), ...values]);
    }
  }
  return out;
}

export function readResponse(root: XmlElement): ResponseFacts {
  if (root.ns !== PROTOCOL_NS || root.local !== "Response") {
    throw notSaml(`The XML is a <${root.local}>, not a SAML 2.0 Response.`);
  }
  checkStatus(root);
  const assertion = childOf(root, ASSERTION_NS, "Assertion");
  if (!assertion) {
    if (childOf(root, ASSERTION_NS, "EncryptedAssertion")) {
      throw new InputError(
        "SAML_ENCRYPTED",
        "The SAML assertion is encrypted, so only AWS can read its roles.",
        {
          hint: "Turn off token encryption for the AWS app in Entra ID (Enterprise applications → Token encryption).",
        },
      );
    }
    throw notSaml("The SAML response holds no Assertion.");
  }
  const confirmations = childrenOf(
    childOf(assertion, ASSERTION_NS, "Subject"),
    ASSERTION_NS,
    "SubjectConfirmation",
  );
  const bearer = confirmations.find((c) => c.attrs.Method === BEARER) ?? confirmations[0];
  const data = childOf(bearer, ASSERTION_NS, "SubjectConfirmationData");
  const issuer = childOf(assertion, ASSERTION_NS, "Issuer") ?? childOf(root, ASSERTION_NS, "Issuer");
  return {
    issuer: issuer?.text.trim() || null,
    destination: root.attrs.Destination?.trim() || null,
    recipient: data?.attrs.Recipient?.trim() || null,
    notOnOrAfter: earliest(
      data?.attrs.NotOnOrAfter,
      childOf(assertion, ASSERTION_NS, "Conditions")?.attrs.NotOnOrAfter,
    ),
    attributes: readAttributes(assertion),
  };
}
