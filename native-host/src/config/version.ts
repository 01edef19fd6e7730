declare const __BASTIONLESS_VERSION__: string | undefined;

/** Injected by webpack from package.json; "0.0.0-dev" when run from sources (tests through tsx). */
export const VERSION: string =
  typeof __BASTIONLESS_VERSION__ === "string" ? __BASTIONLESS_VERSION__ : "0.0.0-dev";
