/** Profiles in the credentials file with live expiry countdowns and a warning before they lapse. */
import { expiryLevel, parseTime } from "../../shared/format";
import type { HostState } from "../../shared/state";
import { h } from "../dom";
import { countdown } from "../live-time";
import type { Panel } from "../panel";

const roleName = (arn: string | null) => (arn ? (arn.split("/").pop() ?? arn) : "—");
const account = (arn: string | null) => arn?.split(":")[4] ?? "";

function emptyText(profilesAt: number | null, host: HostState): string {
  if (profilesAt !== null) return "None yet. Profiles appear here after a sign-in.";
  if (host === "ok" || host === "unknown") return "Loading profiles…";
  return "Shown once the helper works (see above).";
}

export const profilesPanel: Panel = {
  id: "profiles",
  key: (s) => [
    s.state.profiles,
    s.state.selection?.profile,
    s.settings.expiryWarningMinutes,
    s.state.profilesAt === null,
    s.state.host.state,
  ],
  hidden: () => false,
  render: ({ status }) => {
    const { profiles, profilesAt, selection } = status.state;
    const warn = status.settings.expiryWarningMinutes;
    const title = h("h2", {}, "Profiles");
    if (!profiles.length)
      return [title, h("p", { class: "muted" }, emptyText(profilesAt, status.state.host.state))];
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
