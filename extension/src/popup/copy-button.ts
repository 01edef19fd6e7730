/**
 * A button that puts text on the clipboard and says so. Used for commands, export lines and
 * tunnel addresses; the text goes only to the clipboard, never to a log or to the background.
 */
import { h } from "../shared/dom";

export function copyButton(text: string, label: string, attrs: Record<string, string>): HTMLButtonElement {
  const button = h("button", { type: "button", class: "small", ...attrs }, label);
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch {
      // The clipboard needs the popup focused; the text is shown in the title to copy by hand.
      button.textContent = "Copy failed";
      button.title = text;
    }
  });
  return button;
}
