/**
 * Tiny validators for messages from outside (design §3: both sides validate what they receive).
 * Pure and dependency-free so the extension bundles them too. Each throws ValidationIssue with
 * the field path; the caller turns it into its layer's coded error.
 */
export class ValidationIssue extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path}: expected ${expected}`);
  }
}

export type Obj = Record<string, unknown>;

export function obj(v: unknown, path: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ValidationIssue(path, "an object");
  return v as Obj;
}

export function str(
  v: unknown,
  path: string,
  opts: { max?: number; pattern?: RegExp; min?: number } = {},
): string {
  if (typeof v !== "string") throw new ValidationIssue(path, "a string");
  if (v.length < (opts.min ?? 0)) throw new ValidationIssue(path, `at least ${opts.min} characters`);
  if (opts.max !== undefined && v.length > opts.max)
    throw new ValidationIssue(path, `at most ${opts.max} characters`);
  if (opts.pattern && !opts.pattern.test(v))
    throw new ValidationIssue(path, `a value matching ${opts.pattern}`);
  return v;
}

export function int(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new ValidationIssue(path, `a whole number from ${min} to ${max}`);
  }
  return v;
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== "boolean") throw new ValidationIssue(path, "true or false");
  return v;
}

export function arr<T>(v: unknown, path: string, item: (x: unknown, p: string) => T, max = 1000): T[] {
  if (!Array.isArray(v)) throw new ValidationIssue(path, "a list");
  if (v.length > max) throw new ValidationIssue(path, `at most ${max} items`);
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

export function oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T {
  if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
    throw new ValidationIssue(path, `one of ${values.join(", ")}`);
  }
  return v as T;
}

/** Optional field: undefined passes through, anything else goes to the checker. */
/** null (or absent) stays null; anything else must pass `check`. */
export const nullable = <T>(v: unknown, check: (x: unknown) => T): T | null =>
  v === null || v === undefined ? null : check(v);

export function opt<T>(v: unknown, check: (x: unknown) => T): T | undefined {
  return v === undefined ? undefined : check(v);
}

/** Refuses keys the schema does not know, so typos and smuggled fields fail loudly. */
export function onlyKeys(o: Obj, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k)) throw new ValidationIssue(`${path}.${k}`, "no such field");
}
