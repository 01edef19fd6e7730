/**
 * Silent renewal per sign-in source (issue 12): when the next renewal is, what the last one did,
 * Renew now, and Sign in when Entra wants the user. Hidden until there is a source.
 */
import { h } from "../../shared/dom";
import { formatClock } from "../../shared/format";
import type { SourceRecord } from "../../shared/renewal";
import { timingOf } from "../../shared/renewal";
import { nextRenewalAt } from "../../shared/renewal-schedule";
import type { Status } from "../../shared/state";
import type { Panel, PanelCtx } from "../panel";

const LAST: Record<string, string> = {
  renewed: "renewed",
  "interaction-required": "Entra ID wanted you to sign in",
  failed: "failed",
};

function stateLine(r: SourceRecord, s: Status): string {
  const on = Boolean(s.renewal?.enabled && r.source.renew);
  if (r.run.phase === "running") return "Renewing now…";
  if (r.run.phase === "needs-user") return "Sign in needed: renewal waits for you.";
  if (!on) return "Silent renewal is off.";
  const next = nextRenewalAt(r.run, on, timingOf(s.settings));
  return next === null ? "Renews after the next sign-in." : `Next renewal at ${formatClock(next)}.`;
}

function row(r: SourceRecord, { status, send }: PanelCtx): HTMLElement {
  const last = r.run.last;
  const id = r.source.id;
  return h(
    "li",
    { "data-source": id, "data-phase": r.run.phase },
    h("strong", {}, r.source.name),
    h("p", { "data-testid": "renewal-state" }, stateLine(r, status)),
    last &&
      h(
        "p",
        { class: last.outcome === "renewed" ? "muted" : "warning", "data-testid": "renewal-last" },
        `Last: ${LAST[last.outcome]} at ${formatClock(last.at)}${last.message && last.outcome !== "renewed" ? ` (${last.message})` : ""}`,
      ),
    r.run.phase === "needs-user"
      ? h(
          "button",
          {
            type: "button",
            class: "primary",
            "data-key": `sign-in-${id}`,
            onclick: () => void send({ type: "renewal-sign-in", sourceId: id }),
          },
          "Sign in",
        )
      : h(
          "button",
          {
            type: "button",
            "data-key": `renew-${id}`,
            disabled: r.run.phase === "running",
            onclick: () => void send({ type: "renew-now", sourceId: id }),
          },
          "Renew now",
        ),
  );
}

export const renewalPanel: Panel = {
  id: "renewal",
  key: (s) => [s.renewal, s.settings.renewalMarginMinutes, s.settings.renewalFloorSeconds],
  hidden: (s) => !s.renewal?.records.length,
  render: (c) => [
    h("h2", {}, "Renewal"),
    h("ul", { class: "rows" }, ...c.status.renewal!.records.map((r) => row(r, c))),
  ],
};
