/**
 * `bastionless assume`: AssumeRoleWithSAML for the chosen roles and AWS CLI profiles written
 * (design §1 step 3, §5). Exit 0 when every role was written, 5 when a profile was left alone
 * because bastionless does not own it (PROFILE_NOT_OWNED, PROFILE_OWNED_BY_OTHER_ROLE), else 4
 * when STS refused any.
 */
import { assumeFromSaml } from "../../aws/assume-from-saml";
import { expiryText } from "../../aws/expiry-text";
import { checkProfileName, checkProfileTemplate } from "../../aws/profile-names";
import { createLogger } from "../../config/log";
import { UsageError } from "../../errors";
import { displayText, jsonText } from "../../protocol/display-text";
import { readSamlFile } from "../../saml/read-saml-file";
import { intFlag, parseFlags } from "../args";
import type { Command } from "../command";

const USAGE =
  "bastionless assume --saml-file FILE|- [--role ARN]... [--all-roles] [--profile NAME | --profile-template T] [--force] [--region REGION] [--duration SECONDS] [--json]";

const OPTIONS = {
  "saml-file": { type: "string" },
  role: { type: "string", multiple: true },
  "all-roles": { type: "boolean" },
  profile: { type: "string" },
  "profile-template": { type: "string" },
  force: { type: "boolean" },
  region: { type: "string" },
  duration: { type: "string" },
  json: { type: "boolean" },
} as const;

const NOT_OURS = new Set(["PROFILE_NOT_OWNED", "PROFILE_OWNED_BY_OTHER_ROLE"]);

export const assume: Command = {
  summary: "Assume roles from a SAML response and write AWS CLI profiles",
  usage: USAGE,
  async run(args, io) {
    const { values: v } = parseFlags(args, OPTIONS, USAGE);
    if (!v["saml-file"])
      throw new UsageError("USAGE", "--saml-file is required.", { hint: `Usage: ${USAGE}` });
    const profile = v.profile === undefined ? undefined : checkProfileName(v.profile, "--profile");
    const template = v["profile-template"];
    if (template !== undefined) checkProfileTemplate(template, "--profile-template");
    const durationSeconds = intFlag(v.duration, "duration", 900, 43200);
    const samlResponse = await readSamlFile(v["saml-file"], io.stdin);
    const log = createLogger((l) => io.stderr.write(l), io.env.BASTIONLESS_DEBUG ? "debug" : "warn");
    const outcome = await assumeFromSaml(
      {
        samlResponse,
        roleArns: v.role,
        allRoles: v["all-roles"],
        profile,
        ...(template !== undefined ? { profileTemplate: template } : {}),
        ...(v.force ? { force: true } : {}),
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
