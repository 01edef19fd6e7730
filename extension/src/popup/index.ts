/**
 * The popup: renders the one Status object the background owns (style §14) and sends user actions
 * back. It holds a runtime port while open, on which the background pushes every change.
 */
import browser from "webextension-polyfill";
import { replaceContent } from "../shared/dom";
import type { Status } from "../shared/state";
import { POPUP_PORT, type UiReply, type UiRequest } from "../shared/ui-messages";
import { startFindBar } from "./find-bar";
import { tickLiveTimes } from "./live-time";
import type { Panel } from "./panel";
import { connectionsPanel } from "./panels/connections-panel";
import { errorPanel } from "./panels/error-panel";
import { heldPanel } from "./panels/held-panel";
import { hostPanel } from "./panels/host-panel";
import { instancesPanel } from "./panels/instances-panel";
import { pickerPanel } from "./panels/picker-panel";
import { profilesPanel } from "./panels/profiles-panel";
import { refusalPanel } from "./panels/refusal-panel";
import { refusedPanel } from "./panels/refused-panel";
import { renewalPanel } from "./panels/renewal-panel";
import { signinPanel } from "./panels/signin-panel";
import { tunnelsPanel } from "./panels/tunnels-panel";
import { startTunnelsFirst } from "./tunnels-first";

const PANELS: Panel[] = [
  hostPanel,
  errorPanel,
  heldPanel,
  refusalPanel,
  pickerPanel,
  signinPanel,
  refusedPanel,
  profilesPanel,
  connectionsPanel,
  renewalPanel,
  instancesPanel,
  tunnelsPanel,
];
const lastKeys = new Map<string, string>();

async function send(request: UiRequest): Promise<void> {
  const reply = (await browser.runtime.sendMessage(request)) as UiReply | undefined;
  if (reply) render(reply.status);
}

function render(status: Status): void {
  for (const panel of PANELS) {
    const section = document.getElementById(panel.id);
    if (!section) continue;
    const hidden = panel.hidden(status);
    section.hidden = hidden;
    const key = JSON.stringify([hidden, panel.key(status)]);
    if (lastKeys.get(panel.id) === key) continue;
    lastKeys.set(panel.id, key);
    replaceContent(section, ...(hidden ? [] : panel.render({ status, send })));
  }
  document.body.dataset.busy = status.state.busy.join(" ");
  document.getElementById("version")!.textContent = `extension ${status.extensionVersion}`;
  document.body.dataset.ready = "true";
  tickLiveTimes(document, Date.now());
}

/**
 * The port to the background. A stopped or restarted worker drops it; the popup connects again,
 * which also wakes the worker, so pushes resume without the user reopening the popup.
 */
function listen(): void {
  const port = browser.runtime.connect({ name: POPUP_PORT });
  port.onMessage.addListener((m: unknown) => {
    const status = (m as { status?: Status } | null)?.status;
    if (status) render(status);
  });
  port.onDisconnect.addListener(() => setTimeout(listen, 250));
}

function start(): void {
  startTunnelsFirst(document);
  startFindBar(document);
  listen();
  document.getElementById("options-link")!.addEventListener("click", (e) => {
    e.preventDefault();
    void browser.runtime.openOptionsPage();
  });
  void send({ type: "status" });
  setInterval(() => tickLiveTimes(document, Date.now()), 1000);
}

start();
