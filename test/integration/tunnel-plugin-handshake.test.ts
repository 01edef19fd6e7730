/**
 * `--engine plugin` against the double's handshake, as far as it goes without the plugin (it is
 * not installed here): the Go plugin listens on the `localPortNumber` the agent echoes from
 * StartSession's parameters (spec §15), and plugin-engine waits on the port it put in that
 * request. So the chain request → StartSession → HandshakeRequest must carry the same port, and
 * the argv the plugin gets must carry the same request (and no token).
 */
import { afterEach, describe, expect, it } from "vitest";
import { awsSettingsFromEnv } from "../../native-host/src/aws/sdk/aws-settings";
import { startSessionInput } from "../../native-host/src/aws/ssm/ssm-session";
import { RESPONSE_ENV } from "../../native-host/src/tunnel/engines/plugin-argv";
import { pluginHandOff } from "../../native-host/src/tunnel/engines/plugin-engine";
import { echoThrough } from "../support/echo";
import { closedPort, startTunnelRig, type TunnelRig } from "../support/tunnel-rig";

let rig: TunnelRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

type Request = {
  RequestedClientActions: Array<{ ActionParameters: { Properties: Record<string, string> } }>;
};
const properties = (r: TunnelRig) =>
  (rig!.fake.session(r.sessionId)!.handshakeRequest as Request).RequestedClientActions[0]!.ActionParameters
    .Properties;

describe("the plugin engine's hand-off against the double's handshake", () => {
  it("echoes the localPortNumber plugin-engine asked for, which is where it waits", async () => {
    const pluginPort = await closedPort();
    const target = "i-0123456789abcdef0";
    // What the runner asks StartSession for when the plugin engine chose pluginPort.
    const ctx = {
      scope: { profile: "dev", region: "eu-west-1", settings: awsSettingsFromEnv({ HOME: "/nonexistent" }) },
      target,
      remotePort: 0,
      localPort: 0,
      env: {},
    };
    rig = await startTunnelRig({
      parameters: startSessionInput({ target, remotePort: 3389, localPortNumber: pluginPort }).Parameters,
    });
    expect(properties(rig)).toEqual({
      type: "LocalPortForwarding",
      portNumber: "3389",
      localPortNumber: String(pluginPort),
    });
    const tokens = { sessionId: rig.sessionId, tokenValue: "secret-token-value", streamUrl: "wss://x/y" };
    const { args, env } = pluginHandOff({ ...ctx, remotePort: 3389 }, pluginPort, tokens);
    expect(JSON.parse(args[4]!).Parameters).toEqual({
      portNumber: ["3389"],
      localPortNumber: [String(pluginPort)],
    });
    expect(args.join(" ")).not.toContain(tokens.tokenValue);
    expect(JSON.parse(env[RESPONSE_ENV]!).TokenValue).toBe(tokens.tokenValue);
    // The double's handshake is one a client completes (the built-in engine stands in for the plugin).
    expect((await echoThrough(rig.pf.localPort, 10_000)).bytes).toBe(10_000);
  });

  it("sends no localPortNumber when StartSession asked for none (the built-in engine's request)", async () => {
    rig = await startTunnelRig({ parameters: { portNumber: ["3389"] } });
    expect(properties(rig)).toEqual({ type: "LocalPortForwarding", portNumber: "3389" });
    const hs = rig.fake.session(rig.sessionId)!;
    expect(hs.mode).toBe("mux");
  });
});
