/**
 * Keyboard, mouse and wheel from the canvas to the session. Keys go by physical position
 * (KeyboardEvent.code → scan code), so the server's keyboard layout decides the character, as
 * with a native client. Keys the browser keeps for itself (Ctrl+Alt+Del, Ctrl+W) never arrive.
 */
import { DeviceEvent, InputTransaction, RotationUnit, type Session } from "ironrdp-wasm";
import { CTRL_ALT_DEL, scancodeOf } from "./scancodes";

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
  const key = (pressed: boolean) => (e: KeyboardEvent) => {
    const code = scancodeOf(e.code);
    if (code === null) return;
    e.preventDefault();
    send(session, pressed ? DeviceEvent.keyPressed(code) : DeviceEvent.keyReleased(code));
  };
  canvas.addEventListener("keydown", key(true));
  canvas.addEventListener("keyup", key(false));
  // A key held while focus leaves would stay down on the server.
  canvas.addEventListener("blur", () => session.releaseAllInputs());
}
