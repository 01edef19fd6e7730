/** Profiles in the credentials file with live expiry countdowns and a warning before they lapse. */

import type { ProfileInfo } from "../../../../contract/domain";
import { h } from "../../shared/dom";
import { expiryLevel, parseTime } from "../../shared/format";
import type { State } from "../../shared/state";
import { countdown } from "../live-time";
import type { Panel, PanelCtx } from "../panel";

const roleName = (arn: string | null) => (arn ? (arn.split("/").pop() ?? arn) : "—");
const account = (arn: string | null) => arn?.split(":")[4] ?? "";

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
      disabled: busy || p.expired,
      title: p.expired ? "Expired: sign in again from My Apps" : null,
      "aria-label": `Open the AWS console as ${p.profile}`,
      "data-key": `console-${p.profile}`,
      onclick: () => void send({ type: "open-console", profile: p.profile }),
    },
    "Open console",
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
  render: ({ status, send }) => {
    const { profiles, selection } = status.state;
    const warn = status.settings.expiryWarningMinutes;
    const title = h("h2", {}, "Profiles");
    if (!profiles.length) return [title, h("p", { class: "muted" }, emptyText(status.state))];
    const soon = profiles.filter((p) => expiryLevel(parseTime(p.expiration), status.now, warn) === "warning");
    const rows = profiles.map((p) =>
      h(
        "tr",
        { "data-profile": p.profile, class: p.profile === selection?.profile ? "selected" : null },
        h("th", { scope: "row" }, p.profile),
        h("td", {}, roleName(p.roleArn), h("span", { class: "muted" }, ` ${account(p.roleArn)}`)),
        h("td", {}, p.region ?? "—"),
        h("td", { class: "num" }, countdown(parseTime(p.expiration), warn, status.now)),
        h("td", {}, consoleButton(p, status.state.busy.includes("console"), send)),
      ),
    );
    return [
      title,
      h(
        "table",
        { class: "grid" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Profile"),
            h("th", { scope: "col" }, "Role"),
            h("th", { scope: "col" }, "Region"),
            h("th", { scope: "col", class: "num" }, "Expires in"),
            h("th", { scope: "col", "aria-label": "Console" }),
          ),
        ),
        h("tbody", {}, ...rows),
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
