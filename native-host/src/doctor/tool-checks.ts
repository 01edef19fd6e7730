/** Programs bastionless works with: an RDP client, the optional session-manager-plugin, the tunnel service. */
import net from "node:net";
import { findExecutable } from "../platform/find-executable";
import { launchersFor } from "../rdp/launchers";
import { serviceEndpoint } from "../tunnel/service/ipc/endpoint";
import { checkServiceEndpoint } from "../tunnel/service/ipc/endpoint-trust";
import { type Check, fail, ok, warn } from "./check";

const RDP_INSTALL: Partial<Record<NodeJS.Platform, string>> = {
  linux: "Install an RDP client: sudo apt install remmina (or freerdp2-x11 for xfreerdp)",
  darwin: "Install Windows App (formerly Microsoft Remote Desktop) from the Mac App Store",
  win32: "mstsc.exe ships with Windows: check that %SystemRoot%\\System32 is on PATH",
};

export function rdpClientCheck(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Check {
  for (const l of launchersFor(platform)) {
    const found = findExecutable(l.program, env, platform);
    if (found) return ok("rdp.client", `${l.program} (${found})`);
  }
  const names = launchersFor(platform)
    .map((l) => l.program)
    .join(", ");
  return warn(
    "rdp.client",
    `no RDP client on PATH (looked for ${names}); tunnels still open, but Connect cannot start a client`,
    RDP_INSTALL[platform] ?? RDP_INSTALL.linux,
  );
}

export function pluginCheck(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Check {
  const found = findExecutable("session-manager-plugin", env, platform);
  return ok(
    "ssm.plugin",
    found
      ? `session-manager-plugin at ${found} (optional alternative engine)`
      : "session-manager-plugin not installed (optional: the built-in data channel is used)",
  );
}

/** The tunnel service answers on its socket, or is simply not running (no tunnels). */
export async function tunnelServiceCheck(env: NodeJS.ProcessEnv, timeoutMs = 1000): Promise<Check> {
  let address: string;
  try {
    const endpoint = serviceEndpoint(env);
    address = endpoint.address;
    if (checkServiceEndpoint(endpoint) === "absent") return ok("tunnel.service", "not running (no tunnels)");
  } catch (err) {
    return fail(
      "tunnel.service",
      (err as Error).message,
      (err as { hint?: string }).hint ?? "Set BASTIONLESS_RUNTIME_DIR to a short folder.",
    );
  }
  const outcome = await new Promise<string>((resolve) => {
    const socket = net.connect(address);
    const done = (what: string) => {
      socket.destroy();
      resolve(what);
    };
    socket.setTimeout(timeoutMs, () => done("TIMEOUT"));
    socket.once("connect", () => done("CONNECTED"));
    socket.once("error", (err: NodeJS.ErrnoException) => done(err.code ?? "ERROR"));
  });
  if (outcome === "CONNECTED") return ok("tunnel.service", `running at ${address}`);
  if (outcome === "ENOENT" || outcome === "ECONNREFUSED")
    return ok("tunnel.service", "not running (no tunnels)");
  return warn(
    "tunnel.service",
    `the tunnel service socket ${address} did not answer (${outcome})`,
    "bastionless tunnels (starts a fresh service when needed)",
  );
}
