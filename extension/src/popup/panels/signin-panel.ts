/** The last sign-in: who, when, which roles, and what was written for it. */

import { h } from "../../shared/dom";
import { formatAgo, roleLabel } from "../../shared/format";
import type { Panel } from "../panel";

export const MY_APPS = "https://myapps.microsoft.com/";

export const signinPanel: Panel = {
  id: "signin",
  key: (s) => [s.state.lastSignIn, s.state.busy.includes("sign-in"), Math.floor(s.now / 60_000)],
  hidden: () => false,
  render: ({ status }) => {
    const last = status.state.lastSignIn;
    const busy = status.state.busy.includes("sign-in");
    // The heading carries the busy note, so the panel keeps its height while a sign-in is handled.
    const title = h(
      "h2",
      { "aria-busy": busy ? "true" : "false" },
      "Last sign-in",
      busy && h("span", { class: "busy-note" }, " · working…"),
    );
    if (!last && busy) return [title, h("p", { class: "muted" }, "Reading the sign-in…")];
    if (!last) {
      return [
        title,
        h(
          "p",
          { class: "muted" },
          "None yet. Open ",
          h("a", { href: MY_APPS, target: "_blank", rel: "noreferrer" }, "My Apps"),
          " and choose the AWS app; bastionless picks the sign-in up.",
        ),
      ];
    }
    const host = new URL(last.url).hostname;
    return [
      title,
      h(
        "p",
        { "data-testid": "signin-who" },
        h("strong", {}, last.sessionName ?? "Unknown user"),
        ` · ${formatAgo(last.at, status.now)} · via ${host}`,
      ),
      h(
        "p",
        { class: "muted roles" },
        last.roles.length === 0
          ? "No AWS roles in this sign-in."
          : `${last.roles.length} ${last.roles.length === 1 ? "role" : "roles"}: ${last.roles.map(roleLabel).join(", ")}`,
      ),
      // e.g. STS refused the assertion's SessionDuration and a shorter one was used (design §4).
      ...last.written
        .filter((w) => w.durationNote)
        .map((w) => h("p", { class: "warning" }, `${w.profile}: ${w.durationNote}`)),
    ];
  },
};
