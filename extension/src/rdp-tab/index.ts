/**
 * The RDP tab (issue 15, docs/rdp-in-browser.md): rdp.html?tunnel=ID. The user's credentials
 * stay in this page and go to the wasm client only; the host gives a gateway ticket into the
 * tunnel. The page states what it is doing in #status[data-state] (idle, connecting, connected,
 * failed, disconnected), which the e2e test reads.
 */
import type { Session } from "ironrdp-wasm";
import { openTicket, type TicketLink } from "./host-ticket";
import { attachInput, sendCtrlAltDel } from "./input";
import { connectRdp, describeFailure } from "./rdp-session";

type State = "idle" | "connecting" | "connected" | "failed" | "disconnected";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>("login");
const status = $<HTMLParagraphElement>("status");
const canvas = $<HTMLCanvasElement>("screen");
const tunnelId = new URLSearchParams(location.search).get("tunnel") ?? "";
const label = new URLSearchParams(location.search).get("name");
if (label) {
  $("title").textContent = label;
  document.title = `${label} — bastionless RDP`;
}

let link: TicketLink | null = null;
let session: Session | null = null;

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
    link = await openTicket(tunnelId, (e) => {
      if (session && e) session.shutdown();
    });
    const size = { width: Math.max(640, window.innerWidth & ~1), height: Math.max(480, window.innerHeight) };
    canvas.width = size.width;
    canvas.height = size.height;
    const s = await connectRdp(
      link.ticket,
      { username: String(data.get("username") ?? ""), password, domain: String(data.get("domain") ?? "") },
      canvas,
      size,
    );
    session = s;
    attachInput(canvas, s);
    show("connected", "Connected");
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
show("idle", tunnelId ? "" : "No tunnel given: open this tab from the popup.");
