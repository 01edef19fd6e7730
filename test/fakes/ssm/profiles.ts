/** Writes sandbox AWS files with a profile the fake SSM knows, so SigV4 can be checked for real. */
import fs from "node:fs";
import path from "node:path";

export interface TestProfile {
  profile: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const TEST_PROFILE: TestProfile = {
  profile: "rdp-test",
  region: "eu-west-1",
  accessKeyId: "ASIATESTRDP000000001",
  secretAccessKey: "test/secret/for/the/fake/ssm/0000000000",
  sessionToken: "FQoGZXIvYXdzEXAMPLESESSIONTOKEN",
};

/** Appends the profile to the credentials and config files (creating them 0600 in a 0700 folder). */
export function writeProfile(
  files: { credentialsFile: string; configFile: string },
  p: TestProfile = TEST_PROFILE,
): void {
  fs.mkdirSync(path.dirname(files.credentialsFile), { recursive: true, mode: 0o700 });
  const creds = [
    `[${p.profile}]`,
    `aws_access_key_id = ${p.accessKeyId}`,
    `aws_secret_access_key = ${p.secretAccessKey}`,
  ];
  if (p.sessionToken) creds.push(`aws_session_token = ${p.sessionToken}`);
  fs.appendFileSync(files.credentialsFile, `${creds.join("\n")}\n`, { mode: 0o600 });
  fs.appendFileSync(files.configFile, `[profile ${p.profile}]\nregion = ${p.region}\n`, { mode: 0o600 });
}

export const secretsOf = (...ps: TestProfile[]) =>
  Object.fromEntries(ps.map((p) => [p.accessKeyId, p.secretAccessKey]));
