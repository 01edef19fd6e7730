/**
 * What `rdp` and `forward` share: their common flags, the one TARGET, the profile flag's fallback,
 * and opening a tunnel through the service (started in the background when needed).
 */

import type { TunnelInfo } from "../../../contract/tunnel-info";
import { settingsForService } from "../aws/sdk/aws-settings";
import { checkRegionName } from "../aws/sdk/region-name";
import { parseTarget } from "../aws/ssm/ssm-target";
import { UsageError } from "../errors";
import { onceMoreIfStopping } from "../tunnel/service/client/ensure-service";
import { ensureCurrentService } from "../tunnel/service/client/service-version";
import { serviceEndpoint } from "../tunnel/service/ipc/endpoint";
import {
  ENGINES,
  type EngineName,
  MAX_UPLOAD_RATE,
  MIN_UPLOAD_RATE,
  type StartParams,
} from "../tunnel/service/ipc/ipc-messages";
import type { FlagTable } from "./args";
import type { CliIO } from "./command";

/** Flags every tunnel-opening command takes (the flag table of cli/args.ts). */
export const TUNNEL_FLAGS = {
  profile: {
    type: "string",
    short: "p",
    value: "NAME",
    complete: "profile",
    description: "the AWS CLI profile (default: AWS_PROFILE), e.g. one `bastionless profiles` lists",
  },
  region: {
    type: "string",
    short: "r",
    value: "REGION",
    description: "the instance's region (default: the profile's region)",
  },
  "local-port": {
    type: "string",
    value: "N",
    description: "the local port to listen on (0: any free port)",
  },
  engine: {
    type: "string",
    value: "ENGINE",
    choices: ["builtin", "plugin"],
    description: "builtin (default) or plugin: hand the session to an installed session-manager-plugin",
  },
  "max-upload-rate": {
    type: "string",
    value: "RATE",
    description:
      "cap what the tunnel sends toward the instance, in bytes per second (k/M suffixes, e.g. 150k; builtin engine only)",
  },
  json: { type: "boolean", description: "print the tunnel as JSON" },
} as const satisfies FlagTable;

/** The single TARGET positional (an instance id or Name tag), checked before the service is asked. */
export function targetOf(positionals: string[], usage: string): string {
  if (positionals.length !== 1)
    throw new UsageError("USAGE", "Give exactly one TARGET.", { hint: `Usage: ${usage}` });
  parseTarget(positionals[0]!);
  return positionals[0]!;
}

/** --profile, else AWS_PROFILE (as the AWS CLI does). */
export function profileOf(flag: string | undefined, env: NodeJS.ProcessEnv, usage: string): string {
  const profile = flag ?? env.AWS_PROFILE;
  if (!profile)
    throw new UsageError("USAGE", "Which AWS profile? Pass --profile (-p) or set AWS_PROFILE.", {
      hint: `Usage: ${usage}. \`bastionless profiles\` lists the profiles bastionless wrote.`,
    });
  return profile;
}

/** --region, checked before it reaches the SDK. */
export const regionOf = (flag: string | undefined): string | undefined =>
  flag === undefined ? undefined : checkRegionName(flag);

export function engineOf(flag: string | undefined): EngineName {
  if (flag === undefined) return "builtin";
  if ((ENGINES as readonly string[]).includes(flag)) return flag as EngineName;
  throw new UsageError("USAGE", `--engine must be one of ${ENGINES.join(", ")}.`);
}

/**
 * --max-upload-rate: bytes per second toward the instance, as `200k`, `1.5M` or a plain number
 * (k = 1 000, M = 1 000 000). Pacing below a slow destination's pace keeps the agent's 4 MiB smux
 * buffer from filling, which would stall every stream of the session (docs/ssm-data-channel.md §15).
 */
export function uploadRateOf(flag: string | undefined, engine: EngineName): number | undefined {
  if (flag === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(flag);
  const rate = m ? Math.round(Number(m[1]) * (m[2] === "" ? 1 : /k/i.test(m[2]!) ? 1e3 : 1e6)) : Number.NaN;
  if (!(rate >= MIN_UPLOAD_RATE && rate <= MAX_UPLOAD_RATE))
    throw new UsageError("USAGE", `--max-upload-rate "${flag.slice(0, 20)}" is not a rate from 10k to 10G.`, {
      hint: "Pass bytes per second like 200k or 1.5M.",
    });
  if (engine !== "builtin")
    throw new UsageError("USAGE", "--max-upload-rate works with the built-in engine only.", {
      hint: "Leave out --engine plugin to pace uploads.",
    });
  return rate;
}

/** The service's start request from TUNNEL_FLAGS' values (checked in this order) and where to. */
export function startParams(
  values: { profile?: string; region?: string; engine?: string; "max-upload-rate"?: string },
  env: NodeJS.ProcessEnv,
  usage: string,
  to: Pick<StartParams, "target" | "remotePort" | "remoteHost" | "localPort" | "exactPort">,
): StartParams {
  const engine = engineOf(values.engine);
  const maxUploadRate = uploadRateOf(values["max-upload-rate"], engine);
  return {
    profile: profileOf(values.profile, env, usage),
    region: regionOf(values.region),
    ...to,
    engine,
    ...(maxUploadRate === undefined ? {} : { maxUploadRate }),
    settings: settingsForService(env),
  };
}

export function openTunnel(params: StartParams, io: CliIO): Promise<TunnelInfo> {
  return onceMoreIfStopping(async () => {
    const conn = await ensureCurrentService(serviceEndpoint(io.env), io.env);
    try {
      return await conn.request("start", params);
    } finally {
      conn.close();
    }
  });
}
