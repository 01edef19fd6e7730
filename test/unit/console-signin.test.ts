/** Console sign-in URLs per partition, the endpoint rule, and the login URLs the extension will open. */
import { describe, expect, it } from "vitest";
import {
  consoleDestination,
  consoleLoginUrl,
  consolePartition,
  federationEndpoint,
  federationUrlAllowed,
  isConsoleLoginUrl,
  signinTokenUrl,
} from "../../contract/console-signin";
import { RESULT_CHECKS } from "../../contract/results";
import { federationEndpointUrl } from "../../native-host/src/aws/console/federation-endpoint";

const KEYS = { accessKeyId: "ASIAEXAMPLE", secretAccessKey: "se/cr+et", sessionToken: "tok=en" };

describe("console sign-in per partition", () => {
  it.each([
    [
      "eu-west-1",
      "aws",
      "https://signin.aws.amazon.com/federation",
      "https://eu-west-1.console.aws.amazon.com/",
    ],
    [
      "us-gov-west-1",
      "aws-us-gov",
      "https://signin.amazonaws-us-gov.com/federation",
      "https://console.amazonaws-us-gov.com/",
    ],
    ["cn-north-1", "aws-cn", "https://signin.amazonaws.cn/federation", "https://console.amazonaws.cn/"],
  ] as const)("%s: %s", (region, partition, endpoint, console) => {
    expect(consolePartition(region)).toBe(partition);
    expect(federationEndpoint(partition)).toBe(endpoint);
    expect(consoleDestination(partition, region)).toBe(`${console}console/home?region=${region}`);
    expect(federationEndpointUrl(partition, {})).toBe(endpoint);
  });

  it("has no console for the ISO partitions", () => {
    expect(consolePartition("us-iso-east-1")).toBeNull();
    expect(consolePartition("us-isob-east-1")).toBeNull();
  });

  it("sends the session as the doc's JSON, without SessionDuration", () => {
    const u = new URL(signinTokenUrl("https://signin.aws.amazon.com/federation", KEYS));
    expect(u.searchParams.get("Action")).toBe("getSigninToken");
    expect(JSON.parse(u.searchParams.get("Session")!)).toEqual({
      sessionId: "ASIAEXAMPLE",
      sessionKey: "se/cr+et",
      sessionToken: "tok=en",
    });
    expect(u.searchParams.has("SessionDuration")).toBe(false);
  });

  it("builds a login URL the extension accepts, and accepts nothing else", () => {
    const dest = consoleDestination("aws", "eu-west-1");
    const url = consoleLoginUrl("https://signin.aws.amazon.com/federation", "TOKEN-1_a", dest);
    const u = new URL(url);
    expect([
      u.searchParams.get("Action"),
      u.searchParams.get("Issuer"),
      u.searchParams.get("Destination"),
    ]).toEqual(["login", "bastionless", dest]);
    expect(isConsoleLoginUrl(url)).toBe(true);
    expect(RESULT_CHECKS["console.url"]({ url, region: "eu-west-1" })).toEqual({ url, region: "eu-west-1" });
    expect(isConsoleLoginUrl(url.replace("https://", "http://"))).toBe(false);
    expect(isConsoleLoginUrl(url.replace("Action=login", "Action=getSigninToken"))).toBe(false);
    expect(isConsoleLoginUrl(url.replace(/SigninToken=[^&]*/, "SigninToken="))).toBe(false);
    expect(isConsoleLoginUrl(consoleLoginUrl("https://x/federation", "T", "javascript:alert(1)"))).toBe(
      false,
    );
    expect(isConsoleLoginUrl("javascript:alert(1)")).toBe(false);
    expect(() =>
      RESULT_CHECKS["console.url"]({ url: "https://evil.example/", region: "eu-west-1" }),
    ).toThrow();
  });

  it("allows plain http only on loopback, for the endpoint setting and the URL alike", () => {
    expect(federationUrlAllowed("http://127.0.0.1:8080/federation")).toBe(true);
    expect(federationUrlAllowed("http://[::1]:8080/federation")).toBe(true);
    expect(federationUrlAllowed("http://localhost/federation")).toBe(true);
    expect(federationUrlAllowed("http://signin.example.com/federation")).toBe(false);
    expect(federationUrlAllowed("https://user:pw@signin.example.com/federation")).toBe(false);
    expect(federationUrlAllowed("ftp://127.0.0.1/")).toBe(false);
    const env = { BASTIONLESS_ENDPOINT_URL_FEDERATION: "http://10.0.0.1/federation" };
    expect(() => federationEndpointUrl("aws", env)).toThrow(
      expect.objectContaining({ code: "FEDERATION_ENDPOINT_INVALID" }),
    );
    expect(federationEndpointUrl("aws", { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" })).toBe(
      "https://signin.aws.amazon.com/federation",
    );
    expect(
      federationEndpointUrl("aws", { BASTIONLESS_ENDPOINT_URL_FEDERATION: "https://proxy.corp/federation" }),
    ).toBe("https://proxy.corp/federation");
  });
});
