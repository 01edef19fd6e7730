/**
 * Profile names (design §5): the configured name for a single role (default `saml`, as in the
 * classic saml2aws setup); with several roles or --all-roles, `<account alias or id>-<RoleName>`.
 * A name must be usable as an INI section header: no `[`, `]`, control characters or
 * leading/trailing space. Pure; the aliases are looked up by the caller.
 */
import { UsageError } from "../errors";
import type { RoleChoice } from "../protocol/messages";

export const DEFAULT_PROFILE = "saml";
const MAX_NAME = 128;

export function checkProfileName(name: string, where: string): string {
  const bad =
    name.length === 0 ||
    name.length > MAX_NAME ||
    /[[\]\u0000-\u001f\u007f]/.test(name) ||
    name.trim() !== name;
  if (bad) {
    throw new UsageError(
      "PROFILE_NAME_INVALID",
      `${where} ${JSON.stringify(name.slice(0, MAX_NAME + 1))} is not a valid profile name.`,
      {
        hint: `Use 1–${MAX_NAME} characters without [ ] or line breaks and without spaces at either end, e.g. --profile saml.`,
      },
    );
  }
  return name;
}

export interface NamingRequest {
  profile?: string;
  profileNames?: Readonly<Record<string, string>>;
  allRoles?: boolean;
}

/** Whether names come from accounts (and so an alias lookup is worth making). */
export function namesFromAccounts(roles: readonly RoleChoice[], req: NamingRequest): boolean {
  return (req.allRoles === true || roles.length > 1) && roles.some((r) => !req.profileNames?.[r.roleArn]);
}

/** roleArn → profile name. `aliases` maps account id → alias (or null when unknown). */
export function planProfileNames(
  roles: readonly RoleChoice[],
  req: NamingRequest,
  aliases: ReadonlyMap<string, string | null>,
): Map<string, string> {
  const byAccount = namesFromAccounts(roles, req);
  if (byAccount && req.profile !== undefined) {
    throw new UsageError("USAGE", "--profile names a single profile, but several roles are being assumed.", {
      hint: "Drop --profile (profiles are then named <account>-<role>) or pass one --role.",
    });
  }
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const r of roles) {
    const explicit = req.profileNames?.[r.roleArn];
    let name =
      explicit ??
      (byAccount
        ? `${aliases.get(r.accountId) ?? r.accountId}-${r.roleName}`
        : (req.profile ?? DEFAULT_PROFILE));
    checkProfileName(name, explicit ? `The profile name for ${r.roleArn}` : "The profile name");
    if (taken.has(name)) {
      if (explicit)
        throw new UsageError("PROFILE_NAME_CONFLICT", `Two roles would both be written to profile ${name}.`, {
          hint: "Give each role its own profile name.",
        });
      // Same account and role name under different paths: keep both, numbered.
      let n = 2;
      while (taken.has(`${name}-${n}`)) n++;
      name = `${name}-${n}`;
    }
    taken.add(name);
    out.set(r.roleArn, name);
  }
  return out;
}
