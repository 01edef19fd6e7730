/** TARGET parsing and picking, SSM records → InstanceInfo, and SDK errors → coded errors. Pure. */
import { describe, expect, it } from "vitest";
import type { InstanceInfo } from "../../contract/domain";
import { toAwsError } from "../../native-host/src/aws/ssm/ssm-errors";
import { toInstanceInfo } from "../../native-host/src/aws/ssm/ssm-instances";
import { checkTokens } from "../../native-host/src/aws/ssm/ssm-session";
import { parseTarget, pickTarget } from "../../native-host/src/aws/ssm/ssm-target";

const info = (instanceId: string, name: string | null) =>
  ({ instanceId, name, platformType: "Windows" }) as InstanceInfo;

describe("TARGET", () => {
  it("knows instance ids (any case) and names", () => {
    expect(parseTarget("i-0123456789abcdef0")).toEqual({ kind: "id", instanceId: "i-0123456789abcdef0" });
    expect(parseTarget("i-0123ABCD")).toEqual({ kind: "id", instanceId: "i-0123abcd" });
    expect(parseTarget("mi-0123456789abcdef0")).toEqual({ kind: "id", instanceId: "mi-0123456789abcdef0" });
    expect(parseTarget("web server 1")).toEqual({ kind: "name", name: "web server 1" });
    expect(parseTarget("i-123")).toEqual({ kind: "name", name: "i-123" });
  });

  it.each(["", " web", "web\n", "a\u0007b", "x".repeat(257), "team/web-1", "büro", "a\u202Eb"])(
    "refuses %j",
    (t) => {
      expect(() => parseTarget(t)).toThrow(
        expect.objectContaining({ code: "TARGET_INVALID", hint: expect.stringContaining("instance id") }),
      );
    },
  );

  it("picks exactly one instance by Name", () => {
    const list = [
      info("i-0000000000000000a", "web"),
      info("i-0000000000000000b", "db"),
      info("i-0000000000000000c", "db"),
    ];
    expect(pickTarget({ kind: "name", name: "web" }, list, "p")).toEqual({
      instanceId: "i-0000000000000000a",
      name: "web",
      platformType: "Windows",
    });
    expect(() => pickTarget({ kind: "name", name: "db" }, list, "p")).toThrow(
      expect.objectContaining({ code: "TARGET_AMBIGUOUS", exitCode: 2 }),
    );
    expect(() => pickTarget({ kind: "name", name: "WEB" }, list, "p")).toThrow(
      expect.objectContaining({ code: "TARGET_NOT_FOUND" }),
    );
    expect(pickTarget({ kind: "id", instanceId: "i-0000000000000000f" }, list, "p")).toEqual({
      instanceId: "i-0000000000000000f",
      name: null,
      platformType: null,
    });
  });
});

describe("DescribeInstanceInformation records", () => {
  it("keeps what is well formed and drops what is not", () => {
    expect(
      toInstanceInfo({
        InstanceId: "i-0123456789abcdef0",
        PingStatus: "Online",
        PlatformType: "Windows",
        ComputerName: "EC2AMAZ-1\nx",
      }),
    ).toEqual({
      instanceId: "i-0123456789abcdef0",
      name: null,
      computerName: null,
      platformName: null,
      platformType: "Windows",
      pingStatus: "Online",
      agentVersion: null,
      ipAddress: null,
    });
    expect(toInstanceInfo({ InstanceId: "../../etc" })).toBeNull();
    expect(toInstanceInfo({})).toBeNull();
  });
});

describe("StartSession answers", () => {
  it("refuses incomplete or odd tokens", () => {
    const ok = {
      SessionId: "user-0a1b2c3d4e5f67890",
      TokenValue: "t",
      StreamUrl: "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/x?role=publish_subscribe",
    };
    const AWS = "https://ssm.eu-west-1.amazonaws.com";
    expect(checkTokens(ok, "StartSession", AWS)).toEqual({
      sessionId: ok.SessionId,
      tokenValue: "t",
      streamUrl: ok.StreamUrl,
    });
    for (const bad of [
      { ...ok, StreamUrl: "file:///etc/passwd" },
      { ...ok, SessionId: "a/b" },
      { ...ok, TokenValue: "" },
      { ...ok, StreamUrl: "not a url" },
    ]) {
      expect(() => checkTokens(bad, "StartSession", AWS)).toThrow(
        expect.objectContaining({ code: "AWS_BAD_ANSWER" }),
      );
    }
  });

  it("take plain ws:// only on loopback from a loopback http:// stand-in endpoint (issue 17)", () => {
    const ok = { SessionId: "user-0a1b2c3d4e5f67890", TokenValue: "t" };
    const FAKE = "http://127.0.0.1:4566";
    const plain = (StreamUrl: string, endpoint: string) => () =>
      checkTokens({ ...ok, StreamUrl }, "StartSession", endpoint);
    expect(plain("ws://127.0.0.1:9/v1/data-channel/x", FAKE)()).toMatchObject({ tokenValue: "t" });
    expect(plain("ws://[::1]:9/v1/data-channel/x", "http://localhost:4566")()).toMatchObject({
      tokenValue: "t",
    });
    for (const [url, endpoint] of [
      ["ws://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/x", "https://ssm.eu-west-1.amazonaws.com"],
      ["ws://127.0.0.1:9/v1/data-channel/x", "https://ssm.eu-west-1.amazonaws.com"],
      ["ws://127.0.0.1:9/v1/data-channel/x", "https://127.0.0.1:4566"],
      ["ws://127.0.0.1:9/v1/data-channel/x", "http://ssm.example.com"],
      ["ws://attacker.example/v1/data-channel/x", FAKE],
      ["ws://127.0.0.1.attacker.example/x", FAKE],
      ["http://127.0.0.1:9/x", FAKE],
    ]) {
      expect(plain(url!, endpoint!), `${url} from ${endpoint}`).toThrow(
        expect.objectContaining({ code: "AWS_BAD_ANSWER" }),
      );
    }
    expect(plain("wss://127.0.0.1:9/v1/data-channel/x", FAKE)()).toMatchObject({ tokenValue: "t" });
  });
});

describe("SDK errors", () => {
  const scope = { profile: "saml", region: "eu-west-1", action: "StartSession" };
  const named = (name: string, extra: object = {}) =>
    Object.assign(new Error(`${name} happened`), { name, ...extra });

  it.each([
    ["CredentialsProviderError", "CREDENTIALS_MISSING", 4],
    ["ExpiredTokenException", "CREDENTIALS_EXPIRED", 4],
    ["UnrecognizedClientException", "CREDENTIALS_INVALID", 4],
    ["AccessDeniedException", "ACCESS_DENIED", 4],
    ["TargetNotConnected", "TARGET_NOT_CONNECTED", 4],
    ["InvalidTarget", "TARGET_NOT_FOUND", 4],
    ["DoesNotExistException", "SESSION_NOT_FOUND", 4],
    ["ThrottlingException", "AWS_THROTTLED", 4],
    ["SomethingNew", "AWS_ERROR", 4],
  ])("%s → %s", (name, code, exit) => {
    const e = toAwsError(named(name), scope);
    expect(e).toMatchObject({ code, exitCode: exit });
    expect(e.hint).toBeTruthy();
  });

  it("names the one click or command that renews an expired or missing profile", () => {
    for (const name of ["ExpiredTokenException", "CredentialsProviderError"]) {
      const hint = toAwsError(named(name), scope).hint!;
      expect(hint).toContain("AWS tile in My Apps");
      // `assume` needs the SAML response: a hint without --saml-file would fail as given (issue 11).
      expect(hint).toContain("bastionless assume --saml-file FILE --profile saml");
    }
  });

  it("knows a missing region and an unreachable endpoint", () => {
    expect(toAwsError(new Error("Region is missing"), scope)).toMatchObject({
      code: "REGION_MISSING",
      exitCode: 2,
      hint: expect.stringContaining("--region"),
    });
    expect(toAwsError(named("Error", { code: "ECONNREFUSED" }), scope)).toMatchObject({
      code: "AWS_UNREACHABLE",
      hint: expect.stringContaining("AWS_ENDPOINT_URL_SSM"),
    });
    expect(toAwsError(named("TimeoutError"), scope)).toMatchObject({ code: "AWS_UNREACHABLE" });
  });
});
