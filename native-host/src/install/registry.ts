/**
 * Windows registry writes through reg.exe argument arrays (no shell, no quoting games). The
 * browsers read the key's default value as the manifest path (Chrome/Edge/MDN native-messaging
 * docs, "Windows" location); `/ve` is reg.exe's name for that default value.
 */
export function regAddArgs(key: string, manifestPath: string): string[] {
  return ["add", key, "/ve", "/t", "REG_SZ", "/d", manifestPath, "/f"];
}

export function regDeleteArgs(key: string): string[] {
  return ["delete", key, "/f"];
}

/** `reg query KEY` without /ve: exit 0 when the key exists, whether or not it has a default value. */
export function regKeyQueryArgs(key: string): string[] {
  return ["query", key];
}

export function regQueryArgs(key: string): string[] {
  return ["query", key, "/ve"];
}

/** The default value out of `reg query KEY /ve` output ("    (Default)    REG_SZ    C:\…"). */
export function parseRegQueryDefault(stdout: string): string | null {
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^\s+\S.*?\s{2,}REG_(?:EXPAND_)?SZ\s{2,}(.*)$/.exec(line);
    if (m) return m[1]!.trim();
  }
  return null;
}

/** A named value (e.g. HKCU\Environment's Path), type kept as read: REG_SZ or REG_EXPAND_SZ. */
export function regSetValueArgs(key: string, name: string, type: string, data: string): string[] {
  return ["add", key, "/v", name, "/t", type, "/d", data, "/f"];
}

export function regDeleteValueArgs(key: string, name: string): string[] {
  return ["delete", key, "/v", name, "/f"];
}

export function regQueryValueArgs(key: string, name: string): string[] {
  return ["query", key, "/v", name];
}

/** `{type, data}` of `name` out of `reg query KEY /v NAME` output ("    Path    REG_EXPAND_SZ    C:\…"). */
export function parseRegQueryValue(stdout: string, name: string): { type: string; data: string } | null {
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^\s+(\S.*?)\s{4}(REG_(?:EXPAND_)?SZ)(?:\s{4}(.*))?$/.exec(line);
    if (m && m[1]!.toLowerCase() === name.toLowerCase()) return { type: m[2]!, data: (m[3] ?? "").trimEnd() };
  }
  return null;
}
