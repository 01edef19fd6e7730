/**
 * How an account is named wherever bastionless shows one (issue 11, "Account names
 * everywhere"): its name as users see it (the IAM account alias) with the id beside it, else the
 * id alone. The popup and the CLI both use this one rule.
 */

import { displayText } from "./display-text";
import type { ProfileInfo } from "./domain";
import { ACCOUNT_ID } from "./identifiers";

/** The 12-digit account id of an IAM/STS ARN (`arn:aws:iam::123456789012:role/R`), or null. */
export const accountOfArn = (arn: string | null | undefined): string | null =>
  arn?.split(":")[4]?.match(ACCOUNT_ID)?.[0] ?? null;

/** "contoso-prod (123456789012)", or "123456789012"; "" when the id is unknown. */
export function accountLabel(accountId: string | null | undefined, alias: string | null | undefined): string {
  if (!accountId) return "";
  return displayText(alias ? `${alias} (${accountId})` : accountId);
}

/** Account id → name, from what profiles.list says of each profile's account. */
export function accountNames(profiles: readonly ProfileInfo[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of profiles) {
    const id = accountOfArn(p.roleArn);
    if (id && p.accountAlias) out.set(id, p.accountAlias);
  }
  return out;
}
