/**
 * Sign-ins that were not used because no trusted sign-in page sent them (issue 17), newest first,
 * as many as the state keeps (REFUSED_MAX). The origin comes from the browser and is shown as
 * plain, cleaned text.
 */
import { displayText } from "../../shared/display-text";
import { h } from "../../shared/dom";
import { formatAgo } from "../../shared/format";
import type { Panel } from "../panel";

export const refusedPanel: Panel = {
  id: "refused",
  key: (s) => [s.state.capture.refused ?? [], Math.floor(s.now / 60_000)],
  hidden: (s) => !s.state.capture.refused?.length,
  render: ({ status }) => [
    h("h2", {}, "Refused sign-ins"),
    h(
      "ul",
      { class: "refused" },
      ...(status.state.capture.refused ?? []).map((r) =>
        h(
          "li",
          { "data-code": r.code },
          h("strong", {}, r.from ? displayText(r.from) : "Unknown page"),
          ` · ${formatAgo(r.at, status.now)} · ${new URL(r.url).hostname}`,
          h("br", {}),
          h("span", { class: "muted" }, displayText(r.reason, 400)),
        ),
      ),
    ),
  ],
};
