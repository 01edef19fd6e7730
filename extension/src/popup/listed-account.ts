/**
 * The account an instance list belongs to (issue 11 "Account names everywhere"): the account of
 * the profile the instances were listed for, named by the shared rule (contract/account-label.ts).
 * Pure; "" when that profile's account is not known.
 */
import { accountLabel, accountOfArn } from "../../../contract/account-label";
import type { ProfileInfo } from "../../../contract/domain";

export function listedAccount(profiles: readonly ProfileInfo[], profile: string): string {
  const info = profiles.find((p) => p.profile === profile);
  return accountLabel(accountOfArn(info?.roleArn), info?.accountAlias);
}
