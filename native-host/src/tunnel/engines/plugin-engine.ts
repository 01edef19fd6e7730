/**
 * `--engine plugin`: hands the session to an installed session-manager-plugin the way the AWS
 * CLI does (spec §2.2) and wraps the process as a StartPortForward. Optional: the built-in
 * engine needs nothing installed. The plugin reports no byte counts, so stats stay at zero.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { type AwsSettings, settingsEnv } from "../../aws/sdk/aws-settings";
import { ssmEndpointUrl } from "../../aws/ssm/ssm-endpoint";
import { startSessionInput } from "../../aws/ssm/ssm-session";
import { TunnelError } from "../../errors";
import { canConnect } from "../../platform/can-connect";
import { findExecutable } from "../../platform/find-executable";
import { findFreePort } from "../../platform/free-port";
import type { EngineStats, PortForward, PortForwardOptions, PreparedEngine } from "./engine";
import { ENV_FORM_MIN_VERSION, pluginInvocation, takesEnvForm } from "./plugin-argv";

export const PLUGIN_NAME = "session-manager-plugin";
/** The plugin opens its port after the handshake; the agent itself allows 15 s (spec §6.5). */
const OPEN_TIMEOUT_MS = 30_000;
/** After SIGINT the plugin sends the TerminateSession flag and exits at once (spec §8.5). */
const EXIT_GRACE_MS = 3_000;

export interface PluginContext {
  scope: { profile: string; region: string; settings: AwsSettings };
  target: string;
  remotePort: number;
  remoteHost?: string;
  localPort: number;
  env: NodeJS.ProcessEnv;
}

function pluginVersion(exe: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(exe, ["--version"], { timeout: 5_000 }, (err, stdout) =>
      resolve(err ? null : stdout.trim().slice(0, 32) || null),
    );
  });
}

export async function preparePluginEngine(ctx: PluginContext): Promise<PreparedEngine> {
  const exe = findExecutable(PLUGIN_NAME, ctx.env);
  if (!exe) {
    throw new TunnelError("PLUGIN_NOT_FOUND", `${PLUGIN_NAME} is not on PATH.`, {
      hint: "Install the Session Manager plugin, or leave out --engine plugin to use the built-in engine.",
    });
  }
  const version = await pluginVersion(exe);
  if (!takesEnvForm(version)) {
    throw new TunnelError(
      "PLUGIN_TOO_OLD",
      `${PLUGIN_NAME} ${version ?? "(version unknown)"} is older than ${ENV_FORM_MIN_VERSION}.`,
      {
        hint: "Update the Session Manager plugin, or leave out --engine plugin to use the built-in engine.",
      },
    );
  }
  const localPort = await findFreePort(ctx.localPort);
  if (localPort === null) {
    throw new TunnelError("LOCAL_PORT_UNAVAILABLE", `No free local port from ${ctx.localPort}.`, {
      hint: "Pick another --local-port.",
    });
  }
  return {
    localPortNumber: localPort,
    start: (opts) => startPlugin(exe, version, localPort, ctx, opts),
  };
}

/**
 * What the plugin is given. It listens on the `localPortNumber` the agent echoes back from
 * StartSession's parameters in its HandshakeRequest (spec §15), never on a port of its own
 * choosing: so the request must carry the port waitForPort then watches. It reads the caller's
 * settings the AWS CLI way, from its environment.
 */
export function pluginHandOff(ctx: PluginContext, localPort: number, tokens: PortForwardOptions["session"]) {
  const callerEnv = settingsEnv(ctx.scope.settings);
  const { args, env } = pluginInvocation({
    tokens,
    region: ctx.scope.region,
    profile: ctx.scope.profile,
    request: startSessionInput({
      target: ctx.target,
      remotePort: ctx.remotePort,
      ...(ctx.remoteHost === undefined ? {} : { remoteHost: ctx.remoteHost }),
      localPortNumber: localPort,
    }),
    ssmEndpoint: ssmEndpointUrl(ctx.scope.region, callerEnv),
  });
  return { args, env: { ...callerEnv, ...env } };
}

async function startPlugin(
  exe: string,
  version: string | null,
  localPort: number,
  ctx: PluginContext,
  opts: PortForwardOptions,
): Promise<PortForward> {
  const { args, env } = pluginHandOff(ctx, localPort, opts.session);
  const child = spawn(exe, args, {
    env: { ...ctx.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    windowsHide: true,
  });
  let output = "";
  const keep = (c: Buffer) => {
    output = (output + c.toString("utf8")).slice(-4000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const ended = new Promise<Awaited<PortForward["ended"]>>((resolve) => {
    child.once("exit", (code) =>
      resolve(
        code === 0
          ? { state: "closed" }
          : {
              state: "failed",
              error: { code: "PLUGIN_FAILED", message: lastLine(output) || `exit ${code}` },
            },
      ),
    );
    child.once("error", (err) =>
      resolve({ state: "failed", error: { code: "PLUGIN_FAILED", message: err.message } }),
    );
  });
  await waitForPort(localPort, child, ended, () => output);
  opts.log.info("session-manager-plugin listening", { port: localPort, version });
  const stats: EngineStats = { bytesIn: 0, bytesOut: 0, connections: 0 };
  return {
    localPort,
    stats: () => ({ ...stats }),
    ended,
    stop: async () => {
      // SIGINT makes the plugin send the TerminateSession flag (spec §8.5); the runner then also
      // calls the TerminateSession API, as for the built-in engine.
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), EXIT_GRACE_MS);
      await ended;
      clearTimeout(timer);
    },
  };
}

async function waitForPort(
  port: number,
  child: ChildProcess,
  ended: Promise<unknown>,
  output: () => string,
): Promise<void> {
  let gone = false;
  void ended.then(() => (gone = true));
  const deadline = Date.now() + OPEN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw pluginFailed(output());
    if (await canConnect({ port, host: "127.0.0.1" })) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw pluginFailed(`${output()}\n(no port after ${OPEN_TIMEOUT_MS / 1000} s)`);
}

const lastLine = (s: string) => s.trim().split("\n").at(-1)?.slice(0, 300) ?? "";

function pluginFailed(output: string): TunnelError {
  return new TunnelError(
    "PLUGIN_FAILED",
    `session-manager-plugin stopped: ${lastLine(output) || "no output"}`,
    {
      hint: "Check the plugin with `session-manager-plugin --version`, or use the built-in engine (leave out --engine plugin).",
    },
  );
}
