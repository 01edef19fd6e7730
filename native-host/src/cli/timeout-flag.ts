/** `--timeout SECONDS` of `login` and `credential-process`: the one flag spec and its bound. */
import { type FlagSpec, intFlag } from "./args";

/** An hour: longer than any sign-in a person finishes, short enough to notice a forgotten wait. */
export const TIMEOUT_MAX_S = 3600;

export const timeoutFlag = (what: string, fallback: number): FlagSpec => ({
  type: "string",
  value: "SECONDS",
  description: `how long to wait for ${what} (default ${fallback}, at most ${TIMEOUT_MAX_S})`,
});

export const timeoutSeconds = (flag: string | undefined, fallback: number): number =>
  intFlag(flag, "timeout", 0, TIMEOUT_MAX_S) ?? fallback;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
