/**
 * `bastionless assume`: AssumeRoleWithSAML for the chosen roles and AWS CLI profiles written
 * (design §1 step 3, §5). Exit 0 when every role was written, 5 when a profile was left alone
 * because bastionless does not own it (PROFILE_NOT_OWNED, PROFILE_OWNED_BY_OTHER_ROLE), else 4
 * when STS refused any.
 */

import { displayText, jsonText } from "../../../../contract/display-text";
import { assumeFromSaml } from "../../aws/assume-from-saml";
import { expiryText } from "../../aws/files/expiry-text";
import { checkProfileName, checkProfileTemplate } from "../../aws/files/profile-names";
import { readSamlFile } from "../../saml/read-saml-file";
import { type FlagTable, intFlag, parseFlags } from "../args";
import { cliLogger } from "../cli-log";
import type { Command } from "../command";
import { SAML_FILE_FLAG } from "./roles";

const FLAGS = {
  "saml-file": SAML_FILE_FLAG,
  role: { type: "string", multiple: true, value: "ARN", description: "assume this role of the assertion" },
  "all-roles": { type: "boolean", description: "assume every role of the assertion" },
  profile: {
    type: "string",
    short: "p",
    value: "NAME",
    complete: "profile",
    description: "the profile name for the one role (default: the template's name)",
  },
  "profile-template": {
    type: "string",
    value: "TEMPLATE",
    description: "profile names from {account}, {accountId}, {role} (default {account}-{role})",
  },
  force: {
    type: "boolean",
    description: "replace a profile bastionless does not own, after backing it up",
  },
  region: {
    type: "string",
    short: "r",
    value: "REGION",
    description: "STS region and the profile's region (default: the sign-in endpoint's)",
  },
  duration: {
    type: "string",
    value: "SECONDS",
    description: "session length, 900-43200 (default: the assertion's SessionDuration, else 3600)",
  },
  "credential-process": {
    type: "boolean",
    description:
      "write credential_process (this program's `credential-process`) into the config file instead of keys into the credentials file",
  },
  json: { type: "boolean", description: "print the profiles written and the failures as JSON" },
} as const satisfies FlagTable;

const NOT_OURS = new Set(["PROFILE_NOT_OWNED", "PROFILE_OWNED_BY_OTHER_ROLE"]);

export const assume: Command = {
  summary: "Assume roles from a SAML response and write AWS CLI profiles",
  description: `Calls STS AssumeRoleWithSAML with a saved SAML response and writes an AWS CLI profile per role,
named {account}-{role} by default. It writes only profiles bastionless owns: another profile of
that name is left unchanged (exit 5) unless --force, which backs it up first. The browser
extension does the same on every sign-in; this is for scripts and saved responses. With
--credential-process the profile gets a credential_process line that runs \`bastionless
credential-process\` instead of keys, so tools always read the newest keys from bastionless's
cache (keys renewed by the browser reach them without rewriting any file).`,
  flags: FLAGS,
  examples: [
    "bastionless assume --saml-file response.txt",
    "pbpaste | bastionless assume --saml-file - --all-roles",
    "bastionless assume --saml-file response.txt --role arn:aws:iam::111122223333:role/Admin -p saml",
    "bastionless assume --saml-file response.txt --credential-process",
  ],
  async run(args, io) {
    const { values: v } = parseFlags("assume", args, FLAGS);
    const profile = v.profile === undefined ? undefined : checkProfileName(v.profile, "--profile");
    const template = v["profile-template"];
    if (template !== undefined) checkProfileTemplate(template, "--profile-template");
    const durationSeconds = intFlag(v.duration, "duration", 900, 43200);
    const samlResponse = await readSamlFile(v["saml-file"]!, io.stdin);
    const log = cliLogger(io);
    const outcome = await assumeFromSaml(
      {
        samlResponse,
        roleArns: v.role,
        allRoles: v["all-roles"],
        profile,
        ...(template !== undefined ? { profileTemplate: template } : {}),
        ...(v.force ? { force: true } : {}),
        ...(v["credential-process"] ? { mode: "credential-process" as const } : {}),
        region: v.region,
        durationSeconds,
      },
      io.env,
      log,
    );
    if (v.json) {
      io.stdout.write(jsonText(outcome, 2));
    } else {
      const now = new Date();
      for (const p of outcome.profiles) {
        io.stdout.write(
          `Profile ${displayText(p.profile)}: ${p.roleArn}, region ${p.region}, expires ${expiryText(p.expiration, now)}.\n`,
        );
        if (p.durationNote) io.stdout.write(`  ${p.durationNote}\n`);
        if (p.backup)
          io.stdout.write(
            `  It replaced a profile bastionless did not own; the old section is saved in ${p.backup}\n`,
          );
      }
      if (outcome.profiles.length)
        io.stdout.write(
          `Use it: aws sts get-caller-identity --profile ${displayText(outcome.profiles[0]!.profile)}\n`,
        );
    }
    for (const f of outcome.failed)
      io.stderr.write(`bastionless: ${f.error.message}\n${f.error.hint ? `${f.error.hint}\n` : ""}`);
    if (outcome.failed.some((f) => NOT_OURS.has(f.error.code))) return 5;
    return outcome.failed.length ? 4 : 0;
  },
};
