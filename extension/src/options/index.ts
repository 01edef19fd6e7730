/** The options page: settings in storage.sync, checked before saving (shared/settings.ts). */
import browser from "webextension-polyfill";
import type { RoleChoice } from "../../../contract/domain";
import { parseSettings, SETTINGS_KEY, settingsProblems } from "../shared/settings";
import { buildForm, readForm } from "./form";
import { loadRenewalForm } from "./renewal-form";
import { buildTrustForm, loadTrust, saveTrustForm } from "./trust-form";

async function load(form: HTMLFormElement): Promise<void> {
  const [sync, local] = await Promise.all([
    browser.storage.sync.get(SETTINGS_KEY),
    browser.storage.local.get("knownRoles"),
  ]);
  const known = Array.isArray(local.knownRoles)
    ? (local.knownRoles as RoleChoice[]).filter((r) => typeof r?.roleArn === "string")
    : [];
  buildForm(form, parseSettings(sync[SETTINGS_KEY]), known);
  document.body.dataset.ready = "true";
}

async function save(form: HTMLFormElement): Promise<void> {
  const settings = readForm(form);
  const problems = settingsProblems(settings);
  for (const el of form.querySelectorAll<HTMLElement>("[data-problem]"))
    el.textContent = problems[el.dataset.problem as keyof typeof problems] ?? "";
  const saved = form.querySelector<HTMLElement>("#opt-saved")!;
  if (Object.keys(problems).length) {
    saved.textContent = "";
    form.querySelector<HTMLElement>(`#opt-${Object.keys(problems)[0]}`)?.focus();
    return;
  }
  await browser.storage.sync.set({ [SETTINGS_KEY]: settings });
  saved.textContent = "Saved";
}

const form = document.getElementById("options") as HTMLFormElement;
form.addEventListener("submit", (e) => {
  e.preventDefault();
  void save(form);
});
form.addEventListener("input", () => {
  form.querySelector<HTMLElement>("#opt-saved")!.textContent = "";
});
void load(form);

const trustForm = document.getElementById("trust") as HTMLFormElement;
void loadTrust().then(async (trust) => {
  await buildTrustForm(trustForm, trust);
  trustForm.addEventListener("submit", (e) => {
    e.preventDefault();
    saveTrustForm(trustForm, trust);
  });
  trustForm.dataset.ready = "true";
});

void loadRenewalForm(document.getElementById("renewal") as HTMLFormElement);
