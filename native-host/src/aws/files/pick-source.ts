/**
 * Which sign-in source `bastionless login` opens (issue 12): the one named by --source, else the
 * one whose sign-in wrote --profile (the credential cache says), else the only one. Pure.
 */
import type { SignInSource } from "../../../../contract/signin-source";
import { UsageError } from "../../errors";
import type { CredentialCache } from "./credential-cache";

const NONE_HINT =
  "Sign in once through the AWS tile in My Apps with the extension installed (or paste the tile's User access URL in the extension's options), then run this again.";

export function pickSource(
  sources: readonly SignInSource[],
  cache: CredentialCache,
  pick: { source?: string; profile?: string },
): SignInSource {
  const names = sources.map((s) => s.name).join(", ");
  if (!sources.length)
    throw new UsageError("SIGNIN_SOURCE_NOT_FOUND", "bastionless knows no sign-in source yet.", {
      hint: NONE_HINT,
    });
  if (pick.source !== undefined) {
    const s = sources.find((x) => x.name === pick.source || x.id === pick.source);
    if (!s)
      throw new UsageError(
        "SIGNIN_SOURCE_NOT_FOUND",
        `No sign-in source is called "${pick.source.slice(0, 128)}".`,
        {
          hint: `Known sources: ${names}.`,
        },
      );
    return s;
  }
  if (pick.profile !== undefined) {
    const id = cache[pick.profile]?.sourceId;
    const s = sources.find((x) => x.id === id);
    if (s) return s;
    if (sources.length > 1)
      throw new UsageError(
        "SIGNIN_SOURCE_AMBIGUOUS",
        `bastionless does not know which sign-in source wrote profile ${pick.profile}.`,
        { hint: `Name one with --source (${names}).` },
      );
  }
  if (sources.length > 1)
    throw new UsageError("SIGNIN_SOURCE_AMBIGUOUS", "There are several sign-in sources.", {
      hint: `Name one with --source (${names}).`,
    });
  return sources[0]!;
}
