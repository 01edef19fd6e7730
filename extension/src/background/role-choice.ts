/**
 * Which roles a captured sign-in assumes without asking (issue: one role, or a role with a
 * remembered mapping → automatic; several → the popup's picker). Pure.
 */

import type { RoleChoice } from "../../../contract/domain";
import { templateHasFields } from "../../../contract/profile-name";
import type { RequestParams } from "../../../contract/requests";
import type { Settings } from "../shared/settings";

export type AssumeChoice = Omit<RequestParams["credentials.assume"], "samlResponse" | "url">;

export type RoleDecision =
  | { kind: "assume"; why: "single role" | "mapped roles" | "all roles"; choice: AssumeChoice }
  | { kind: "pick" }
  | { kind: "no roles" };

/** Only the mappings for roles in this assertion travel to the host. */
function mappingsFor(roles: RoleChoice[], settings: Settings): Record<string, string> {
  return Object.fromEntries(
    roles
      .filter((r) => settings.profileNames[r.roleArn])
      .map((r) => [r.roleArn, settings.profileNames[r.roleArn]!]),
  );
}

/**
 * The template travels with every request that names a role from it. "All roles" keeps the
 * host's default when the template is a fixed name, which cannot name several roles.
 */
function templateFor(settings: Settings, several: boolean): Pick<AssumeChoice, "profileTemplate"> {
  return several && !templateHasFields(settings.profileTemplate)
    ? {}
    : { profileTemplate: settings.profileTemplate };
}

function withRegion(choice: AssumeChoice, settings: Settings): AssumeChoice {
  return settings.defaultRegion ? { ...choice, region: settings.defaultRegion } : choice;
}

export function decideRoles(roles: RoleChoice[], settings: Settings): RoleDecision {
  if (roles.length === 0) return { kind: "no roles" };
  const mapped = mappingsFor(roles, settings);
  const profileNames = Object.keys(mapped).length ? { profileNames: mapped } : {};
  if (settings.allRoles)
    return {
      kind: "assume",
      why: "all roles",
      choice: withRegion({ allRoles: true, ...profileNames, ...templateFor(settings, true) }, settings),
    };
  if (Object.keys(mapped).length) {
    return {
      kind: "assume",
      why: "mapped roles",
      choice: withRegion({ roleArns: Object.keys(mapped), profileNames: mapped }, settings),
    };
  }
  if (roles.length === 1) {
    return {
      kind: "assume",
      why: "single role",
      choice: withRegion({ roleArns: [roles[0]!.roleArn], ...templateFor(settings, false) }, settings),
    };
  }
  return { kind: "pick" };
}

/** What the user picked in the popup: one role (with a profile name, else the template's) or all of them. */
export type PickedRoles = { allRoles: true } | { allRoles: false; roleArn: string; profile?: string };

export function choiceFromPick(
  pick: PickedRoles,
  roles: RoleChoice[],
  settings: Settings,
): AssumeChoice | null {
  if (pick.allRoles) {
    const mapped = mappingsFor(roles, settings);
    return withRegion(
      {
        allRoles: true,
        ...(Object.keys(mapped).length ? { profileNames: mapped } : {}),
        ...templateFor(settings, true),
      },
      settings,
    );
  }
  if (!roles.some((r) => r.roleArn === pick.roleArn)) return null;
  const name = pick.profile ? { profile: pick.profile } : templateFor(settings, false);
  return withRegion({ roleArns: [pick.roleArn], ...name }, settings);
}
