/** The profiles bastionless wrote, with expiry (`bastionless profiles`, profiles.list). */
import type { ProfileInfo } from "../protocol/messages";
import { readConfig, readCredentials, regionOf } from "./profile-files";

/** arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION → arn:aws:iam::ACCOUNT:role/ROLE (the path is not in it). */
export function roleArnFromAssumed(assumed: string): string | null {
  const m = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[^/]+$/.exec(assumed);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : null;
}

export async function listWrittenProfiles(
  env: NodeJS.ProcessEnv,
  now: Date = new Date(),
): Promise<ProfileInfo[]> {
  const [creds, config] = await Promise.all([readCredentials(env), readConfig(env)]);
  const out: ProfileInfo[] = [];
  for (const name of creds.sectionNames()) {
    const keys = creds.get(name)!;
    const principal = keys.get("x_principal_arn");
    if (!principal) continue;
    const expires = Date.parse(keys.get("x_security_token_expires") ?? "");
    out.push({
      profile: name,
      roleArn: roleArnFromAssumed(principal),
      principalArn: principal,
      region: regionOf(config, name),
      expiration: Number.isFinite(expires) ? new Date(expires).toISOString() : null,
      // A profile without a readable expiry cannot be trusted to work: show it as expired.
      expired: !Number.isFinite(expires) || expires <= now.getTime(),
    });
  }
  return out;
}
