import { expect, it } from "vitest";
import { CTRL_ALT_DEL, scancodeOf } from "../../extension/src/rdp-tab/scancodes";

it("maps physical keys to scan code set 1, extended keys with 0xE000 (ironrdp-input Scancode::from_u16)", () => {
  expect(
    [
      "Escape",
      "Digit1",
      "Digit0",
      "Backspace",
      "KeyQ",
      "Enter",
      "KeyA",
      "ShiftLeft",
      "KeyZ",
      "Space",
      "F1",
      "F10",
      "Numpad0",
      "F12",
    ].map(scancodeOf),
  ).toEqual([0x01, 0x02, 0x0b, 0x0e, 0x10, 0x1c, 0x1e, 0x2a, 0x2c, 0x39, 0x3b, 0x44, 0x52, 0x58]);
  expect(["NumpadEnter", "ArrowUp", "Delete", "MetaLeft", "AltRight"].map(scancodeOf)).toEqual([
    0xe01c, 0xe048, 0xe053, 0xe05b, 0xe038,
  ]);
  expect(scancodeOf("Fn")).toBeNull();
  expect(CTRL_ALT_DEL).toEqual([0x1d, 0x38, 0xe053]);
});
