/** Profiles in the credentials file with live expiry countdowns and a warning before they lapse. */

import { h } from "../../shared/dom";
import { expiryLevel, parseTime } from "../../shared/format";
import type { State } from "../../shared/state";
import { countdown } from "../live-time";
import type { Panel } from "../panel";

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

export const profilesPanel: Panel = {
  id: "profiles",
  key: (s) => [
    s.state.profiles,
    s.state.selection?.profile,
    s.settings.expiryWarningMinutes,
    s.state.profiles.length === 0 && emptyText(s.state),
  ],
  hidden: () => false,
  render: ({ status }) => {
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
