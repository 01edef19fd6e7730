/**
 * The RDP tab (issue 15, docs/rdp-in-browser.md): rdp.html?tunnel=ID. The user's credentials
 * stay in this page and go to the wasm client only; the host gives a gateway ticket into the
 * tunnel. The page states what it is doing in #status[data-state] (idle, connecting, connected,
 * failed, disconnected), which the e2e test reads.
 */
import type { Session } from "ironrdp-wasm";
import { textOf } from "./clipboard-text";
import { openTicket, type TicketLink } from "./host-ticket";
import { attachInput, sendCtrlAltDel } from "./input";
import { connectRdp, describeFailure } from "./rdp-session";
import { desktopSizeFor, fitInto, settleResizes } from "./resize-to-tab";
import { type TabTarget, tabTarget } from "./tab-target";

type State = "idle" | "connecting" | "connected" | "failed" | "disconnected";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>("login");
const status = $<HTMLParagraphElement>("status");
const canvas = $<HTMLCanvasElement>("screen");
/** What this tab connects to (tab-target.ts), or why its URL names nothing it can use. */
const target: TabTarget | string = (() => {
  try {
    return tabTarget(new URLSearchParams(location.search));
  } catch (err) {
    return `This tab's address names no tunnel or instance (${(err as Error).message}): open it from the popup.`;
  }
})();
const label = new URLSearchParams(location.search).get("name");
if (label) {
  $("title").textContent = label;
  document.title = `${label} — bastionless RDP`;
}

let link: TicketLink | null = null;
let session: Session | null = null;
/** The server's last copied text not yet written to the local clipboard (the tab had no focus). */
let remoteText: string | null = null;

const tabSize = () => ({ width: window.innerWidth, height: window.innerHeight });

/** The desktop scaled down to fit the tab when the server keeps its own size (resize-to-tab.ts). */
function fitCanvas(): void {
  const f = fitInto({ width: canvas.width, height: canvas.height }, tabSize());
  canvas.style.width = `${f.width}px`;
  canvas.style.height = `${f.height}px`;
}

/**
 * Remote → local. Chromium lets an extension page with the clipboardWrite permission write
 * without a user gesture, but only while the document has focus; otherwise the text waits for it.
 */
async function writeRemoteText(): Promise<void> {
  const text = remoteText;
  if (text === null) return;
  try {
    await navigator.clipboard.writeText(text);
    if (remoteText === text) remoteText = null;
    status.dataset.clipboard = "written";
  } catch {
    status.dataset.clipboard = "waiting-for-focus";
  }
}
window.addEventListener("focus", () => void writeRemoteText());
// IronRDP sets the canvas's width and height to the server's desktop size (rdp-session.ts).
new MutationObserver(fitCanvas).observe(canvas, { attributeFilter: ["width", "height"] });

const requestSize = settleResizes(
  { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
  desktopSizeFor(tabSize()),
  (s) => session?.resize(s.width, s.height),
);
window.addEventListener("resize", () => {
  fitCanvas();
  requestSize(tabSize());
});

function show(state: State, text: string): void {
  status.dataset.state = state;
  status.textContent = text;
  const live = state === "connected";
  canvas.hidden = !live;
  $("toolbar").hidden = !live;
  form.hidden = live;
  $<HTMLButtonElement>("connect").textContent =
    state === "disconnected" || state === "failed" ? "Reconnect" : "Connect";
  $<HTMLButtonElement>("connect").disabled = state === "connecting";
}

function end(state: "failed" | "disconnected", text: string): void {
  session = null;
  link?.close();
  link = null;
  show(state, text);
}

async function start(): Promise<void> {
  const data = new FormData(form);
  const password = String(data.get("password") ?? "");
  // The password field is cleared at once: the page keeps no copy beyond this call.
  $<HTMLInputElement>("password").value = "";
  show("connecting", "Connecting…");
  try {
    if (typeof target === "string") throw new Error(target);
    link = await openTicket(target, (e) => {
      if (session && e) session.shutdown();
    });
    const size = desktopSizeFor(tabSize());
    canvas.width = size.width;
    canvas.height = size.height;
    const s = await connectRdp(
      link.ticket,
      { username: String(data.get("username") ?? ""), password, domain: String(data.get("domain") ?? "") },
      canvas,
      size,
      {
        remoteClipboard: (d) => {
          remoteText = textOf(d) ?? remoteText;
          void writeRemoteText();
        },
      },
    );
    session = s;
    attachInput(canvas, s);
    show("connected", "Connected");
    fitCanvas();
    canvas.focus();
    s.run().then(
      (info) => end("disconnected", `Disconnected: ${info.reason()}`),
      (err) => end("disconnected", `Disconnected: ${describeFailure(err).message}`),
    );
  } catch (err) {
    const f = describeFailure(err);
    status.dataset.kind = f.kind;
    if (f.httpStatus !== null) status.dataset.httpStatus = String(f.httpStatus);
    end("failed", `Could not connect (${f.kind}): ${f.message}`);
  }
}

$("cad").addEventListener("click", () => {
  if (session) sendCtrlAltDel(session);
  canvas.focus();
});
$("fullscreen").addEventListener("click", () => void canvas.requestFullscreen());
$("disconnect").addEventListener("click", () => session?.shutdown());

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  void start();
});
show("idle", typeof target === "string" ? target : "");
$<HTMLButtonElement>("connect").disabled = typeof target === "string";
