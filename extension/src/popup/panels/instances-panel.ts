/** The profile/region selector and that profile's Windows instances, each with Connect (RDP) and Open in browser. */
import type { InstanceInfo } from "../../../../contract/domain";
import { isRegion } from "../../../../contract/identifiers";
import { openRdpTabForInstance } from "../../rdp-tab/open-rdp-tab";
import { h } from "../../shared/dom";
import type { Status } from "../../shared/state";
import { listedAccount } from "../listed-account";
import type { Panel, PanelCtx } from "../panel";

/** Windows instances only (design §1 step 4); an instance whose platform SSM does not report stays listed. */
const isWindows = (i: InstanceInfo) => i.platformType === null || i.platformType === "Windows";

function selector(c: PanelCtx): HTMLElement {
  const { profiles, selection } = c.status.state;
  const profile = h(
    "select",
    { id: "sel-profile", "data-key": "sel-profile" },
    ...profiles.map((p) =>
      h("option", { value: p.profile, selected: p.profile === selection?.profile }, p.profile),
    ),
  );
  const region = h("input", {
    id: "sel-region",
    type: "text",
    value: selection?.region ?? "",
    placeholder: "profile's region",
    size: 14,
    spellcheck: "false",
    "data-key": "sel-region",
  });
  const apply = () => {
    const r = region.value.trim();
    if (r && !isRegion(r)) return region.setCustomValidity("A region code like eu-west-1");
    region.setCustomValidity("");
    const chosen = profiles.find((p) => p.profile === profile.value);
    const regionOut = r || chosen?.region || null;
    void c.send({ type: "select", profile: profile.value, region: regionOut });
  };
  profile.addEventListener("change", () => {
    region.value = profiles.find((p) => p.profile === profile.value)?.region ?? "";
    apply();
  });
  region.addEventListener("change", apply);
  const refresh = h(
    "button",
    {
      type: "button",
      class: "small",
      "data-key": "refresh",
      onclick: () => void c.send({ type: "refresh" }),
    },
    "Refresh",
  );
  return h(
    "div",
    { class: "selector" },
    h("label", { for: "sel-profile" }, "Profile"),
    profile,
    h("label", { for: "sel-region" }, "Region"),
    region,
    refresh,
  );
}

function row(c: PanelCtx, i: InstanceInfo, busy: boolean, account: string): HTMLElement {
  const online = i.pingStatus === "Online";
  const label = i.name ?? i.computerName ?? i.instanceId;
  return h(
    "li",
    {
      class: "instance",
      "data-instance": i.instanceId,
      // What the search matches (issue 11): Name tag, computer name, id, address, platform.
      "data-find": [i.name, i.computerName, i.instanceId, i.ipAddress, i.platformName]
        .filter(Boolean)
        .join(" "),
    },
    h("span", { class: "dot", "data-state": online ? "ok" : "missing", "aria-hidden": "true" }),
    h(
      "span",
      { class: "grow" },
      h("strong", {}, label),
      h("br"),
      h("span", { class: "muted mono" }, i.instanceId),
      h("span", { class: "muted" }, ` · ${i.pingStatus}`),
      account && h("span", { class: "muted", "data-testid": "instance-account" }, ` · ${account}`),
    ),
    h(
      "button",
      {
        type: "button",
        class: "primary",
        disabled: busy || !online,
        title: online ? null : "The SSM agent is not online",
        "aria-label": `Connect (RDP) to ${label}`,
        "data-key": `connect-${i.instanceId}`,
        onclick: () => void c.send({ type: "connect", instanceId: i.instanceId }),
      },
      "Connect (RDP)",
    ),
    inBrowserButton(c, i, label, busy || !online),
  );
}

/** Open in browser: the RDP tab opens its own tunnel to the instance (docs/rdp-in-browser.md). */
function inBrowserButton(c: PanelCtx, i: InstanceInfo, label: string, disabled: boolean): HTMLElement | null {
  const sel = c.status.state.selection;
  if (!sel) return null;
  return h(
    "button",
    {
      type: "button",
      disabled,
      "aria-label": `Open ${label} in a browser tab`,
      "data-key": `open-tab-instance-${i.instanceId}`,
      onclick: () => openRdpTabForInstance(i.instanceId, sel.profile, sel.region, label),
    },
    "Open in browser",
  );
}

function list(c: PanelCtx, s: Status): HTMLElement {
  const view = s.state.instances;
  const windows = (view?.list ?? []).filter(isWindows);
  if (!view || (view.loading && view.fetchedAt === null))
    return h("p", { class: "muted list", "aria-busy": "true" }, "Loading instances…");
  if (view.fetchedAt === null)
    return h(
      "p",
      { class: "muted list" },
      "The instances could not be listed; the message above says why. Try Refresh.",
    );
  if (!windows.length)
    return h(
      "p",
      { class: "muted list" },
      `No SSM-managed Windows instances for ${view.profile}${view.region ? ` in ${view.region}` : ""}.`,
    );
  const busy = s.state.busy.includes("tunnel");
  const account = listedAccount(s.state.profiles, view.profile);
  return h(
    "ul",
    { class: "rows list", "aria-busy": view.loading ? "true" : "false" },
    ...windows.map((i) => row(c, i, busy, account)),
  );
}

export const instancesPanel: Panel = {
  id: "instances",
  key: (s) => [
    s.state.instances,
    s.state.selection,
    s.state.profiles.map((p) => [p.profile, p.region, p.roleArn, p.accountAlias]),
    s.state.busy.includes("tunnel"),
    s.state.host.capabilities.includes("instances.list"),
  ],
  hidden: (s) => s.state.profiles.length === 0,
  render: (c) => {
    const title = h("h2", {}, "Windows instances");
    const host = c.status.state.host;
    if (host.state === "ok" && !host.capabilities.includes("instances.list"))
      return [
        title,
        h("p", { class: "muted" }, "This helper version cannot list instances; update bastionless."),
      ];
    return [title, selector(c), list(c, c.status)];
  },
};
