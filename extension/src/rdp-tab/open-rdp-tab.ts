/** "Open in browser" for an open RDP tunnel: a new tab with the RDP page (docs/rdp-in-browser.md). */
import browser from "webextension-polyfill";
import type { TunnelInfo } from "../../../contract/tunnel-info";
import { connectionQuery, instanceQuery } from "./tab-target";

const RDP_PORT = 3389;

export function canOpenRdpTab(t: TunnelInfo): boolean {
  return t.state === "open" && t.remotePort === RDP_PORT;
}

export function openRdpTab(t: TunnelInfo): void {
  const q = new URLSearchParams({ tunnel: t.id, name: t.instanceName ?? t.target });
  void browser.tabs.create({ url: browser.runtime.getURL(`rdp.html?${q}`) });
}

/** "Open in browser" beside Connect (RDP): the tab opens the tunnel itself (tab-target.ts). */
export function openRdpTabForInstance(
  instance: string,
  profile: string,
  region: string | null,
  label: string,
): void {
  void browser.tabs.create({
    url: browser.runtime.getURL(`rdp.html?${instanceQuery(instance, profile, region, label)}`),
  });
}

/** "Open in browser" on a saved RDP connection: the tab opens the connection itself (tab-target.ts). */
export function openRdpTabForConnection(name: string): void {
  void browser.tabs.create({ url: browser.runtime.getURL(`rdp.html?${connectionQuery(name)}`) });
}
