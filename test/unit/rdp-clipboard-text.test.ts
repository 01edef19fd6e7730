/**
 * The tab's clipboard text against IronRDP's own ClipboardData (the real wasm, loaded in Node):
 * what the client hands over for the server's clipboard, and what it announces for local text.
 */
import fs from "node:fs";
import path from "node:path";
import { ClipboardData, initSync } from "ironrdp-wasm";
import { beforeAll, expect, it } from "vitest";
import { clipboardWithText, TEXT, textOf } from "../../extension/src/rdp-tab/clipboard-text";

beforeAll(() => {
  initSync({
    module: fs.readFileSync(path.join(__dirname, "../../node_modules/ironrdp-wasm/pkg/rdp_client_bg.wasm")),
  });
});

it("local text becomes one text/plain item, byte for byte (CRLF, non-ASCII, empty)", () => {
  for (const text of ["dir C:\\\r\nexit", "Grüße, 東京 🙂", ""]) {
    const items = clipboardWithText(text).items();
    expect(items.map((i) => [i.mimeType(), i.value()])).toEqual([[TEXT, text]]);
    expect(textOf(clipboardWithText(text))).toBe(text);
  }
});

it("takes the server's text from what the client collected, whatever comes with it", () => {
  const d = new ClipboardData();
  d.addText("text/html", "<b>bold</b>");
  d.addBinary("image/png", new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  d.addText(TEXT, "bold");
  expect(textOf(d)).toBe("bold");
});

it("gives null for a remote clipboard with no text (an image, HTML alone, nothing)", () => {
  const image = new ClipboardData();
  image.addBinary("image/png", new Uint8Array([1, 2, 3]));
  const html = new ClipboardData();
  html.addText("text/html", "<i>x</i>");
  expect([image, html, new ClipboardData()].map(textOf)).toEqual([null, null, null]);
});
