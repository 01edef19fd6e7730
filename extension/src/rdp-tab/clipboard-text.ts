/**
 * Clipboard text between the tab and the RDP session's clipboard channel (CLIPRDR, MS-RDPECLIP).
 * IronRDP's web client does the channel itself: it hands the remote clipboard to
 * `remoteClipboardChangedCallback` as a ClipboardData once all formats are read (CF_UNICODETEXT
 * becomes "text/plain"), and `Session.onClipboardPaste` announces a local ClipboardData to the
 * server as a Format List (IronRDP crates/ironrdp-web/src/clipboard/mod.rs, commit d0e18e3).
 * Text only: the page asks for no image or file formats. Pure over the wasm's ClipboardData.
 */
import { ClipboardData } from "ironrdp-wasm";

export const TEXT = "text/plain";

/** The remote clipboard's text, or null when it holds no text (an image, files). */
export function textOf(data: ClipboardData): string | null {
  for (const item of data.items()) {
    const value = item.mimeType() === TEXT ? item.value() : null;
    if (typeof value === "string") return value;
  }
  return null;
}

/** What the session announces to the server for local text. */
export function clipboardWithText(text: string): ClipboardData {
  const data = new ClipboardData();
  data.addText(TEXT, text);
  return data;
}
