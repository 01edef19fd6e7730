/** Every doctor check, in the order a user fixes things: install, browsers, AWS files, tools, clock. */
import { osOf } from "../install/browsers";
import { recordedCallers } from "../protocol/caller";
import { awsFileChecks } from "./aws-file-checks";
import { browserChecks } from "./browser-checks";
import { type Check, guarded } from "./check";
import { clockCheck } from "./clock-check";
import { pathCheck } from "./path-checks";
import { profileChecks } from "./profile-checks";
import { recordChecks } from "./record-checks";
import { pluginCheck, rdpClientCheck, tunnelServiceCheck } from "./tool-checks";

export interface DoctorOptions {
  env: NodeJS.ProcessEnv;
  offline: boolean;
  platform?: NodeJS.Platform;
}

export async function runDoctor(opts: DoctorOptions): Promise<Check[]> {
  const platform = opts.platform ?? process.platform;
  const os = osOf(platform);
  const { env } = opts;
  const records = recordChecks(os, env);
  const groups = await Promise.all([
    guarded("install", () => records.checks),
    guarded("install.path", () => {
      const c = pathCheck(os, env, records.records.user ?? records.records.system);
      return c ? [c] : [];
    }),
    guarded("browser", () =>
      browserChecks({ os, env, records: records.records, hostAllows: recordedCallers(env) }),
    ),
    guarded("aws", () => awsFileChecks(env, platform)),
    guarded("profiles", () => profileChecks(env)),
    guarded("tunnel.service", async () => [await tunnelServiceCheck(env)]),
    guarded("rdp.client", () => [rdpClientCheck(env, platform)]),
    guarded("ssm.plugin", () => [pluginCheck(env, platform)]),
    guarded("clock.skew", async () => [await clockCheck(env, { offline: opts.offline })]),
  ]);
  return groups.flat();
}
