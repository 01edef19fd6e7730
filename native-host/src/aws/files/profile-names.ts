/**
 * Profile names (design §5, issue 11 "Profile ownership"): a name given per role
 * (`profileNames`), else the one `profile` for a single role, else the template
 * (`profileTemplate`, default `{account}-{role}`), so two accounts never share a profile. The
 * name rule and the template live in contract/profile-name.ts. Pure; the aliases are looked up
 * by the caller.
 */

import type { RoleChoice } from "../../../../contract/domain";
import {
  DEFAULT_PROFILE_TEMPLATE,
  expandProfileTemplate,
  isProfileName,
  PROFILE_NAME_MAX,
  PROFILE_NAME_RULE,
  profileTemplateProblem,
  templateHasFields,
  templateUsesAlias,
} from "../../../../contract/profile-name";
import { UsageError } from "../../errors";

export function checkProfileName(name: string, where: string): string {
  if (!isProfileName(name as unknown)) {
    throw new UsageError(
      "PROFILE_NAME_INVALID",
      `${where} ${JSON.stringify(name.slice(0, PROFILE_NAME_MAX + 1))} is not a valid profile name: the AWS CLI and SDKs would read it differently.`,
      { hint: `${PROFILE_NAME_RULE} --profile saml is a valid choice.` },
    );
  }
  return name;
}

export function checkProfileTemplate(template: string, where: string): string {
  const problem = profileTemplateProblem(template);
  if (problem)
    throw new UsageError(
      "PROFILE_NAME_INVALID",
      `${where} ${JSON.stringify(template.slice(0, 200))}: ${problem}`,
      {
        hint: `The default is ${DEFAULT_PROFILE_TEMPLATE}.`,
      },
    );
  return template;
}

export interface NamingRequest {
  profile?: string;
  profileNames?: Readonly<Record<string, string>>;
  profileTemplate?: string;
  allRoles?: boolean;
}

const templateOf = (req: NamingRequest) => req.profileTemplate ?? DEFAULT_PROFILE_TEMPLATE;

/** Whether some name comes from a template naming the account (so an alias lookup is worth making). */
export function namesFromAccounts(roles: readonly RoleChoice[], req: NamingRequest): boolean {
  const templated = roles.some((r) => !req.profileNames?.[r.roleArn]);
  const single = roles.length === 1 && req.allRoles !== true && req.profile !== undefined;
  return templated && !single && templateUsesAlias(templateOf(req));
}

/** roleArn → profile name. `aliases` maps account id → alias (or null when unknown). */
export function planProfileNames(
  roles: readonly RoleChoice[],
  req: NamingRequest,
  aliases: ReadonlyMap<string, string | null>,
): Map<string, string> {
  const several = req.allRoles === true || roles.length > 1;
  const unnamed = roles.filter((r) => !req.profileNames?.[r.roleArn]);
  if (several && req.profile !== undefined && unnamed.length > 0) {
    throw new UsageError("USAGE", "--profile names a single profile, but several roles are being assumed.", {
      hint: `Drop --profile (profiles are then named ${templateOf(req)}) or pass one --role.`,
    });
  }
  const template = checkProfileTemplate(templateOf(req), "The profile name template");
  if (unnamed.length > 1 && !templateHasFields(template)) {
    throw new UsageError(
      "PROFILE_NAME_CONFLICT",
      `Template ${template} would give ${unnamed.length} roles one profile.`,
      {
        hint: "Use {account} and {role} in the template, or pass one --role.",
      },
    );
  }
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const r of roles) {
    const explicit = req.profileNames?.[r.roleArn];
    let name =
      explicit ??
      req.profile ??
      expandProfileTemplate(template, {
        accountId: r.accountId,
        alias: aliases.get(r.accountId) ?? null,
        roleName: r.roleName,
      });
    checkProfileName(name, explicit ? `The profile name for ${r.roleArn}` : "The profile name");
    if (taken.has(name)) {
      if (explicit)
        throw new UsageError("PROFILE_NAME_CONFLICT", `Two roles would both be written to profile ${name}.`, {
          hint: "Give each role its own profile name.",
        });
      // Same account and role name under different paths (or `=`/`,` made `-`): keep both, numbered.
      let n = 2;
      while (taken.has(`${name}-${n}`)) n++;
      name = `${name}-${n}`;
    }
    taken.add(name);
    out.set(r.roleArn, name);
  }
  return out;
}
