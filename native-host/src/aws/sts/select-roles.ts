/**
 * Which roles of an assertion to assume: the ones asked for, all of them, or the only one.
 * Several roles and no choice is a usage error that lists them (design §1, the CLI issue). Pure.
 */

import type { RoleChoice } from "../../../../contract/domain";
import { UsageError } from "../../errors";

export interface RoleSelection {
  roleArns?: readonly string[];
  allRoles?: boolean;
}

function listing(roles: readonly RoleChoice[]): string {
  return roles.map((r) => `  ${r.roleArn}`).join("\n");
}

export function selectRoles(roles: readonly RoleChoice[], sel: RoleSelection): RoleChoice[] {
  const asked = sel.roleArns ?? [];
  if (asked.length && sel.allRoles) {
    throw new UsageError("USAGE", "--role and --all-roles cannot be used together.", {
      hint: "Pass either --role ARN (repeatable) or --all-roles.",
    });
  }
  if (sel.allRoles) return [...roles];
  if (asked.length) {
    const missing = asked.filter((arn) => !roles.some((r) => r.roleArn === arn));
    if (missing.length) {
      throw new UsageError(
        "ROLE_NOT_IN_ASSERTION",
        `The SAML response does not grant ${missing.join(", ")}. It grants:\n${listing(roles)}`,
        {
          hint: "Pass one of the listed role ARNs with --role.",
        },
      );
    }
    const unique = [...new Set(asked)];
    return unique.map((arn) => roles.find((r) => r.roleArn === arn)!);
  }
  if (roles.length === 1) return [roles[0]!];
  throw new UsageError(
    "ROLE_CHOICE_NEEDED",
    `The SAML response grants ${roles.length} roles; choose which to assume:\n${listing(roles)}`,
    {
      hint: "Pass --role ARN (repeatable) or --all-roles.",
    },
  );
}
