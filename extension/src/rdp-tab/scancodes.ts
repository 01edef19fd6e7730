/**
 * KeyboardEvent.code → PC/AT scan code set 1, as IronRDP's DeviceEvent.keyPressed takes it:
 * the make code, with 0xE000 added for the extended (E0-prefixed) keys (ironrdp-input
 * Scancode::from_u16; MS-RDPBCGR 2.2.8.1.1.3.1.1.1 sends the same code with KBDFLAGS_EXTENDED).
 * Pure.
 */
const ROWS: Array<[number, string[]]> = [
  [
    0x02,
    [
      "Digit1",
      "Digit2",
      "Digit3",
      "Digit4",
      "Digit5",
      "Digit6",
      "Digit7",
      "Digit8",
      "Digit9",
      "Digit0",
      "Minus",
      "Equal",
      "Backspace",
      "Tab",
    ],
  ],
  [
    0x10,
    [
      "KeyQ",
      "KeyW",
      "KeyE",
      "KeyR",
      "KeyT",
      "KeyY",
      "KeyU",
      "KeyI",
      "KeyO",
      "KeyP",
      "BracketLeft",
      "BracketRight",
      "Enter",
      "ControlLeft",
    ],
  ],
  [
    0x1e,
    [
      "KeyA",
      "KeyS",
      "KeyD",
      "KeyF",
      "KeyG",
      "KeyH",
      "KeyJ",
      "KeyK",
      "KeyL",
      "Semicolon",
      "Quote",
      "Backquote",
      "ShiftLeft",
      "Backslash",
    ],
  ],
  [
    0x2c,
    [
      "KeyZ",
      "KeyX",
      "KeyC",
      "KeyV",
      "KeyB",
      "KeyN",
      "KeyM",
      "Comma",
      "Period",
      "Slash",
      "ShiftRight",
      "NumpadMultiply",
      "AltLeft",
      "Space",
      "CapsLock",
    ],
  ],
  [0x3b, ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "NumLock", "ScrollLock"]],
  [
    0x47,
    [
      "Numpad7",
      "Numpad8",
      "Numpad9",
      "NumpadSubtract",
      "Numpad4",
      "Numpad5",
      "Numpad6",
      "NumpadAdd",
      "Numpad1",
      "Numpad2",
      "Numpad3",
      "Numpad0",
      "NumpadDecimal",
    ],
  ],
];

const EXTENDED: Record<string, number> = {
  NumpadEnter: 0x1c,
  ControlRight: 0x1d,
  NumpadDivide: 0x35,
  PrintScreen: 0x37,
  AltRight: 0x38,
  Home: 0x47,
  ArrowUp: 0x48,
  PageUp: 0x49,
  ArrowLeft: 0x4b,
  ArrowRight: 0x4d,
  End: 0x4f,
  ArrowDown: 0x50,
  PageDown: 0x51,
  Insert: 0x52,
  Delete: 0x53,
  MetaLeft: 0x5b,
  MetaRight: 0x5c,
  ContextMenu: 0x5d,
};

const TABLE = new Map<string, number>([
  ["Escape", 0x01],
  ["IntlBackslash", 0x56],
  ["F11", 0x57],
  ["F12", 0x58],
  ...ROWS.flatMap(([first, codes]) => codes.map((c, i) => [c, first + i] as [string, number])),
  ...Object.entries(EXTENDED).map(([c, v]) => [c, 0xe000 | v] as [string, number]),
]);

/** The scan code for a physical key, or null for a key RDP has no code for. */
export function scancodeOf(code: string): number | null {
  return TABLE.get(code) ?? null;
}

/** Ctrl+Alt+Del, which no page can capture: pressed in order, released in reverse. */
export const CTRL_ALT_DEL = ["ControlLeft", "AltLeft", "Delete"].map((c) => TABLE.get(c)!);
