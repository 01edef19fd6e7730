/**
 * Profiles bastionless wrote, with live expiry countdowns and a warning before they lapse. Each
 * profile is one row group (issue 11, "Popup that scales"): name, role, account name and
 * region, expiry; then its actions: show its instances, Open console, copy the export line for
 * sh or PowerShell, and sign in again. The text wraps, so nothing overflows the popup's width.
 */

import { accountLabel, accountOfArn } from "../../../../contract/account-label";
import type { ProfileInfo } from "../../../../contract/domain";
import { h } from "../../shared/dom";
import { expiryLevel, parseTime } from "../../shared/format";
import type { State } from "../../shared/state";
import { copyButton } from "../copy-button";
import { exportLine } from "../export-line";
import { countdown } from "../live-time";
import type { Panel, PanelCtx } from "../panel";
import { MY_APPS } from "./signin-panel";

const roleName = (arn: string | null) => (arn ? (arn.split("/").pop() ?? arn) : "—");

/** What the empty table says: a failed first load (a host time-out, say) must not read "Loading" for ever. */
export function emptyText(s: Pick<State, "profilesAt" | "host" | "busy" | "error">): string {
  if (s.profilesAt !== null) return "None yet. Profiles appear here after a sign-in.";
  if (s.host.state !== "ok" && s.host.state !== "unknown") return "Shown once the helper works (see above).";
  if (s.error && !s.busy.includes("profiles"))
    return "The profiles could not be read; the message above says why.";
  return "Loading profiles…";
}

/** Open console (issue 11): the background asks the host for a login URL and opens it in a tab. */
function consoleButton(p: ProfileInfo, busy: boolean, send: PanelCtx["send"]): HTMLElement {
  return h(
    "button",
    {
      type: "button",
      class: "small",
      disabled: busy || p.expired,
      title: p.expired ? "Expired: sign in again from My Apps" : null,
      "aria-label": `Open the AWS console as ${p.profile}`,
      "data-key": `console-${p.profile}`,
      onclick: () => void send({ type: "open-console", profile: p.profile }),
    },
    "Open console",
  );
}

function actions(c: PanelCtx, p: ProfileInfo): HTMLElement {
  const busy = c.status.state.busy.includes("console");
  return h(
    "div",
    { class: "actions" },
    h(
      "button",
      {
        type: "button",
        class: "small",
        "aria-label": `Show the instances of ${p.profile}`,
        "data-key": `instances-${p.profile}`,
        onclick: () => void c.send({ type: "select", profile: p.profile, region: p.region }),
      },
      "Instances",
    ),
    consoleButton(p, busy, c.send),
    copyButton(exportLine(p.profile, "sh"), "Copy export", {
      "aria-label": `Copy export AWS_PROFILE=${p.profile}`,
      "data-key": `export-sh-${p.profile}`,
    }),
    copyButton(exportLine(p.profile, "powershell"), "PowerShell", {
      "aria-label": `Copy the PowerShell line for ${p.profile}`,
      "data-key": `export-ps-${p.profile}`,
    }),
    h(
      "a",
      {
        class: "button small",
        href: MY_APPS,
        target: "_blank",
        rel: "noreferrer",
        title: "Opens My Apps: choose the AWS app and bastionless writes this profile again",
        "data-key": `signin-${p.profile}`,
      },
      "Sign in again",
    ),
  );
}

function group(c: PanelCtx, p: ProfileInfo): HTMLElement {
  const { selection } = c.status.state;
  const warn = c.status.settings.expiryWarningMinutes;
  const account = accountLabel(accountOfArn(p.roleArn), p.accountAlias);
  const where = [account, p.region].filter(Boolean).join(" · ");
  return h(
    "tbody",
    { "data-find": [p.profile, roleName(p.roleArn), account, p.region].join(" ") },
    h(
      "tr",
      { "data-profile": p.profile, class: p.profile === selection?.profile ? "selected" : null },
      h("th", { scope: "row" }, p.profile),
      h("td", {}, roleName(p.roleArn), h("span", { class: "muted block", "data-testid": "account" }, where)),
      h("td", { class: "num" }, countdown(parseTime(p.expiration), warn, c.status.now)),
    ),
    h("tr", { class: "row-actions" }, h("td", { colspan: 3 }, actions(c, p))),
  );
}

export const profilesPanel: Panel = {
  id: "profiles",
  key: (s) => [
    s.state.profiles,
    s.state.selection?.profile,
    s.settings.expiryWarningMinutes,
    s.state.profiles.length === 0 && emptyText(s.state),
    s.state.busy.includes("console"),
  ],
  hidden: () => false,
  render: (c) => {
    const { status } = c;
    const { profiles } = status.state;
    const warn = status.settings.expiryWarningMinutes;
    const title = h("h2", {}, "Profiles");
    if (!profiles.length) return [title, h("p", { class: "muted" }, emptyText(status.state))];
    const soon = profiles.filter((p) => expiryLevel(parseTime(p.expiration), status.now, warn) === "warning");
    return [
      title,
      h(
        "table",
        { class: "grid profiles" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Profile"),
            h("th", { scope: "col" }, "Role · account"),
            h("th", { scope: "col", class: "num" }, "Expires in"),
          ),
        ),
        ...profiles.map((p) => group(c, p)),
      ),
      soon.length > 0 &&
        h(
          "p",
          { class: "warning", role: "status" },
          `${soon.map((p) => p.profile).join(", ")} ${soon.length === 1 ? "expires" : "expire"} soon. Sign in again from My Apps to renew.`,
        ),
    ];
  },
};
