/**
 * The role picker for a sign-in with several roles (issue: several → the popup's picker, with
 * "all roles" as a choice). A radio group in a fieldset, so arrow keys move between roles.
 */
import { accountLabel, accountNames } from "../../../../contract/account-label";
import type { RoleChoice } from "../../../../contract/domain";
import { PROFILE_NAME_MAX } from "../../../../contract/profile-name";
import { h } from "../../shared/dom";
import type { PendingChoice, Status } from "../../shared/state";
import { countdown } from "../live-time";
import type { Panel, PanelCtx } from "../panel";

const ALL = "__all__";

function option(value: string, label: string, detail: string | null, checked: boolean): HTMLElement {
  const id = `role-${value === ALL ? "all" : value.replace(/[^A-Za-z0-9]/g, "-")}`;
  return h(
    "label",
    // Roles are searchable (popup/find-bar.ts); "All roles" always stays.
    { class: "option", for: id, "data-find": value === ALL ? null : `${label} ${detail ?? ""} ${value}` },
    h("input", { type: "radio", name: "role", id, value, checked, "data-key": id }),
    h("span", {}, label, detail && h("span", { class: "muted" }, ` ${detail}`)),
  );
}

/** The role's own name if it has one; else empty, and the host names it from the template. */
const profileFor = (s: Status, role: RoleChoice | undefined) =>
  (role && s.settings.profileNames[role.roleArn]) || "";

function form(c: PanelCtx, pending: PendingChoice): HTMLFormElement {
  const { status } = c;
  const busy = status.state.busy.includes("assume");
  const profile = h("input", {
    type: "text",
    id: "pick-profile",
    name: "profile",
    value: profileFor(status, pending.roles[0]),
    placeholder: status.settings.profileTemplate,
    maxlength: PROFILE_NAME_MAX,
    spellcheck: "false",
    autocomplete: "off",
    "data-key": "pick-profile",
  });
  const remember = h("input", {
    type: "checkbox",
    id: "pick-remember",
    name: "remember",
    checked: true,
    "data-key": "pick-remember",
  });
  // Account names the host learned at earlier sign-ins (issue 11); the assertion carries only ids.
  const names = accountNames(status.state.profiles);
  const roles = pending.roles.map((r, i) =>
    option(r.roleArn, r.roleName, accountLabel(r.accountId, names.get(r.accountId)), i === 0),
  );
  const el = h(
    "form",
    { class: "picker", "aria-busy": busy ? "true" : "false" },
    h(
      "fieldset",
      {},
      h("legend", { class: "sr-only" }, "Role"),
      ...roles,
      option(ALL, "All roles", "one profile each", false),
    ),
    h("div", { class: "field" }, h("label", { for: "pick-profile" }, "Profile name"), profile),
    h(
      "label",
      { class: "check", for: "pick-remember" },
      remember,
      "Remember this choice for the next sign-ins",
    ),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "submit", class: "primary", disabled: busy, "data-key": "pick-submit" },
        busy ? "Writing…" : "Write profile",
      ),
      h(
        "button",
        {
          type: "button",
          disabled: busy,
          "data-key": "pick-cancel",
          onclick: () => void c.send({ type: "cancel-pick", pendingId: pending.id }),
        },
        "Cancel",
      ),
    ),
  );
  el.addEventListener("change", (e) => {
    const t = e.target as HTMLInputElement;
    if (t.name !== "role") return;
    profile.disabled = t.value === ALL;
    if (t.value !== ALL)
      profile.value = profileFor(
        status,
        pending.roles.find((r) => r.roleArn === t.value),
      );
  });
  el.addEventListener("submit", (e) => {
    e.preventDefault();
    const value = (el.elements.namedItem("role") as RadioNodeList).value;
    const base = { type: "pick" as const, pendingId: pending.id, remember: remember.checked };
    void c.send(
      value === ALL
        ? { ...base, allRoles: true }
        : {
            ...base,
            allRoles: false,
            roleArn: value,
            ...(profile.value.trim() ? { profile: profile.value.trim() } : {}),
          },
    );
  });
  return el;
}

export const pickerPanel: Panel = {
  id: "picker",
  key: (s) => [s.state.pending, s.state.busy.includes("assume"), [...accountNames(s.state.profiles)]],
  hidden: (s) => !s.state.pending,
  render: (c) => {
    const pending = c.status.state.pending!;
    const who = pending.sessionName ? ` for ${pending.sessionName}` : "";
    return [
      h("h2", {}, "Choose a role"),
      h(
        "p",
        { class: "muted" },
        `${pending.roles.length} roles${who}. This sign-in stays usable for `,
        countdown(pending.expiresAt, 1, c.status.now),
        ".",
      ),
      form(c, pending),
    ];
  },
};
