/**
 * `bastionless ssh-proxy`: an AWS-StartSSHSession carried over one stream, stdin/stdout for
 * OpenSSH's ProxyCommand (issue 13). As session-manager-plugin does for a session without `type`
 * (portsession.go → StandardStreamForwarding): no listener, no smux, the stream's bytes are the
 * Output payloads (spec §8.2, §8.3). The agent ends the session when sshd closes the connection
 * (port_basic.go handleSSHDPortError); the stream's end ends it from our side (TerminateSession
 * flag, spec §8.5). Nothing but the stream's bytes goes to the stream: logs go to the logger.
 */
import type { Duplex } from "node:stream";
import type { AwsSettings } from "../../aws/sdk/aws-settings";
import { resolveRegion } from "../../aws/ssm/ssm-client";
import { listInstances } from "../../aws/ssm/ssm-instances";
import { resumeSession, startSession, terminateSession } from "../../aws/ssm/ssm-session";
import { parseTarget, pickTarget } from "../../aws/ssm/ssm-target";
import type { Logger } from "../../config/log";
import { TunnelError } from "../../errors";
import { startBuiltinPortForward } from "../engines/builtin-engine";
import { WS_DEFAULTS, wsConnector } from "../session/ws-transport";

export interface SshStreamRequest {
  profile: string;
  region?: string;
  target: string;
  port: number;
  settings: AwsSettings;
  stream: Duplex;
  log: Logger;
}

/** The session ended with no Output: sshd closed the connection (port_basic.go), a clean end. */
const cleanEnd = (e: { code: string; message: string }) =>
  e.code === "TUNNEL_CHANNEL_CLOSED" && e.message.startsWith("Exiting session");

/** Resolves when the session is over: the stream ended (ssh closed it) or sshd closed the connection. */
export async function runSshStream(r: SshStreamRequest): Promise<void> {
  const region = await resolveRegion({ profile: r.profile, region: r.region, settings: r.settings });
  const scope = { profile: r.profile, region, settings: r.settings };
  const spec = parseTarget(r.target);
  const instanceId =
    spec.kind === "id"
      ? spec.instanceId
      : pickTarget(spec, (await listInstances(scope, { log: r.log })).instances, r.profile).instanceId;
  let { tokens } = await startSession(scope, { target: instanceId, remotePort: r.port, ssh: true });
  r.log.info("ssh session started", { target: instanceId, sessionId: tokens.sessionId });
  const forward = await startBuiltinPortForward(
    {
      session: tokens,
      remotePort: r.port,
      localPort: 0,
      host: "127.0.0.1",
      stream: r.stream,
      resume: async () => {
        const next = await resumeSession(scope, tokens);
        if (next) tokens = next;
        return next;
      },
      terminate: () => terminateSession(scope, tokens.sessionId),
      log: r.log,
      onEvent: (e) => r.log.info("ssh session", { state: e.state, error: e.error }),
    },
    { connect: wsConnector(WS_DEFAULTS, r.settings) },
  );
  const end = await forward.ended;
  r.stream.destroy();
  if (end.error && !cleanEnd(end.error))
    throw new TunnelError(end.error.code, end.error.message, {
      hint: "Check the instance (`bastionless instances --all-platforms`) and that sshd listens on that port.",
    });
}
