/**
 * Registration checks for every browser that is registered, has a manifest where it looks, or
 * is in use by this user: one finding each, per user and machine-wide, plus --browser-profile
 * registrations from the install record.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { BROWSER_TABLE, BROWSERS, type Os, type Scope } from "../install/browsers";
import { detectPaths, manifestPlace } from "../install/install-paths";
import type { InstallRecord, Registration } from "../install/install-record";
import { parseRegQueryDefault, regQueryArgs } from "../install/registry";
import { type Check, fail, warn } from "./check";
import { checkManifest, type Target } from "./manifest-checks";

export interface BrowserCheckInput {
  os: Os;
  env: NodeJS.ProcessEnv;
  records: Record<Scope, InstallRecord | null>;
  hostAllows: Set<string>;
  /** Default value of a registry key, or null (Windows only; injectable for tests). */
  regQuery?: (key: string) => string | null;
}

function regQueryDefault(key: string): string | null {
  const r = spawnSync("reg.exe", regQueryArgs(key), { encoding: "utf8", windowsHide: true });
  return r.status === 0 ? parseRegQueryDefault(r.stdout) : null;
}

function fixFor(r: Pick<Registration, "browser" | "profileDir">, scope: Scope): string {
  if (r.profileDir) return `bastionless install --browser ${r.browser} --browser-profile '${r.profileDir}'`;
  return scope === "system"
    ? `sudo bastionless install --system --browser ${r.browser}`
    : `bastionless install --browser ${r.browser}`;
}

function checkOne(
  input: BrowserCheckInput,
  scope: Scope,
  reg: Registration,
  registered: boolean,
): Check | null {
  const id = `browser.${reg.browser}${reg.profileDir ? ".profile" : ""}${scope === "system" ? ".system" : ""}`;
  const target: Target = {
    id,
    browser: reg.browser,
    manifestPath: reg.manifestPath,
    fix: fixFor(reg, scope),
  };
  const present = fs.existsSync(reg.manifestPath);
  const label = BROWSER_TABLE[reg.browser].label;
  if (!present && !registered) {
    const inUse =
      scope === "user" && detectPaths(reg.browser, scope, input.os, input.env).some((p) => fs.existsSync(p));
    return inUse
      ? warn(id, `${label} is installed but bastionless is not registered for it`, target.fix)
      : null;
  }
  if (!present)
    return fail(
      id,
      `${label}: the manifest ${reg.manifestPath} is missing (the extension says "native messaging host not found")`,
      target.fix,
    );
  if (reg.registryKey) {
    const value = (input.regQuery ?? regQueryDefault)(reg.registryKey);
    if (value !== reg.manifestPath)
      return fail(
        id,
        `${label}: registry key ${reg.registryKey} ${value ? `points to ${value}` : "is missing"}`,
        target.fix,
      );
  }
  return checkManifest(target, input.hostAllows);
}

export function browserChecks(input: BrowserCheckInput): Check[] {
  const out: Check[] = [];
  for (const scope of ["user", "system"] as const) {
    const record = input.records[scope];
    for (const browser of BROWSERS) {
      const registered = record?.registrations.find((r) => r.browser === browser && !r.profileDir);
      const reg = registered ?? { browser, ...manifestPlace(browser, scope, input.os, input.env) };
      const c = checkOne(input, scope, reg, Boolean(registered));
      if (c) out.push(c);
    }
    for (const r of record?.registrations.filter((x) => x.profileDir) ?? []) {
      const c = checkOne(input, scope, r, true);
      if (c) out.push({ ...c, detail: `${c.detail} (profile ${r.profileDir})` });
    }
  }
  return out;
}
