/** The session-manager-plugin hand-off, built as the AWS CLI builds it (spec §2.2). Pure. */
import { describe, expect, it } from "vitest";
import { ssmEndpointUrl } from "../../native-host/src/aws/ssm/ssm-endpoint";
import { startSessionInput } from "../../native-host/src/aws/ssm/ssm-session";
import { defaultLocalPort } from "../../native-host/src/cli/commands/forward";
import {
  pluginInvocation,
  RESPONSE_ENV,
  takesEnvForm,
  versionNewer,
} from "../../native-host/src/tunnel/engines/plugin-argv";

const tokens = {
  sessionId: "user-0a1b2c3d4e5f67890",
  tokenValue: "tok-abc",
  streamUrl:
    "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/user-0a1b2c3d4e5f67890?role=publish_subscribe",
};
const request = startSessionInput({
  target: "i-0123456789abcdef0",
  remotePort: 3389,
  localPortNumber: 13389,
});
const base = {
  tokens,
  region: "eu-west-1",
  profile: "saml",
  request,
  ssmEndpoint: "https://ssm.eu-west-1.amazonaws.com",
};

describe("session-manager-plugin argv", () => {
  it("passes the response in AWS_SSM_START_SESSION_RESPONSE, never in argv", () => {
    const { args, env } = pluginInvocation(base);
    expect(args).toEqual([
      "AWS_SSM_START_SESSION_RESPONSE",
      "eu-west-1",
      "StartSession",
      "saml",
      '{"Target":"i-0123456789abcdef0","DocumentName":"AWS-StartPortForwardingSession","Parameters":{"portNumber":["3389"],"localPortNumber":["13389"]}}',
      "https://ssm.eu-west-1.amazonaws.com",
    ]);
    expect(args.join(" ")).not.toContain("tok-abc");
    expect(JSON.parse(env[RESPONSE_ENV]!)).toEqual({
      SessionId: tokens.sessionId,
      TokenValue: "tok-abc",
      StreamUrl: tokens.streamUrl,
    });
  });

  it("accepts only plugins that read the env-var form (newer than 1.2.497.0)", () => {
    expect(takesEnvForm("1.2.650.0")).toBe(true);
    for (const v of ["1.2.497.0", "1.1.17.0", null, "garbage"]) expect(takesEnvForm(v)).toBe(false);
  });

  it("compares versions numerically", () => {
    expect(versionNewer("1.2.10.0", "1.2.9.0")).toBe(true);
    expect(versionNewer("1.2.497.0", "1.2.497.0")).toBe(false);
    expect(versionNewer("1.2.497.1", "1.2.497")).toBe(true);
    expect(versionNewer("1.x", "1.0")).toBe(false);
  });

  it("uses the SDK's endpoint settings for argv[6], else the regional endpoint", () => {
    expect(ssmEndpointUrl("eu-west-1", {})).toBe("https://ssm.eu-west-1.amazonaws.com");
    expect(ssmEndpointUrl("cn-north-1", {})).toBe("https://ssm.cn-north-1.amazonaws.com.cn");
    expect(
      ssmEndpointUrl("eu-west-1", { AWS_ENDPOINT_URL: "http://a", AWS_ENDPOINT_URL_SSM: "http://b" }),
    ).toBe("http://b");
    expect(
      ssmEndpointUrl("eu-west-1", {
        AWS_ENDPOINT_URL_SSM: "http://b",
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true",
      }),
    ).toBe("https://ssm.eu-west-1.amazonaws.com");
  });
});

describe("forward defaults", () => {
  it("keeps unprivileged remote ports locally and picks any port for privileged ones", () => {
    expect(defaultLocalPort(5432)).toBe(5432);
    expect(defaultLocalPort(22)).toBe(0);
  });

  it("asks StartSession for the port on the instance", () => {
    expect(startSessionInput({ target: "i-0123456789abcdef0", remotePort: 5432 })).toEqual({
      Target: "i-0123456789abcdef0",
      DocumentName: "AWS-StartPortForwardingSession",
      Parameters: { portNumber: ["5432"] },
    });
  });
});
