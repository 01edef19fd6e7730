/**
 * Which AWS CLI profile a connection uses (docs/connections.md, "Profile"): the one it names, or,
 * for `account` + `role`, the profile bastionless wrote for that role in that account. A team
 * file can name the role everyone signs in to without knowing what each person called their
 * profile. Pure: the written profiles come in.
 */
import type { Connection } from "../../../contract/connection";
import type { ProfileInfo } from "../../../contract/domain";
import { AwsError } from "../errors";

/** arn:PARTITION:iam::ACCOUNT:role/[PATH/]ROLE → whether it is that account's role of that name. */
const isRole = (arn: string | null, account: string, role: string) => {
  const m = arn ? /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[^/]+\/)*([^/]+)$/.exec(arn) : null;
  return m !== null && m[1] === account && m[2] === role;
};

export function profileFor(
  c: Pick<Connection, "name" | "profile" | "account" | "role">,
  written: readonly ProfileInfo[],
): string {
  if (c.profile) return c.profile;
  const { account, role } = c as { account: string; role: string };
  // The unexpired one with the longest life left, else the freshest expired one (whose use then
  // says CREDENTIALS_EXPIRED with the sign-in to do).
  const matches = written
    .filter((p) => isRole(p.roleArn, account, role))
    .sort(
      (a, b) =>
        Number(a.expired) - Number(b.expired) || (b.expiration ?? "").localeCompare(a.expiration ?? ""),
    );
  if (matches[0]) return matches[0].profile;
  throw new AwsError(
    "CONNECTION_PROFILE_NOT_FOUND",
    `"${c.name}" uses role ${role} in account ${account}, and bastionless has written no profile for it.`,
    {
      hint: `Sign in through the AWS tile in My Apps and choose ${role} in ${account} (or \`bastionless assume --saml-file FILE --role arn:aws:iam::${account}:role/${role}\`).`,
    },
  );
}
