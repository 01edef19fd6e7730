/**
 * The `onPath` part of the install record (path-entry.ts plans it): its shape and its reader, on
 * their own so the host's caller check, which reads the record at every start, does not carry the
 * install planning code.
 */
import { obj, oneOf, str } from "../../../contract/validate";
import type { Scope } from "./browsers";

export type PathEntry =
  | { kind: "link"; path: string; target: string }
  | {
      kind: "path-var";
      key: string;
      dir: string /** The Path value did not exist before install. */;
      created?: boolean;
    };

/** How Windows Explorer and cmd.exe read Path: per user and machine-wide (Microsoft "Environment Variables" docs). */
export const PATH_KEYS: Record<Scope, string> = {
  user: "HKCU\\Environment",
  system: "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment",
};

/** The record's `onPath`, read from disk like the rest of the record. */
export function parsePathEntry(v: unknown, p: string): PathEntry | null {
  if (v === undefined || v === null) return null;
  const o = obj(v, p);
  const kind = oneOf(o.kind, `${p}.kind`, ["link", "path-var"] as const);
  const s = (x: unknown, q: string) => str(x, q, { min: 1, max: 4096 });
  if (kind === "link") return { kind, path: s(o.path, `${p}.path`), target: s(o.target, `${p}.target`) };
  return {
    kind,
    key: oneOf(o.key, `${p}.key`, Object.values(PATH_KEYS)),
    dir: s(o.dir, `${p}.dir`),
    ...(o.created === true ? { created: true } : {}),
  };
}
