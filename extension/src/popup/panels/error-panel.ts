/** The current problem in plain words, what to do, and the exact command when there is one. */
import { h } from "../../shared/dom";
import { copyButton } from "../copy-button";
import type { Panel } from "../panel";

export const errorPanel: Panel = {
  id: "error",
  key: (s) => s.state.error,
  hidden: (s) => !s.state.error,
  render: ({ status, send }) => {
    const e = status.state.error!;
    return [
      h(
        "div",
        { class: "error-head" },
        h("strong", { "data-testid": "error-message" }, e.message),
        h(
          "button",
          {
            type: "button",
            class: "icon",
            "aria-label": "Dismiss this message",
            "data-key": "dismiss",
            onclick: () => void send({ type: "dismiss-error" }),
          },
          "×",
        ),
      ),
      e.hint && h("p", { class: "hint", "data-testid": "error-hint" }, e.hint),
      e.command &&
        h(
          "div",
          { class: "command" },
          h("code", { "data-testid": "error-command" }, e.command),
          copyButton(e.command, "Copy", { "data-key": "copy-command" }),
        ),
      h("p", { class: "code" }, e.code),
    ];
  },
};
