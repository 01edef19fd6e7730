/**
 * The real OpenIO for a caller's environment: its bastionless-written profiles, its SSM instance
 * lookups and its AWS settings (the same settings every tunnel of the caller carries, design §7).
 * The tunnel start is the caller's own (the CLI's service connection, the host's ServiceLink).
 */

import { listWrittenProfiles } from "../aws/files/written-profiles";
import { settingsForService } from "../aws/sdk/aws-settings";
import { listInstances } from "../aws/ssm/ssm-instances";
import type { Logger } from "../config/log";
import type { OpenIO } from "./open-connection";

export function openIO(env: NodeJS.ProcessEnv, log: Logger, startTunnel: OpenIO["startTunnel"]): OpenIO {
  return {
    settings: () => settingsForService(env),
    writtenProfiles: () => listWrittenProfiles(env),
    findInstances: (profile, region) => async (tags) =>
      (await listInstances({ profile, ...(region ? { region } : {}) }, { log, ...(tags ? { tags } : {}) }))
        .instances,
    startTunnel,
  };
}
