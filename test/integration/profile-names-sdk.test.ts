/**
 * Profile names against the AWS SDK's own INI reading (@smithy shared-ini-file-loader, through
 * loadSharedConfigFiles): every name the validator accepts, written by the product's writer,
 * reads back as the same profile with the same keys and its region; the names it refuses are
 * ones the SDK really reads differently (issue 17 finding 4).
 */
import fs from "node:fs";
import path from "node:path";
import { loadSharedConfigFiles } from "@smithy/core/config";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { expandProfileTemplate, isProfileName } from "../../contract/profile-name";
import { writeConfigRegions } from "../../native-host/src/aws/files/profile-files";
import { writeOwnedProfiles } from "../../native-host/src/aws/files/write-owned-profiles";
import { makeSandbox } from "../support/sandbox";

const sb = makeSandbox();
afterAll(() => sb.cleanup());

/** What the SDK sees for a profile in both files. */
async function sdkView(name: string) {
  const files = await loadSharedConfigFiles({
    filepath: sb.credentialsFile,
    configFilepath: sb.configFile,
    ignoreCache: true,
  });
  return { creds: files.credentialsFile[name], config: files.configFile[name], files };
}

const role = (account: string, name: string) => ({
  roleArn: `arn:aws:iam::${account}:role/${name}`,
  principalArn: `arn:aws:iam::${account}:saml-provider/Entra`,
  accountId: account,
  roleName: name,
});

let n = 0;
async function write(profile: string, region = "eu-west-3") {
  const id = `ASIA${String(++n).padStart(16, "0")}`;
  const creds = {
    accessKeyId: id,
    secretAccessKey: `secret${n}`,
    sessionToken: `token${n}`,
    expiration: new Date("2030-01-01T00:00:00Z"),
    assumedRoleArn: `arn:aws:sts::111122223333:assumed-role/R${n}/u`,
  };
  const r = role("111122223333", `R${n}`);
  const out = await writeOwnedProfiles(sb.env, [{ role: r, profile, creds, region }], true);
  expect(out.written.map((w) => w.profile)).toEqual([profile]);
  return { id, creds, region };
}

// The characters that break INI readers, and ordinary ones, so both sides are explored.
const CHARS = [..."aZ09_.@+-=,;# []\t:/%'\"\\!$&*()~`^{}|<>?ü", "\u00a0", "\u202e"];
const SAFE = [..."aZ09_.@+-"];
const word = (chars: string[]) =>
  fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 12 }).map((cs) => cs.join(""));
const candidate = fc
  .oneof(word(SAFE), word(CHARS), fc.constant("default"))
  .chain((core) =>
    fc.constantFrom(core, `default${core}`, `profile ${core}`, `sso-session.${core}`, `x${core}`),
  );

describe("profile names and the AWS SDK's INI parser", () => {
  it("every accepted name reads back as itself, with our keys and region, next to other sections", async () => {
    fs.mkdirSync(path.dirname(sb.configFile), { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      sb.configFile,
      "[default]\nregion = us-west-2\n\n[sso-session corp]\nsso_region = eu-west-1\n\n[services local]\ns3 =\n  endpoint_url = http://127.0.0.1\n",
      { mode: 0o600 },
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(candidate, async (name) => {
        if (!isProfileName(name)) return;
        accepted++;
        const { id, creds, region } = await write(name);
        const view = await sdkView(name);
        expect(view.creds).toEqual({
          aws_access_key_id: id,
          aws_secret_access_key: creds.secretAccessKey,
          aws_session_token: creds.sessionToken,
          aws_security_token: creds.sessionToken,
          x_security_token_expires: "2030-01-01T00:00:00Z",
          x_principal_arn: creds.assumedRoleArn,
        });
        expect(view.config).toEqual({ region });
        // Nothing leaked into another section.
        expect(view.files.configFile["sso-session.corp"]).toEqual({ sso_region: "eu-west-1" });
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(20);
  });

  it("the names it refuses are ones the SDK reads as another profile or without their region", async () => {
    const refused = ["sandbox #2", "a;b x", "x=y", "a,b", "two words", "profile x", " lead"];
    for (const name of refused) expect(isProfileName(name), name).toBe(false);
    // Written anyway with the plain INI editor, they come back wrong (a comment, or no region).
    const { IniDocument } = await import("../../native-host/src/aws/files/ini-document");
    const creds = IniDocument.parse("[prod]\naws_access_key_id = AKIAPROD\n");
    const config = IniDocument.parse("");
    for (const [i, name] of refused.entries()) {
      creds.set(name, [["aws_access_key_id", `AKIAREFUSED${i}`]]);
      config.set(`profile ${name}`, [["region", "eu-west-3"]]);
    }
    fs.writeFileSync(sb.credentialsFile, creds.toString());
    fs.writeFileSync(sb.configFile, config.toString());
    const { files } = await sdkView("prod");
    // `[sandbox #2]` is a comment to the SDK: its key lands in the profile before it.
    expect(files.credentialsFile.prod?.aws_access_key_id).toBe("AKIAREFUSED0");
    for (const name of ["x=y", "a,b", "two words"])
      expect(files.configFile[name]?.region, name).toBeUndefined();
  });

  it("names made from role names with = and , are accepted and keep their region", async () => {
    const name = expandProfileTemplate("{account}-{role}", {
      accountId: "111122223333",
      alias: null,
      roleName: "Ops=Team,EU",
    });
    expect(isProfileName(name)).toBe(true);
    fs.writeFileSync(sb.credentialsFile, "");
    fs.writeFileSync(sb.configFile, "");
    await write(name, "ap-south-1");
    await writeConfigRegions(sb.env, [{ profile: name, region: "ap-south-1" }]);
    expect((await sdkView(name)).config).toEqual({ region: "ap-south-1" });
  });
});
