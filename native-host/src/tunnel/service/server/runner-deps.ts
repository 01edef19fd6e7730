/**
 * The real dependencies of a TunnelRunner: SSM calls with the profile's credentials, and the
 * engines. Engines are imported lazily: the plugin engine only when asked for, the built-in one
 * when the first tunnel opens.
 */

import { profileIdentity } from "../../../aws/ssm/profile-identity";
import { resolveRegion } from "../../../aws/ssm/ssm-client";
import { listInstances } from "../../../aws/ssm/ssm-instances";
import { resumeSession, startSession, terminateSession } from "../../../aws/ssm/ssm-session";
import type { Logger } from "../../../config/log";
import type { RunnerDeps } from "./tunnel-runner";

export function runnerDeps(log: Logger, env: NodeJS.ProcessEnv): Omit<RunnerDeps, "table"> {
  return {
    log,
    aws: {
      region: resolveRegion,
      instances: async (scope, instanceIds) => (await listInstances(scope, { instanceIds, log })).instances,
      startSession,
      resumeSession,
      terminateSession,
      identity: profileIdentity,
    },
    prepareEngine: async (name, ctx) => {
      if (name === "plugin") {
        const { preparePluginEngine } = await import("../../engines/plugin-engine");
        return preparePluginEngine({ ...ctx, env });
      }
      const { startBuiltinPortForward } = await import("../../engines/builtin-engine");
      const { UPLOAD_WINDOW_DEFAULTS } = await import("../../core/upload-window");
      const { WS_DEFAULTS, wsConnector } = await import("../../session/ws-transport");
      // The websocket goes out with the caller's CA bundle and proxy, as its SSM calls do.
      const connect = wsConnector(WS_DEFAULTS, ctx.scope.settings);
      const uploadWindow = { ...UPLOAD_WINDOW_DEFAULTS, maxBytesPerSecond: ctx.maxUploadRate ?? null };
      return { start: (opts) => startBuiltinPortForward(opts, { connect, uploadWindow }) };
    },
  };
}
