/** Profiles bastionless wrote (its record, aws/files/profile-record.ts) and whether their credentials still work. */
import { expiryText } from "../aws/files/expiry-text";
import { listWrittenProfiles } from "../aws/files/written-profiles";
import { type Check, fail, ok, warn } from "./check";

export async function profileChecks(env: NodeJS.ProcessEnv, now: Date = new Date()): Promise<Check[]> {
  let profiles: Awaited<ReturnType<typeof listWrittenProfiles>>;
  try {
    profiles = await listWrittenProfiles(env, now);
  } catch (err) {
    const hint = (err as { hint?: string }).hint;
    return [
      fail(
        "profiles",
        `cannot list profiles: ${(err as Error).message}`,
        hint ?? "Check the AWS credentials file (AWS_SHARED_CREDENTIALS_FILE).",
      ),
    ];
  }
  if (!profiles.length)
    return [ok("profiles", "no profiles written by bastionless yet (sign in through the browser extension)")];
  return profiles.map((p) => {
    const id = `profile.${p.profile}`;
    const role = p.roleArn ?? p.principalArn ?? "unknown role";
    if (p.expired) {
      return warn(
        id,
        `${role}: credentials ${p.expiration ? `expired: ${expiryText(p.expiration, now)}` : "have no readable expiry"}`,
        `Sign in again from the browser, or run \`bastionless assume --saml-file FILE --profile ${p.profile}\`.`,
      );
    }
    return ok(id, `${role}: ${expiryText(p.expiration, now)}${p.region ? `, region ${p.region}` : ""}`);
  });
}
