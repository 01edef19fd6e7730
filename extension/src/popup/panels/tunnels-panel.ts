/** Active tunnels: instance, local port, duration, bytes, state, Stop, and Open in browser for RDP. */
import { accountLabel, accountNames } from "../../../../contract/account-label";
import { formatBytes } from "../../../../contract/byte-size";
import type { TunnelInfo } from "../../../../contract/tunnel-info";
import { canOpenRdpTab, openRdpTab } from "../../rdp-tab/open-rdp-tab";
import { h } from "../../shared/dom";
import { parseTime } from "../../shared/format";
import { copyButton } from "../copy-button";
import { elapsed } from "../live-time";
import type { Panel, PanelCtx } from "../panel";

const STATE_TEXT: Record<TunnelInfo["state"], string> = {
  starting: "Starting",
  open: "Open",
  reconnecting: "Reconnecting",
  closed: "Closed",
  failed: "Failed",
};

function row(c: PanelCtx, t: TunnelInfo, names: ReadonlyMap<string, string>): HTMLElement {
  const name = t.instanceName ?? t.target;
  const live = isLive(t);
  return h(
    "li",
    { class: "tunnel", "data-tunnel": t.id, "data-state": t.state },
    h("span", {
      class: "dot",
      "data-state": t.state === "open" ? "ok" : live ? "unknown" : "missing",
      "aria-hidden": "true",
    }),
    h(
      "span",
      { class: "grow" },
      h("strong", {}, name),
      h("span", { class: "muted" }, ` ${STATE_TEXT[t.state]}`),
      h("br"),
      h("span", { class: "mono", "data-testid": "tunnel-address" }, `127.0.0.1:${t.localPort}`),
      h(
        "span",
        { class: "muted" },
        " · ",
        elapsed(parseTime(t.since) ?? c.status.now, c.status.now),
        ` · ↓ ${formatBytes(t.bytesIn)} ↑ ${formatBytes(t.bytesOut)}`,
      ),
      h(
        "span",
        { class: "muted block", "data-testid": "tunnel-account" },
        [t.profile, accountLabel(t.accountId, t.accountAlias ?? names.get(t.accountId ?? ""))]
          .filter(Boolean)
          .join(" · "),
      ),
      t.lastError && h("span", { class: "warning block" }, t.lastError.message),
    ),
    live &&
      h(
        "button",
        {
          type: "button",
          "aria-label": `Stop the tunnel to ${name}`,
          "data-key": `stop-${t.id}`,
          onclick: () => void c.send({ type: "stop", tunnelId: t.id }),
        },
        "Stop",
      ),
    // After Stop, so Stop stays the row's first button (keyboard order users already know).
    canOpenRdpTab(t) &&
      h(
        "button",
        {
          type: "button",
          "aria-label": `Open ${name} in a browser tab`,
          "data-key": `open-tab-${t.id}`,
          onclick: () => openRdpTab(t),
        },
        "Open in browser",
      ),
    // A line of its own under the row (ui.css), after Stop in the keyboard order.
    live && rowActions(c, t, name),
  );
}

/** Issue 11: a tunnel row has Open RDP again and Copy address. */
function rowActions(c: PanelCtx, t: TunnelInfo, name: string): HTMLElement {
  const address = `127.0.0.1:${t.localPort}`;
  return h(
    "span",
    { class: "actions" },
    t.remotePort === 3389 &&
      h(
        "button",
        {
          type: "button",
          class: "small",
          disabled: t.state !== "open" || c.status.state.busy.includes("tunnel"),
          "aria-label": `Open the RDP client for ${name} again`,
          "data-key": `reopen-${t.id}`,
          onclick: () => void c.send({ type: "reopen-rdp", tunnelId: t.id }),
        },
        "Open RDP again",
      ),
    copyButton(address, "Copy address", {
      "aria-label": `Copy ${address}`,
      "data-key": `copy-address-${t.id}`,
    }),
  );
}

/** Live tunnels first (newest first), then the failed ones kept to say why. */
const isLive = (t: TunnelInfo) => t.state !== "closed" && t.state !== "failed";
const liveFirst = (tunnels: readonly TunnelInfo[]) =>
  [...tunnels].sort((a, b) => Number(isLive(b)) - Number(isLive(a)) || b.since.localeCompare(a.since));

export const tunnelsPanel: Panel = {
  id: "tunnels",
  key: (s) => [s.state.tunnels, s.state.busy.includes("tunnel"), [...accountNames(s.state.profiles)]],
  hidden: (s) => s.state.tunnels.length === 0 && s.state.profiles.length === 0,
  render: (c) => {
    const { tunnels } = c.status.state;
    const title = h("h2", {}, "Tunnels");
    if (!tunnels.length)
      return [
        title,
        h(
          "p",
          { class: "muted" },
          "No tunnels. Connect to an instance above; tunnels keep running when this popup closes.",
        ),
      ];
    return [
      title,
      h(
        "ul",
        { class: "rows" },
        ...liveFirst(tunnels).map((t) => row(c, t, accountNames(c.status.state.profiles))),
      ),
    ];
  },
};
