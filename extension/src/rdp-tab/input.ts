/**
 * Keyboard, mouse and wheel from the canvas to the session. Keys go by physical position
 * (KeyboardEvent.code → scan code), so the server's keyboard layout decides the character, as
 * with a native client. Keys the browser keeps for itself (Ctrl+Alt+Del, Ctrl+W) never arrive.
 */
import { DeviceEvent, InputTransaction, RotationUnit, type Session } from "ironrdp-wasm";
import { clipboardWithText } from "./clipboard-text";
import { CTRL_ALT_DEL, scancodeOf } from "./scancodes";

const V = scancodeOf("KeyV")!;

function send(session: Session, ...events: DeviceEvent[]): void {
  const t = new InputTransaction();
  for (const e of events) t.addEvent(e);
  session.applyInputs(t);
}

export function sendCtrlAltDel(session: Session): void {
  send(session, ...CTRL_ALT_DEL.map((c) => DeviceEvent.keyPressed(c)));
  send(session, ...[...CTRL_ALT_DEL].reverse().map((c) => DeviceEvent.keyReleased(c)));
}

export function attachInput(canvas: HTMLCanvasElement, session: Session): void {
  const at = (e: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    const x = Math.round(((e.clientX - r.left) * canvas.width) / r.width);
    const y = Math.round(((e.clientY - r.top) * canvas.height) / r.height);
    return DeviceEvent.mouseMove(Math.max(0, x), Math.max(0, y));
  };
  canvas.addEventListener("mousemove", (e) => send(session, at(e)));
  canvas.addEventListener("mousedown", (e) => {
    canvas.focus();
    send(session, at(e), DeviceEvent.mouseButtonPressed(e.button));
  });
  canvas.addEventListener("mouseup", (e) => send(session, at(e), DeviceEvent.mouseButtonReleased(e.button)));
  canvas.addEventListener("contextmenu", (e) => e.preventDefault());
  canvas.addEventListener(
    "wheel",
    (e) => {
      e.preventDefault();
      const vertical = Math.abs(e.deltaY) >= Math.abs(e.deltaX);
      const delta = vertical ? -e.deltaY : e.deltaX;
      const unit =
        e.deltaMode === 1 ? RotationUnit.Line : e.deltaMode === 2 ? RotationUnit.Page : RotationUnit.Pixel;
      send(session, DeviceEvent.wheelRotations(vertical, Math.trunc(delta), unit));
    },
    { passive: false },
  );
  // Ctrl+V: the V waits for the browser's paste event, so the server's clipboard holds the local
  // text (announced over CLIPRDR, queued before the keys) when the remote application pastes.
  // A paste event needs no clipboard permission; reading the clipboard at any other time would
  // (clipboardRead). If no paste event comes, the V goes at its key-up all the same.
  let paste: "none" | "held" | "sent" = "none";
  const sendV = () => send(session, DeviceEvent.keyPressed(V), DeviceEvent.keyReleased(V));
  const key = (pressed: boolean) => (e: KeyboardEvent) => {
    const code = scancodeOf(e.code);
    if (code === null) return;
    if (code === V && pressed && paste === "none" && e.ctrlKey && !e.altKey) {
      paste = "held"; // no preventDefault: that would cancel the paste event
      return;
    }
    if (code === V && paste !== "none") {
      if (!pressed) {
        if (paste === "held") sendV();
        paste = "none";
      }
      return;
    }
    e.preventDefault();
    send(session, pressed ? DeviceEvent.keyPressed(code) : DeviceEvent.keyReleased(code));
  };
  canvas.addEventListener("keydown", key(true));
  canvas.addEventListener("keyup", key(false));
  document.addEventListener("paste", (e) => {
    if (document.activeElement !== canvas) return; // the login form's own fields paste as usual
    e.preventDefault();
    const text = e.clipboardData?.getData("text/plain") ?? "";
    const announce = text ? session.onClipboardPaste(clipboardWithText(text)) : Promise.resolve();
    void announce.finally(() => {
      if (paste === "held") {
        sendV();
        paste = "sent";
      }
    });
  });
  // A key held while focus leaves would stay down on the server.
  canvas.addEventListener("blur", () => session.releaseAllInputs());
}
