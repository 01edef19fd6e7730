/** Which proxy a request goes through (HTTPS_PROXY / HTTP_PROXY / NO_PROXY), and the caller's settings. Pure. */
import { describe, expect, it } from "vitest";
import {
  awsSettingsFromEnv,
  settingsEnv,
  settingsForService,
} from "../../native-host/src/aws/sdk/aws-settings";
import { proxyFor } from "../../native-host/src/aws/sdk/proxy-choice";

const P = { https: "http://proxy.corp:3128", http: "http://plain.corp:8080" };
const via = (url: string, noProxy?: string) => proxyFor(new URL(url), { ...P, noProxy })?.host ?? null;

describe("proxyFor", () => {
  it("https and wss use the https proxy, http and ws the http one", () => {
    expect(via("https://ssm.eu-west-1.amazonaws.com/")).toBe("proxy.corp:3128");
    expect(via("wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/x")).toBe("proxy.corp:3128");
    expect(via("http://127.0.0.1:4566/")).toBe("plain.corp:8080");
    expect(via("ws://127.0.0.1:4566/")).toBe("plain.corp:8080");
    expect(proxyFor(new URL("https://x.test"), {})).toBeNull();
  });

  it.each([
    ["*", "https://ssm.eu-west-1.amazonaws.com/", null],
    ["amazonaws.com", "https://ssm.eu-west-1.amazonaws.com/", null],
    [".amazonaws.com", "https://ssm.eu-west-1.amazonaws.com/", null],
    ["*.amazonaws.com", "https://ssm.eu-west-1.amazonaws.com/", null],
    ["zonaws.com", "https://ssm.eu-west-1.amazonaws.com/", "proxy.corp:3128"],
    ["localhost", "https://localhost:8443/", null],
    ["127.0.0.1", "http://127.0.0.1:4566/", null],
    ["127.0.0.0/8", "http://127.0.0.1:4566/", null],
    ["10.0.0.0/8", "http://127.0.0.1:4566/", "plain.corp:8080"],
    ["::1", "http://[::1]:4566/", null],
    ["[::1]:4566", "http://[::1]:4566/", null],
    ["localhost:443", "https://localhost/", null],
    ["localhost:8443", "https://localhost/", "proxy.corp:3128"],
    [" example.com , LOCALHOST ", "https://localhost:1/", null],
    ["", "https://localhost:1/", "proxy.corp:3128"],
  ])("NO_PROXY=%j for %s → %s", (noProxy, url, expected) => {
    expect(via(url, noProxy)).toBe(expected);
  });

  it("a proxy that is not http:// is a coded error, without echoing a password", () => {
    expect(() => proxyFor(new URL("https://x.test"), { https: "socks5://u:secret@p:1080" })).toThrow(
      expect.objectContaining({ code: "PROXY_UNSUPPORTED", message: expect.not.stringContaining("secret") }),
    );
    expect(proxyFor(new URL("https://x.test"), { https: "proxy.corp:3128" })?.href).toBe(
      "http://proxy.corp:3128/",
    );
  });
});

describe("the caller's AWS settings", () => {
  const env = {
    HOME: "/home/u",
    AWS_CONFIG_FILE: "~/aws/config",
    AWS_REGION: "eu-west-1",
    AWS_ENDPOINT_URL: "https://all.test",
    AWS_ENDPOINT_URL_SSM: "https://ssm.test",
    AWS_CA_BUNDLE: "/etc/ca.pem",
    https_proxy: "http://lower:1",
    HTTPS_PROXY: "http://upper:1",
    NO_PROXY: "localhost",
  };

  it("reads them as the SDK would, with absolute paths, and back into an environment", () => {
    const s = awsSettingsFromEnv(env);
    expect(s).toEqual({
      configFile: "/home/u/aws/config",
      credentialsFile: "/home/u/.aws/credentials",
      region: "eu-west-1",
      endpoints: {
        ssm: "https://ssm.test",
        ec2: "https://all.test",
        sts: "https://all.test",
        iam: "https://all.test",
      },
      caBundle: "/etc/ca.pem",
      proxy: { https: "http://lower:1", noProxy: "localhost" },
    });
    expect(awsSettingsFromEnv({ ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }).endpoints).toEqual({});
    expect(settingsEnv(s)).toMatchObject({
      AWS_CONFIG_FILE: "/home/u/aws/config",
      AWS_ENDPOINT_URL_SSM: "https://ssm.test",
      HTTPS_PROXY: "http://lower:1",
      NO_PROXY: "localhost",
    });
  });

  it("refuses to send a proxy password to the tunnel service", () => {
    expect(() => settingsForService({ ...env, https_proxy: "http://me:secret@proxy:3128" })).toThrow(
      expect.objectContaining({ code: "PROXY_CREDENTIALS_UNSUPPORTED" }),
    );
  });
});
