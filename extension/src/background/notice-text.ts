/**
 * The texts of the notifications that name an account (issue 11 "Account names everywhere"):
 * the account is named by the shared rule (contract/account-label.ts: "alias (id)" when the
 * alias is known, else the id), from what profiles.list says of each account. Pure.
 */
import { accountLabel, accountNames, accountOfArn } from "../../../contract/account-label";
import type { ProfileInfo, WrittenProfile } from "../../../contract/domain";
import type { TunnelInfo } from "../../../contract/tunnel-info";
import { formatClock, parseTime } from "../shared/format";

/** "account contoso-prod (123456789012)", or "" when the account is not known. */
function ofAccount(accountId: string | null, names: Map<string, string>): string {
  const label = accountLabel(accountId, accountId ? names.get(accountId) : null);
  return label && `account ${label}`;
}

/** "Profiles written: ops-prod-Admin (account ops-prod (210987654321), until 13:00), …" */
export function writtenText(written: WrittenProfile[], profiles: readonly ProfileInfo[]): string {
  const names = accountNames(profiles);
  const one = (w: WrittenProfile) => {
    const until = `until ${formatClock(parseTime(w.expiration) ?? 0)}`;
    const account = ofAccount(accountOfArn(w.roleArn), names);
    return `${w.profile} (${account ? `${account}, ` : ""}${until})`;
  };
  return `Profiles written: ${written.map(one).join(", ")}`;
}

/** The expiry warning's title: the profile, its account, and when. */
export function expiryTitle(profile: string, expires: number, profiles: readonly ProfileInfo[]): string {
  const info = profiles.find((p) => p.profile === profile);
  const account = ofAccount(accountOfArn(info?.roleArn), accountNames(profiles));
  return `AWS profile ${profile}${account ? ` (${account})` : ""} expires at ${formatClock(expires)}`;
}

/** A dropped tunnel's title: the instance and the account it was opened in. */
export function tunnelDroppedTitle(tunnel: TunnelInfo, profiles: readonly ProfileInfo[]): string {
  const name = tunnel.instanceName ? `${tunnel.instanceName} (${tunnel.target})` : tunnel.target;
  const names = accountNames(profiles);
  if (tunnel.accountId && tunnel.accountAlias) names.set(tunnel.accountId, tunnel.accountAlias);
  const account = ofAccount(tunnel.accountId, names);
  return `Tunnel to ${name}${account ? ` in ${account}` : ""} dropped`;
}
