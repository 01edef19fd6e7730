/**
 * console.url: a login URL for the profile's console (issue 11). The extension opens it in a tab
 * itself, so the URL (a secret for 15 minutes) never reaches a child process's argv.
 */
import { consoleUrl } from "../../aws/console/console-url";
import type { Handler } from "../handler";

export const consoleUrlHandler: Handler<"console.url"> = {
  async run(params, ctx) {
    return consoleUrl({ profile: params.profile, region: params.region }, ctx.env);
  },
};
