/**
 * The options page's "Silent renewal" (issue 12, docs/renewal.md): renewal on or off as a whole
 * (turning it on asks the browser for the one optional permission that shows a My Apps launch, so
 * the launch URL of a sign-in is remembered by itself), each sign-in source on or off or removed,
 * and a launch URL pasted by hand. Changes go to the background as UiRequests.
 */
import browser from "webextension-polyfill";
import { h } from "../shared/dom";
import { LAUNCHER_PATTERN, type RenewalBook } from "../shared/renewal";
import type { UiReply, UiRequest } from "../shared/ui-messages";

async function send(form: HTMLFormElement, request: UiRequest): Promise<void> {
  const reply = (await browser.runtime.sendMessage(request)) as UiReply | undefined;
  if (!reply) return;
  const problem = reply.ok ? reply.status.state.error : reply.error;
  await buildRenewalForm(form, reply.status.renewal ?? { enabled: false, records: [] });
  form.querySelector<HTMLElement>("#renewal-problem")!.textContent =
    problem && problem.at >= Date.now() - 5000 ? `${problem.message} ${problem.hint ?? ""}` : "";
}

/** On the checkbox's click: the permission prompt must open inside the gesture, so it comes first. */
function onToggleAll(form: HTMLFormElement, input: HTMLInputElement): void {
  const enabled = input.checked;
  const asked = enabled
    ? browser.permissions.request({ origins: [LAUNCHER_PATTERN] }).catch(() => false)
    : browser.permissions.remove({ origins: [LAUNCHER_PATTERN] }).catch(() => true);
  void (async () => {
    const granted = await asked;
    // Without the permission renewal still works for sources already known or pasted; only the
    // launch of a new sign-in is not seen (docs/renewal.md).
    await send(form, { type: "renewal-enable", enabled });
    form.querySelector<HTMLElement>("#renewal-note")!.textContent =
      enabled && !granted
        ? "Access to launcher.myapps.microsoft.com was not allowed: paste each app's launch URL below."
        : "";
  })();
}

export async function buildRenewalForm(form: HTMLFormElement, book: RenewalBook): Promise<void> {
  const all = h("input", { type: "checkbox", id: "renewal-enabled", checked: book.enabled });
  all.addEventListener("click", () => onToggleAll(form, all));
  const url = h("input", {
    type: "url",
    id: "renewal-url",
    placeholder: "https://launcher.myapps.microsoft.com/api/signin/<app id>?tenantId=<tenant>",
    spellcheck: "false",
    autocomplete: "off",
  });
  const name = h("input", {
    type: "text",
    id: "renewal-name",
    placeholder: "AWS production",
    maxlength: 128,
  });
  const sources = book.records.map((r) =>
    h(
      "li",
      { "data-source": r.source.id },
      h(
        "label",
        {},
        h("input", {
          type: "checkbox",
          "data-testid": "source-renew",
          checked: r.source.renew,
          onchange: (e: Event) =>
            void send(form, {
              type: "renewal-toggle",
              sourceId: r.source.id,
              renew: (e.target as HTMLInputElement).checked,
            }),
        }),
        ` ${r.source.name}`,
      ),
      h(
        "span",
        { class: "muted" },
        ` ${r.source.launchUrl} · ${r.profiles.map((p) => p.profile).join(", ") || "no profiles yet"}`,
      ),
      h(
        "button",
        { type: "button", onclick: () => void send(form, { type: "renewal-remove", sourceId: r.source.id }) },
        "Remove",
      ),
    ),
  );
  form.replaceChildren(
    h("h2", {}, "Silent renewal"),
    h(
      "p",
      { class: "muted" },
      "Before credentials expire, bastionless opens the AWS app's My Apps launch in a minimized window, picks the fresh sign-in up and writes the same profiles again. When Entra ID wants you (MFA, a new session), you get one notice with Sign in.",
    ),
    h("div", { class: "row" }, h("label", { for: "renewal-enabled" }, "Renew silently"), all),
    h("span", { class: "problem", id: "renewal-note" }),
    sources.length
      ? h("ul", { class: "rows", id: "renewal-sources" }, ...sources)
      : h(
          "p",
          { class: "muted" },
          "Sources appear here after a sign-in through My Apps, or paste a launch URL.",
        ),
    h(
      "div",
      { class: "row" },
      h("label", { for: "renewal-url" }, "Launch URL (the app's User access URL)"),
      url,
    ),
    h("div", { class: "row" }, h("label", { for: "renewal-name" }, "Name"), name),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          type: "button",
          id: "renewal-add",
          onclick: () =>
            void send(form, {
              type: "renewal-add",
              launchUrl: url.value.trim(),
              name: name.value.trim() || "AWS",
            }),
        },
        "Add",
      ),
      h("span", { class: "problem", id: "renewal-problem", role: "status" }),
    ),
  );
  form.dataset.ready = "true";
}

export async function loadRenewalForm(form: HTMLFormElement): Promise<void> {
  const reply = (await browser.runtime.sendMessage({ type: "status" })) as UiReply | undefined;
  await buildRenewalForm(form, reply?.status.renewal ?? { enabled: false, records: [] });
}
