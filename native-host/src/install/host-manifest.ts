/**
 * The native-messaging host manifest, built and read back (pure). Chromium-family browsers want
 * `allowed_origins` ("chrome-extension://ID/", trailing slash required); Firefox wants
 * `allowed_extensions` (add-on ids). `path` must be absolute (required on macOS and Linux; a
 * relative path makes Chromium say "host not found": docs/testing/browser-e2e.md §5).
 */

import { HOST_NAME } from "../../../contract/envelope";
import { chromiumOrigin } from "../../../contract/extension-ids";
import type { Family } from "./browsers";

export interface HostManifest {
  name: string;
  description: string;
  path: string;
  type: "stdio";
  allowed_origins?: string[];
  allowed_extensions?: string[];
}

const DESCRIPTION = "bastionless: AWS CLI credentials from your Entra ID sign-in, and RDP over SSM";

export function buildHostManifest(
  family: Family,
  hostPath: string,
  ids: { chromium: readonly string[]; firefox: readonly string[] },
): HostManifest {
  const base = { name: HOST_NAME, description: DESCRIPTION, path: hostPath, type: "stdio" as const };
  if (family === "firefox") return { ...base, allowed_extensions: [...ids.firefox] };
  return { ...base, allowed_origins: ids.chromium.map(chromiumOrigin) };
}

/** Stable bytes: the same inputs always give the same file, which is what makes install idempotent. */
export function renderHostManifest(m: HostManifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

export type ManifestProblem =
  | { kind: "not-json" }
  | { kind: "wrong-name"; name: unknown }
  | { kind: "bad-field"; field: string };

/** Reads a manifest file's text as a browser would, naming the first thing the browser would reject. */
export function parseHostManifest(
  text: string,
  family: Family,
): { ok: true; manifest: HostManifest } | { ok: false; problem: ManifestProblem } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, problem: { kind: "not-json" } };
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    return { ok: false, problem: { kind: "not-json" } };
  const o = v as Record<string, unknown>;
  if (o.name !== HOST_NAME) return { ok: false, problem: { kind: "wrong-name", name: o.name } };
  if (typeof o.path !== "string" || o.path.length === 0)
    return { ok: false, problem: { kind: "bad-field", field: "path" } };
  if (o.type !== "stdio") return { ok: false, problem: { kind: "bad-field", field: "type" } };
  const listField = family === "firefox" ? "allowed_extensions" : "allowed_origins";
  const list = o[listField];
  if (!Array.isArray(list) || !list.every((x) => typeof x === "string"))
    return { ok: false, problem: { kind: "bad-field", field: listField } };
  return { ok: true, manifest: o as unknown as HostManifest };
}
