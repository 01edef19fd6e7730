/** The header's helper status: is the native host there, and which version. */

import { h } from "../../shared/dom";
import type { HostState } from "../../shared/state";
import type { Panel } from "../panel";

const TEXT: Record<HostState, (v: string | null) => string> = {
  unknown: () => "Checking helper…",
  ok: (v) => `Helper ${v ?? ""}`.trim(),
  missing: () => "Helper not installed",
  forbidden: () => "Helper not set up for this browser",
  outdated: (v) => `Helper ${v ?? ""} is outdated`.replace("  ", " "),
  failing: () => "Helper not responding",
};

export const hostPanel: Panel = {
  id: "host",
  key: (s) => [s.state.host.state, s.state.host.version],
  hidden: () => false,
  render: ({ status }) => {
    const { state, version } = status.state.host;
    return [
      h("span", { class: "dot", "data-state": state, "aria-hidden": "true" }),
      h("span", { "data-testid": "host-status" }, TEXT[state](version)),
    ];
  },
};
