/**
 * The options form: built from Settings, read back into Settings. Pure DOM, no storage, so the
 * page's index.ts decides when to load and save.
 */
import type { RoleChoice } from "../../../contract/domain";
import { REGION_MAX } from "../../../contract/identifiers";
import { PROFILE_NAME_MAX } from "../../../contract/profile-name";
import { h } from "../shared/dom";
import { roleLabel } from "../shared/format";
import type { Settings } from "../shared/settings";

type Field = { name: keyof Settings; label: string; input: HTMLInputElement; help?: string };

function text(
  name: keyof Settings,
  value: string,
  extra: Record<string, string | number> = {},
): HTMLInputElement {
  return h("input", {
    type: "text",
    id: `opt-${name}`,
    name,
    value,
    spellcheck: "false",
    autocomplete: "off",
    ...extra,
  });
}
function number(name: keyof Settings, value: number, min: number, max: number): HTMLInputElement {
  return h("input", { type: "number", id: `opt-${name}`, name, value, min, max, step: 1 });
}
function check(name: keyof Settings, value: boolean): HTMLInputElement {
  return h("input", { type: "checkbox", id: `opt-${name}`, name, checked: value });
}

function fields(s: Settings): Field[] {
  return [
    {
      name: "capture",
      label: "Capture AWS sign-ins",
      input: check("capture", s.capture),
      help: "Watch for the SAML sign-in POST to AWS.",
    },
    {
      name: "profileTemplate",
      label: "Profile names",
      input: text("profileTemplate", s.profileTemplate, { maxlength: PROFILE_NAME_MAX }),
      help: "{account} is the alias or id, {accountId}, {role}. A fixed name such as saml makes every account share it.",
    },
    {
      name: "defaultRegion",
      label: "Region for new profiles",
      input: text("defaultRegion", s.defaultRegion, {
        placeholder: "from the sign-in endpoint",
        maxlength: REGION_MAX,
      }),
    },
    {
      name: "allRoles",
      label: "Write all roles",
      input: check("allRoles", s.allRoles),
      help: "One profile per role, named from account and role.",
    },
    {
      name: "localPort",
      label: "Local port for RDP",
      input: number("localPort", s.localPort, 1, 65535),
      help: "Taken? The next free one is used.",
    },
    { name: "launchRdp", label: "Open the RDP client", input: check("launchRdp", s.launchRdp) },
    { name: "notifications", label: "Notifications", input: check("notifications", s.notifications) },
    {
      name: "expiryWarningMinutes",
      label: "Warn before expiry (minutes)",
      input: number("expiryWarningMinutes", s.expiryWarningMinutes, 1, 120),
    },
    {
      name: "renewalMarginMinutes",
      label: "Renew before expiry (minutes)",
      input: number("renewalMarginMinutes", s.renewalMarginMinutes, 1, 120),
      help: "Silent renewal; at most half the credentials' life.",
    },
    {
      name: "renewalFloorSeconds",
      label: "Renew at most every (seconds)",
      input: number("renewalFloorSeconds", s.renewalFloorSeconds, 10, 3600),
    },
    {
      name: "renewalTimeoutSeconds",
      label: "Sign-in wait (seconds)",
      input: number("renewalTimeoutSeconds", s.renewalTimeoutSeconds, 10, 600),
      help: "No sign-in back from Entra ID in this time: it wants you.",
    },
  ];
}

function row(label: string, id: string, input: HTMLElement, help?: string): HTMLElement {
  return h(
    "div",
    { class: "row" },
    h("label", { for: id }, label),
    h("span", {}, input, help && h("span", { class: "muted" }, ` ${help}`)),
    h("span", { class: "problem", "data-problem": id.replace(/^opt-/, "") }),
  );
}

/** The per-role profile names, for the roles seen in earlier sign-ins (and any already named). */
function roleRows(s: Settings, known: RoleChoice[]): HTMLElement[] {
  const arns = [...new Set([...known.map((r) => r.roleArn), ...Object.keys(s.profileNames)])];
  return arns.map((arn, i) => {
    const role = known.find((r) => r.roleArn === arn);
    const input = h("input", {
      type: "text",
      id: `opt-role-${i}`,
      "data-role-arn": arn,
      value: s.profileNames[arn] ?? "",
      placeholder: "ask each time",
      spellcheck: "false",
      maxlength: PROFILE_NAME_MAX,
    });
    return row(role ? roleLabel(role) : (arn.split("/").pop() ?? arn), `opt-role-${i}`, input);
  });
}

export function buildForm(form: HTMLFormElement, s: Settings, known: RoleChoice[]): void {
  const roles = roleRows(s, known);
  form.replaceChildren(
    h("h2", {}, "Sign-in"),
    ...fields(s)
      .slice(0, 4)
      .map((f) => row(f.label, f.input.id, f.input, f.help)),
    h("h2", {}, "Profile per role"),
    roles.length
      ? h(
          "p",
          { class: "muted" },
          "A role with a name here is written automatically on sign-in, without asking.",
        )
      : h("p", { class: "muted" }, "Roles appear here after your first sign-in."),
    ...roles,
    h("span", { class: "problem", "data-problem": "profileNames" }),
    h("h2", {}, "Remote desktop and notices"),
    ...fields(s)
      .slice(4)
      .map((f) => row(f.label, f.input.id, f.input, f.help)),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "opt-save" }, "Save"),
      h("span", { class: "saved", id: "opt-saved", role: "status" }),
    ),
  );
}

export function readForm(form: HTMLFormElement): Settings {
  const v = (name: string) => form.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  const profileNames: Record<string, string> = {};
  for (const input of form.querySelectorAll<HTMLInputElement>("[data-role-arn]")) {
    const name = input.value.trim();
    if (name) profileNames[input.dataset.roleArn!] = name;
  }
  return {
    capture: v("capture").checked,
    profileTemplate: v("profileTemplate").value.trim(),
    defaultRegion: v("defaultRegion").value.trim(),
    allRoles: v("allRoles").checked,
    profileNames,
    localPort: v("localPort").valueAsNumber,
    launchRdp: v("launchRdp").checked,
    notifications: v("notifications").checked,
    expiryWarningMinutes: v("expiryWarningMinutes").valueAsNumber,
    renewalMarginMinutes: v("renewalMarginMinutes").valueAsNumber,
    renewalFloorSeconds: v("renewalFloorSeconds").valueAsNumber,
    renewalTimeoutSeconds: v("renewalTimeoutSeconds").valueAsNumber,
  };
}
