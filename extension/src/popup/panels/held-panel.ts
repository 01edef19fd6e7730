/**
 * A sign-in from another Entra tenant than the pinned one (issue 17): it is used only if the user
 * says so here. The issuer comes from the assertion, so it is shown as plain, cleaned text.
 */
import { displayText } from "../../shared/display-text";
import { h } from "../../shared/dom";
import { roleLabel } from "../../shared/format";
import { countdown } from "../live-time";
import type { Panel } from "../panel";

export const heldPanel: Panel = {
  id: "held",
  key: (s) => [s.state.held ?? null, s.state.busy.includes("sign-in")],
  hidden: (s) => !s.state.held,
  render: ({ status, send }) => {
    const held = status.state.held!;
    const busy = status.state.busy.includes("sign-in");
    const issuer = held.issuer ? displayText(held.issuer) : "a tenant it does not name";
    const who = held.sessionName ? ` for ${displayText(held.sessionName)}` : "";
    return [
      h("h2", {}, "Sign-in from another tenant"),
      h(
        "p",
        {},
        `This sign-in${who} was issued by `,
        h("code", { "data-testid": "held-issuer" }, issuer),
        ".",
      ),
      h(
        "p",
        { class: "muted" },
        "Your sign-ins so far came from ",
        h("code", {}, displayText(held.pinned)),
        ".",
      ),
      h(
        "p",
        { class: "muted roles" },
        `${held.roles.length} ${held.roles.length === 1 ? "role" : "roles"}: ${held.roles.map(roleLabel).join(", ")}`,
      ),
      h(
        "p",
        { class: "warning" },
        "If you did not just sign in to this tenant, discard it: a web page may have signed you in to someone else's AWS account. Usable for ",
        countdown(held.expiresAt, 1, status.now),
        ".",
      ),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "primary",
            disabled: busy,
            "data-key": "held-trust",
            onclick: () => void send({ type: "trust-held", heldId: held.id }),
          },
          `Trust tenant ${issuer} and use this sign-in`,
        ),
        h(
          "button",
          {
            type: "button",
            disabled: busy,
            "data-key": "held-discard",
            onclick: () => void send({ type: "discard-held", heldId: held.id }),
          },
          "Discard",
        ),
      ),
    ];
  },
};
