/**
 * The whole reading of a SAML response: decode, parse safely, extract, decide the partition.
 * What `roles`, `assume`, saml.inspect and credentials.assume all start from. Pure.
 */

import type { SamlSummary } from "../../../contract/domain";
import { InputError } from "../errors";
import { decodeSaml } from "./decode-saml";
import { resolvePartition } from "./partition";
import { ATTR_ROLE, ATTR_SESSION_DURATION, ATTR_SESSION_NAME, readResponse } from "./read-response";
import { parseRoleValues } from "./role-value";
import { parseXml } from "./xml-tree";

/** AWS accepts SessionDuration from 900 to 43200 seconds (IAM User Guide, SAML assertions). */
const DURATION_MIN = 900;
const DURATION_MAX = 43200;

export interface InspectedSaml {
  summary: SamlSummary;
  /** The region of a regional sign-in endpoint (Destination, else capture URL), if any. */
  signinRegion: string | null;
  /** base64 of the exact XML bytes, for AssumeRoleWithSAML. Never logged or written. */
  assertion: string;
}

function sessionDuration(values: string[] | undefined): number | null {
  const v = values?.[0];
  if (v === undefined || !/^\d{1,6}$/.test(v)) return null;
  const n = Number(v);
  return n >= DURATION_MIN && n <= DURATION_MAX ? n : null;
}

export function inspectSaml(input: string, url?: string): InspectedSaml {
  const decoded = decodeSaml(input);
  const facts = readResponse(parseXml(decoded.xml));
  const roles = parseRoleValues(facts.attributes.get(ATTR_ROLE) ?? []);
  if (roles.length === 0) {
    throw new InputError("SAML_NO_ROLES", "The SAML response names no AWS role.", {
      hint: "Ask your Entra ID admin to assign you a role in the AWS app (the https://aws.amazon.com/SAML/Attributes/Role claim).",
    });
  }
  const { partition, region } = resolvePartition({
    destination: facts.destination,
    recipient: facts.recipient,
    url,
    rolePartitions: roles.map((r) => r.partition),
  });
  const summary: SamlSummary = {
    roles: roles.map(({ roleArn, principalArn, accountId, roleName }) => ({
      roleArn,
      principalArn,
      accountId,
      roleName,
    })),
    sessionName: facts.attributes.get(ATTR_SESSION_NAME)?.[0] || null,
    sessionDuration: sessionDuration(facts.attributes.get(ATTR_SESSION_DURATION)),
    partition,
    destination: facts.destination ?? facts.recipient,
    issuer: facts.issuer,
    notOnOrAfter: facts.notOnOrAfter,
  };
  return { summary, signinRegion: region, assertion: decoded.base64 };
}
