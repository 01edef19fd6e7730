/**
 * `bastionless console --profile P [--region R] --print`: a console login URL for any profile
 * holding temporary credentials (issue 11). The URL signs in for 15 minutes, so it is printed only
 * on request, for the user's own browser, and never logged.
 */

import { jsonText } from "../../../../contract/display-text";
import { consoleUrl } from "../../aws/console/console-url";
import { UsageError } from "../../errors";
import { type FlagTable, parseFlags, usageLine } from "../args";
import type { Command } from "../command";
import { profileOf, regionOf, TUNNEL_FLAGS } from "../tunnel-request";

const FLAGS = {
  profile: TUNNEL_FLAGS.profile,
  region: { ...TUNNEL_FLAGS.region, description: "the console's region (default: the profile's region)" },
  print: {
    type: "boolean",
    description: "print the login URL (a secret for 15 minutes) instead of opening it",
  },
  json: { type: "boolean", description: "with --print: print {profile, region, url} as JSON" },
} as const satisfies FlagTable;

const USAGE = usageLine("console", FLAGS);

export const console_: Command = {
  summary: "Sign in to the AWS console with a profile's session",
  description: `Signs in to the AWS Management Console as the profile's role: the profile's temporary
credentials are exchanged for a sign-in token at the AWS federation endpoint (GovCloud and China
included), and a login URL is built for the region's console. Long-term IAM user keys cannot be
federated and are refused. The URL signs in anyone who has it for 15 minutes: --print shows it for
your own browser. Opening it from the CLI is not offered (a browser started with the URL would
show it to every local user in its command line); use the popup's Open console button instead.`,
  flags: FLAGS,
  examples: [
    "bastionless console -p contoso-prod-Admin --print",
    "bastionless console -p contoso-prod-Admin -r us-west-2 --print --json",
  ],
  async run(args, io) {
    const { values } = parseFlags("console", args, FLAGS);
    if (!values.print)
      throw new UsageError(
        "CONSOLE_PRINT_REQUIRED",
        "The CLI prints the console login URL; it does not open it.",
        {
          hint: `Add --print (Usage: ${USAGE}), or use Open console in the extension's popup.`,
        },
      );
    const profile = profileOf(values.profile, io.env, USAGE);
    const { url, region } = await consoleUrl({ profile, region: regionOf(values.region) }, io.env);
    io.stdout.write(values.json ? jsonText({ profile, region, url }) : `${url}\n`);
    return 0;
  },
};
