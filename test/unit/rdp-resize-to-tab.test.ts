import { expect, it } from "vitest";
import {
  desktopSizeFor,
  fitInto,
  RESIZE_SETTLE_MS,
  type ResizeTimers,
  settleResizes,
} from "../../extension/src/rdp-tab/resize-to-tab";

function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let n = 0;
  const timers: ResizeTimers = {
    set: (fn, ms) => {
      pending.set(++n, { fn, ms });
      return n;
    },
    clear: (h) => pending.delete(h as number),
  };
  const fire = () => {
    const all = [...pending.values()];
    pending.clear();
    for (const t of all) t.fn();
  };
  return { timers, pending, fire };
}

it("asks for sizes MS-RDPEDISP allows: even width, 200..8192", () => {
  expect(desktopSizeFor({ width: 1281.5, height: 719 })).toEqual({ width: 1280, height: 719 });
  expect(desktopSizeFor({ width: 120, height: 90 })).toEqual({ width: 200, height: 200 });
  expect(desktopSizeFor({ width: 9000, height: 9000 })).toEqual({ width: 8192, height: 8192 });
});

it("a burst of tab resizes becomes one request with the last size, after the settle time", () => {
  const { timers, pending, fire } = manualTimers();
  const asked: Array<{ width: number; height: number }> = [];
  const resize = settleResizes(timers, { width: 1280, height: 800 }, (s) => asked.push(s));
  resize({ width: 1000, height: 700 });
  resize({ width: 1100, height: 701 });
  resize({ width: 1201, height: 702 });
  expect([...pending.values()].map((p) => p.ms)).toEqual([RESIZE_SETTLE_MS]);
  expect(asked).toEqual([]);
  fire();
  expect(asked).toEqual([{ width: 1200, height: 702 }]);
});

it("does not ask again for the size the desktop already has", () => {
  const { timers, fire } = manualTimers();
  const asked: unknown[] = [];
  const resize = settleResizes(timers, { width: 1280, height: 800 }, (s) => asked.push(s));
  resize({ width: 1281, height: 800 }); // the same even width
  fire();
  resize({ width: 900, height: 600 });
  fire();
  resize({ width: 900, height: 600 });
  fire();
  expect(asked).toEqual([{ width: 900, height: 600 }]);
});

it("scales a desktop larger than the tab down to fit, keeping its shape, and never enlarges", () => {
  expect(fitInto({ width: 1280, height: 800 }, { width: 640, height: 800 })).toEqual({
    width: 640,
    height: 400,
  });
  expect(fitInto({ width: 1280, height: 800 }, { width: 2000, height: 400 })).toEqual({
    width: 640,
    height: 400,
  });
  expect(fitInto({ width: 800, height: 600 }, { width: 1920, height: 1080 })).toEqual({
    width: 800,
    height: 600,
  });
});
