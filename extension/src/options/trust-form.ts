/**
 * The options page's "Trusted sign-in pages" and "Your tenant" (issue 17): origins the user adds
 * beyond Entra's, each granted as an optional host permission (Chromium reports a request's
 * initiator only for origins the extension may access, docs/testing/browser-e2e.md §4), and the
 * pinned tenant, editable. Saved to storage.local (shared/trust.ts).
 */
import browser from "webextension-polyfill";
import { displayText } from "../shared/display-text";
import { h } from "../shared/dom";
import {
  ENTRA_LOGIN_ORIGINS,
  isIssuer,
  MAX_IDP_ORIGINS,
  originPattern,
  parseOrigin,
  parseTrust,
  TRUST_KEY,
  type Trust,
} from "../shared/trust";

export async function loadTrust(): Promise<Trust> {
  return parseTrust((await browser.storage.local.get(TRUST_KEY))[TRUST_KEY]);
}

/** Origins the browser has not granted yet (their sign-ins would be refused as unknown). */
async function ungranted(origins: string[]): Promise<string[]> {
  const granted = await Promise.all(
    origins.map((o) => browser.permissions.contains({ origins: [originPattern(o)] })),
  );
  return origins.filter((_, i) => !granted[i]);
}

function note(missing: string[]): string {
  return missing.length
    ? `Access not allowed yet for ${missing.map((o) => displayText(o)).join(", ")}: sign-ins from there are refused until you allow it (Save asks again).`
    : "";
}

export async function buildTrustForm(form: HTMLFormElement, t: Trust): Promise<void> {
  const origins = h("textarea", {
    id: "trust-origins",
    name: "idpOrigins",
    rows: 3,
    spellcheck: "false",
    placeholder: "https://idp.example.com",
  });
  origins.value = t.idpOrigins.join("\n");
  const issuer = h("input", {
    type: "text",
    id: "trust-issuer",
    name: "pinnedIssuer",
    value: t.pinnedIssuer ?? "",
    placeholder: "remembered from your next sign-in",
    spellcheck: "false",
    autocomplete: "off",
    maxlength: 1024,
  });
  form.replaceChildren(
    h("h2", {}, "Trusted sign-in pages"),
    h(
      "p",
      { class: "muted" },
      `A sign-in is used only when one of these pages sent it to AWS. Built in (Microsoft Entra ID): ${ENTRA_LOGIN_ORIGINS.join(", ")}. Others that posted one are listed in the popup under Refused sign-ins.`,
    ),
    h(
      "div",
      { class: "row" },
      h("label", { for: "trust-origins" }, "More sign-in pages (one per line)"),
      origins,
    ),
    h("span", { class: "problem", id: "trust-origins-problem" }, note(await ungranted(t.idpOrigins))),
    h("h2", {}, "Your tenant"),
    h(
      "p",
      { class: "muted" },
      "The Issuer of your sign-ins (your Entra tenant). A sign-in issued by another tenant waits for your choice in the popup. Empty: the next sign-in's tenant is remembered.",
    ),
    h("div", { class: "row" }, h("label", { for: "trust-issuer" }, "Tenant (Issuer)"), issuer),
    h("span", { class: "problem", id: "trust-issuer-problem" }),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "trust-save" }, "Save"),
      h("span", { class: "saved", id: "trust-saved", role: "status" }),
    ),
  );
}

/** On submit. The permission prompt must open inside the click (a user gesture), so it comes first. */
export function saveTrustForm(form: HTMLFormElement, before: Trust): void {
  const originsInput = form.querySelector<HTMLTextAreaElement>("#trust-origins")!;
  const issuerValue = form.querySelector<HTMLInputElement>("#trust-issuer")!.value.trim();
  const originsProblem = form.querySelector<HTMLElement>("#trust-origins-problem")!;
  const issuerProblem = form.querySelector<HTMLElement>("#trust-issuer-problem")!;
  const saved = form.querySelector<HTMLElement>("#trust-saved")!;
  const lines = originsInput.value.split(/\s+/).filter(Boolean);
  const parsed = lines.map(parseOrigin);
  const bad = lines.filter((_, i) => parsed[i] === null);
  const idpOrigins = [...new Set(parsed.filter((o): o is string => o !== null))].filter(
    (o) => !ENTRA_LOGIN_ORIGINS.includes(o),
  );
  originsProblem.textContent = bad.length
    ? `Use https:// addresses: ${bad.map((b) => displayText(b, 80)).join(", ")}`
    : idpOrigins.length > MAX_IDP_ORIGINS
      ? `At most ${MAX_IDP_ORIGINS} pages.`
      : "";
  issuerProblem.textContent =
    issuerValue && !isIssuer(issuerValue)
      ? "An Issuer is one line of text, like https://sts.windows.net/<tenant id>/."
      : "";
  saved.textContent = "";
  if (originsProblem.textContent || issuerProblem.textContent) return;
  const asked = idpOrigins.length
    ? browser.permissions.request({ origins: idpOrigins.map(originPattern) }).catch(() => false)
    : Promise.resolve(true);
  void (async () => {
    await asked;
    const dropped = before.idpOrigins.filter((o) => !idpOrigins.includes(o));
    if (dropped.length)
      await browser.permissions.remove({ origins: dropped.map(originPattern) }).catch(() => false);
    const next: Trust = { idpOrigins, pinnedIssuer: issuerValue || null };
    await browser.storage.local.set({ [TRUST_KEY]: next });
    Object.assign(before, next);
    originsInput.value = idpOrigins.join("\n");
    originsProblem.textContent = note(await ungranted(idpOrigins));
    saved.textContent = "Saved";
  })();
}
