import { describe, expect, it } from "vitest";
import {
  CLIENT_VERSION,
  decidePortMode,
  isVersionGreater,
} from "../../native-host/src/tunnel/core/agent-version";
import { parseHandshakeComplete, planHandshake } from "../../native-host/src/tunnel/core/handshake";

const request = (agentVersion: string, actions: unknown[]) =>
  Buffer.from(JSON.stringify({ AgentVersion: agentVersion, RequestedClientActions: actions }));
const portAction = (type = "LocalPortForwarding") => ({
  ActionType: "SessionType",
  ActionParameters: {
    SessionType: "Port",
    Properties: { portNumber: "3389", type, localPortNumber: "45123" },
  },
});

describe("version rules (spec §8.2)", () => {
  it("compares like the plugin: same length, numeric, strictly greater", () => {
    expect(isVersionGreater("3.3.40.0", "3.0.196.0")).toBe(true);
    expect(isVersionGreater("3.0.196.0", "3.0.196.0")).toBe(false);
    expect(isVersionGreater("3.0.196.1", "3.0.196.0")).toBe(true);
    expect(isVersionGreater("3.1.1512.0", "3.1.1511.0")).toBe(true);
    expect(isVersionGreater("10.0.0.0", "9.9.9.9")).toBe(true);
    expect(isVersionGreater("3.3.40", "3.0.196.0")).toBe(false); // different length ⇒ not supported
    expect(isVersionGreater("3.3.x.0", "3.0.196.0")).toBe(false);
  });

  it("reports a four-part ClientVersion above 1.2.331.0 (keepalive off, mux on at the agent)", () => {
    expect(CLIENT_VERSION.split(".")).toHaveLength(4);
    expect(isVersionGreater(CLIENT_VERSION, "1.2.331.0")).toBe(true);
  });

  it.each([
    ["3.3.40.0", "LocalPortForwarding", "mux", false, true],
    ["3.1.1511.0", "LocalPortForwarding", "mux", true, true],
    ["3.0.196.0", "LocalPortForwarding", "basic", true, true],
    ["2.3.722.0", "LocalPortForwarding", "basic", true, false],
    ["3.3.40.0", "", "basic", false, true],
  ])("agent %s, type %j → %s, keepalive %s, flag %s", (agent, type, mode, keepAlive, flag) => {
    expect(decidePortMode(agent, type)).toEqual({ mode, smuxKeepAlive: keepAlive, terminateFlag: flag });
  });
});

describe("handshake (spec §6)", () => {
  it("answers a Port session with one successful action, as the plugin's bytes but our version", () => {
    const plan = planHandshake(request("3.3.40.0", [portAction()]));
    expect(plan.response.toString()).toBe(
      `{"ClientVersion":"${CLIENT_VERSION}","ProcessedClientActions":[{"ActionType":"SessionType","ActionStatus":1,"ActionResult":null,"Error":""}],"Errors":null}`,
    );
    expect(plan.refusal).toBeNull();
    expect(plan.properties).toEqual({
      portNumber: "3389",
      type: "LocalPortForwarding",
      localPortNumber: "45123",
    });
    expect(plan.mode).toBe("mux");
  });

  it("declines KMSEncryption with status 2 and ends with TUNNEL_KMS_UNSUPPORTED (spec §6.6)", () => {
    const plan = planHandshake(
      request("3.3.40.0", [
        portAction(),
        { ActionType: "KMSEncryption", ActionParameters: { KMSKeyId: "k" } },
      ]),
    );
    const body = JSON.parse(plan.response.toString());
    expect(body.ProcessedClientActions[1]).toMatchObject({ ActionType: "KMSEncryption", ActionStatus: 2 });
    expect(body.Errors).toHaveLength(1);
    expect(plan.refusal?.code).toBe("TUNNEL_KMS_UNSUPPORTED");
  });

  it("answers an unknown action with status 3 (the plugin's bug puts 3 in ActionResult)", () => {
    const plan = planHandshake(request("3.3.40.0", [portAction(), { ActionType: "Future" }]));
    expect(JSON.parse(plan.response.toString()).ProcessedClientActions[1]).toMatchObject({
      ActionStatus: 3,
      ActionResult: null,
    });
    expect(plan.refusal).toBeNull();
  });

  it("refuses a shell session type", () => {
    const plan = planHandshake(
      request("3.3.40.0", [
        { ActionType: "SessionType", ActionParameters: { SessionType: "Standard_Stream" } },
      ]),
    );
    expect(plan.refusal?.code).toBe("TUNNEL_NOT_PORT_SESSION");
  });

  it.each([
    ["not json"],
    ["[]"],
    ['{"RequestedClientActions":[]}'],
    ['{"AgentVersion":"3.3.40.0","RequestedClientActions":{}}'],
    ['{"AgentVersion":"3.3.40.0","RequestedClientActions":[]}'],
  ])("codes a malformed request %j", (text) => {
    let code: string | undefined;
    try {
      code = planHandshake(Buffer.from(text)).refusal?.code;
    } catch (err) {
      code = (err as { code: string }).code;
    }
    expect(code).toBe("TUNNEL_HANDSHAKE_MALFORMED");
  });

  it("reads CustomerMessage from HandshakeComplete", () => {
    expect(
      parseHandshakeComplete(Buffer.from('{"HandshakeTimeToComplete":123,"CustomerMessage":"hi"}')),
    ).toEqual({ customerMessage: "hi" });
    expect(parseHandshakeComplete(Buffer.from('{"HandshakeTimeToComplete":1}'))).toEqual({
      customerMessage: "",
    });
  });
});
