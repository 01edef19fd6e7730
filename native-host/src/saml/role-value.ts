/**
 * One value of the https://aws.amazon.com/SAML/Attributes/Role attribute: a role ARN and a SAML
 * provider ARN separated by a comma, in either order (IAM User Guide, "Configure SAML assertions
 * for the authentication response"; design §4). Pure.
 */

import type { Partition, RoleChoice } from "../../../contract/domain";
import { InputError } from "../errors";

/** IAM role ARN: optional path, name of up to 64 of [\w+=,.@-] (IAM User Guide, "IAM identifiers"). */
const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;
/** SAML provider ARN: name of up to 128 of [\w.-]. */
const PROVIDER_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):saml-provider\/([\w.-]{1,128})$/;

const HINT =
  "Fix the Role claim of the AWS app in Entra ID: each value must be `arn:aws:iam::ACCOUNT:role/NAME,arn:aws:iam::ACCOUNT:saml-provider/NAME`.";

export interface ParsedRole extends RoleChoice {
  partition: Partition;
}

function shown(value: string): string {
  const v = value.replace(/\s+/g, " ").trim();
  return v.length > 160 ? `${v.slice(0, 160)}…` : v;
}

/**
 * IAM role names may contain commas, so the value is split at the comma that leaves a role ARN on
 * one side and a provider ARN (whose name has no comma) on the other.
 */
function splitPair(value: string): { role: RegExpExecArray; provider: RegExpExecArray } | null {
  for (let i = value.indexOf(","); i >= 0; i = value.indexOf(",", i + 1)) {
    const [a, b] = [value.slice(0, i).trim(), value.slice(i + 1).trim()];
    const role = ROLE_ARN.exec(a) ?? ROLE_ARN.exec(b);
    const provider = PROVIDER_ARN.exec(b) ?? PROVIDER_ARN.exec(a);
    if (role && provider && role[0] !== provider[0] && (role[0] === a || role[0] === b))
      return { role, provider };
  }
  return null;
}

export function parseRoleValue(value: string): ParsedRole {
  const pair = splitPair(value);
  if (!pair) {
    const hasProvider = /arn:[\w-]+:iam::\d{12}:saml-provider\//.test(value);
    const code = hasProvider || !/:role\//.test(value) ? "SAML_ROLE_INVALID" : "SAML_ROLE_NO_PROVIDER";
    const what =
      code === "SAML_ROLE_NO_PROVIDER"
        ? "has no SAML provider ARN"
        : "is not a role ARN and a SAML provider ARN";
    throw new InputError(code, `The Role value "${shown(value)}" ${what}.`, { hint: HINT });
  }
  const { role, provider } = pair;
  if (role[1] !== provider[1]) {
    throw new InputError(
      "SAML_ROLE_INVALID",
      `The Role value "${shown(value)}" mixes partitions ${role[1]} and ${provider[1]}.`,
      { hint: HINT },
    );
  }
  return {
    roleArn: role[0],
    principalArn: provider[0],
    accountId: role[2]!,
    roleName: role[4]!,
    partition: role[1] as Partition,
  };
}

/** Every role, in assertion order, without duplicates. */
export function parseRoleValues(values: readonly string[]): ParsedRole[] {
  const seen = new Set<string>();
  const out: ParsedRole[] = [];
  for (const v of values) {
    const r = parseRoleValue(v);
    const key = `${r.roleArn},${r.principalArn}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(r);
    }
  }
  return out;
}
