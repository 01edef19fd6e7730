/**
 * Saved connections (issue 13, docs/connections.md), above the instance list: one click opens the
 * connection's tunnel (an open one is reused) and its client. A web UI opens in a new tab (the
 * background does it); a database's address and ssh's command are shown with a copy button.
 * Entries the host could not use are listed with file:line and why; they never break the list.
 */
import type { Connection, ConnectionOpened, ConnectionProblem } from "../../../../contract/connection";
import { kindText, profileText, targetText } from "../../../../contract/connection-text";
import { openRdpTabForConnection } from "../../rdp-tab/open-rdp-tab";
import { h } from "../../shared/dom";
import type { Status } from "../../shared/state";
import type { Panel, PanelCtx } from "../panel";

const OPENS: Record<Connection["client"], string> = {
  rdp: "Open (RDP)",
  browser: "Open in browser",
  address: "Open",
  ssh: "SSH",
};

function copyButton(text: string, label: string): HTMLElement {
  const button = h(
    "button",
    { type: "button", class: "small", "aria-label": label, "data-key": `copy-${label}` },
    "Copy",
  );
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(text).then(
      () => {
        button.textContent = "Copied";
      },
      () => {
        button.textContent = "Select and copy";
      },
    );
  });
  return button;
}

function row(c: PanelCtx, x: Connection, busy: boolean): HTMLElement {
  return h(
    "li",
    { class: "connection", "data-connection": x.name, "data-kind": x.kind },
    h(
      "span",
      { class: "grow" },
      h("strong", {}, x.name),
      h("span", { class: "muted" }, ` ${kindText(x)}`),
      h("br"),
      h("span", { class: "muted mono" }, targetText(x)),
      h("span", { class: "muted" }, ` · ${profileText(x)}${x.source === "team" ? " · team" : ""}`),
      x.description && h("span", { class: "muted block" }, x.description),
    ),
    h(
      "button",
      {
        type: "button",
        class: "primary",
        disabled: busy,
        "aria-label": `Open the connection ${x.name}`,
        "data-key": `open-connection-${x.name}`,
        onclick: () => void c.send({ type: "open-connection", name: x.name }),
      },
      OPENS[x.client],
    ),
    // The desktop in a tab instead of the RDP client (docs/rdp-in-browser.md).
    x.client === "rdp" &&
      h(
        "button",
        {
          type: "button",
          class: "small",
          disabled: busy,
          "aria-label": `Open the connection ${x.name} in a browser tab`,
          "data-key": `open-connection-tab-${x.name}`,
          onclick: () => openRdpTabForConnection(x.name),
        },
        "In browser",
      ),
  );
}

function openedNote(o: ConnectionOpened): HTMLElement | null {
  if (o.client === "address" && o.address)
    return h(
      "p",
      { class: "opened", "data-testid": "connection-opened" },
      `${o.name}: `,
      h("span", { class: "mono", "data-testid": "connection-address" }, o.address),
      " ",
      copyButton(o.address, `the address of ${o.name}`),
    );
  if (o.client === "ssh" && o.command)
    return h(
      "p",
      { class: "opened", "data-testid": "connection-opened" },
      "In a terminal: ",
      h("span", { class: "mono", "data-testid": "connection-command" }, o.command),
      " ",
      copyButton(o.command, `the command for ${o.name}`),
    );
  if (o.client === "browser" && o.url)
    return h(
      "p",
      { class: "opened muted", "data-testid": "connection-opened" },
      `${o.name} opened at ${o.url} in a new tab.`,
    );
  return null;
}

function problemRow(p: ConnectionProblem): HTMLElement {
  return h(
    "li",
    { class: "problem", "data-code": p.code },
    h("span", { class: "mono" }, `${p.file}:${p.line}:${p.column}`),
    p.name && h("strong", {}, ` ${p.name}`),
    h("span", { class: p.code === "CONNECTION_SHADOWED" ? "muted block" : "warning block" }, p.message),
  );
}

export const connectionsPanel: Panel = {
  id: "connections",
  key: (s) => [s.state.connections ?? null, s.state.busy.includes("connection")],
  hidden: (s: Status) => {
    const v = s.state.connections;
    return !v || (v.list.connections.length === 0 && v.list.problems.length === 0);
  },
  render: (c) => {
    const v = c.status.state.connections!;
    const busy = c.status.state.busy.includes("connection");
    const { connections, problems, files } = v.list;
    return [
      h("h2", {}, "Connections"),
      connections.length
        ? h("ul", { class: "rows list" }, ...connections.map((x) => row(c, x, busy)))
        : h("p", { class: "muted" }, "No usable saved connections; the problems below say why."),
      v.opened && openedNote(v.opened),
      problems.length > 0 &&
        h(
          "details",
          { class: "problems", open: problems.some((p) => p.code !== "CONNECTION_SHADOWED") },
          h(
            "summary",
            {},
            `${problems.length} problem${problems.length === 1 ? "" : "s"} in the connection files`,
          ),
          h("ul", { class: "rows" }, ...problems.map(problemRow)),
        ),
      h(
        "p",
        { class: "muted small" },
        `Your file: ${files.user}${files.team ? ` · team: ${files.team}` : ""}`,
      ),
    ];
  },
};
