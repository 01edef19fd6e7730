/**
 * A profile the host would not write because bastionless does not own it (issue 11): what holds
 * it, as the host said, and the user's explicit choice. "Replace it" is offered only while the
 * sign-in can still be used (the assertion's NotOnOrAfter); after that, sign in again.
 */
import { displayText } from "../../shared/display-text";
import { h } from "../../shared/dom";
import type { Status } from "../../shared/state";
import { countdown } from "../live-time";
import type { Panel } from "../panel";

/** Whether "Replace it" can still work: the assertion is held and AWS still accepts it. */
export const canReplace = (s: Status): boolean =>
  !!s.state.refusal?.usable && s.state.refusal.expiresAt > s.now;

export const refusalPanel: Panel = {
  id: "refusal",
  key: (s) => [s.state.refusal ?? null, canReplace(s), s.state.busy.includes("assume")],
  hidden: (s) => !s.state.refusal,
  render: ({ status, send }) => {
    const r = status.state.refusal!;
    const usable = canReplace(status);
    const busy = status.state.busy.includes("assume");
    const one = r.problems.length === 1;
    return [
      h("h2", {}, one ? "Profile not replaced" : `${r.problems.length} profiles not replaced`),
      ...r.problems.map((p) =>
        h("p", { "data-testid": "refusal-message", "data-code": p.code }, displayText(p.message)),
      ),
      r.problems[0]?.hint && h("p", { class: "hint" }, displayText(r.problems[0].hint)),
      usable
        ? h(
            "p",
            { class: "muted" },
            "Replace it only if you no longer need what it holds: its old section is saved to a backup file first. Possible for ",
            countdown(r.expiresAt, 1, status.now),
            ".",
          )
        : h(
            "p",
            { class: "warning", "data-testid": "refusal-expired" },
            "This sign-in can no longer be used: sign in again, then choose Replace it.",
          ),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "primary",
            disabled: busy || !usable,
            "data-key": "refusal-replace",
            onclick: () => void send({ type: "replace-profile", refusalId: r.id }),
          },
          usable ? (one ? "Replace it" : "Replace them") : "Sign in again to replace it",
        ),
        h(
          "button",
          {
            type: "button",
            disabled: busy,
            "data-key": "refusal-keep",
            onclick: () => void send({ type: "keep-profile", refusalId: r.id }),
          },
          usable ? (one ? "Keep it" : "Keep them") : "Dismiss",
        ),
      ),
    ];
  },
};
