/**
 * Everything a browser needs from one registration, checked in the order the browser trips on
 * it (docs/testing/browser-e2e.md §5 lists what the extension sees for each): the manifest
 * file, its fields, the program it names, and whether our extension id is allowed on both ends.
 */
import fs from "node:fs";
import path from "node:path";
import {
  CHROMIUM_EXTENSION_IDS,
  chromiumOrigin,
  FIREFOX_EXTENSION_IDS,
} from "../../../contract/extension-ids";
import { BROWSER_TABLE, type Browser, type Family } from "../install/browsers";
import { parseHostManifest } from "../install/host-manifest";
import { type Check, fail, ok } from "./check";

export interface Target {
  id: string;
  browser: Browser;
  manifestPath: string;
  /** The command that (re)writes this registration. */
  fix: string;
}

/** Paths a #!/bin/sh launcher execs (our launcher quotes each in '…'); empty for a binary. */
function launcherTargets(file: string): string[] {
  const head = fs.readFileSync(file).subarray(0, 4096).toString("utf8");
  if (!head.startsWith("#!")) return [];
  const exec = head.split("\n").find((l) => l.startsWith("exec "));
  return exec ? [...exec.matchAll(/'((?:[^']|'\\'')*)'/g)].map((m) => m[1]!.replace(/'\\''/g, "'")) : [];
}

function programProblem(program: string): string | null {
  if (!path.isAbsolute(program))
    return `the manifest's path "${program}" is not absolute (browsers refuse relative paths)`;
  if (!fs.existsSync(program)) return `the program ${program} named by the manifest does not exist`;
  try {
    fs.accessSync(program, fs.constants.X_OK);
  } catch {
    return `${program} is not executable (the browser reports "Native host has exited")`;
  }
  for (const t of launcherTargets(program))
    if (!fs.existsSync(t)) return `the launcher ${program} runs ${t}, which does not exist`;
  return null;
}

function publishedIds(family: Family): string[] {
  return family === "firefox" ? [...FIREFOX_EXTENSION_IDS] : CHROMIUM_EXTENSION_IDS.map(chromiumOrigin);
}

/** Checks one manifest that exists; `hostAllows` is what the host's install records allow. */
export function checkManifest(t: Target, hostAllows: Set<string>): Check {
  const family = BROWSER_TABLE[t.browser].family;
  let text: string;
  try {
    text = fs.readFileSync(t.manifestPath, "utf8");
  } catch (err) {
    return fail(t.id, `cannot read ${t.manifestPath}: ${(err as Error).message}`, t.fix);
  }
  const parsed = parseHostManifest(text, family);
  if (!parsed.ok) {
    const p = parsed.problem;
    const why =
      p.kind === "not-json"
        ? "is not valid JSON"
        : p.kind === "wrong-name"
          ? `names host ${JSON.stringify(p.name)}, not com.bastionless.host`
          : `has a missing or invalid "${p.field}"`;
    return fail(t.id, `${t.manifestPath} ${why}`, t.fix);
  }
  const m = parsed.manifest;
  const problem = programProblem(m.path);
  if (problem) return fail(t.id, problem, t.fix);
  const listed = (family === "firefox" ? m.allowed_extensions : m.allowed_origins) ?? [];
  const missing = publishedIds(family).filter((id) => !listed.includes(id));
  if (missing.length)
    return fail(
      t.id,
      `the manifest does not allow the bastionless extension ${missing.join(", ")} (the browser says "Access … forbidden")`,
      t.fix,
    );
  const refused = listed.filter((id) => !hostAllows.has(id));
  if (refused.length)
    return fail(
      t.id,
      `the host's install record does not allow ${refused.join(", ")}, so the host would refuse it (ORIGIN_NOT_ALLOWED)`,
      t.fix,
    );
  return ok(t.id, `${BROWSER_TABLE[t.browser].label}: ${t.manifestPath} → ${m.path}`);
}
