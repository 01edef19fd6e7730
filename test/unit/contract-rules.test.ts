/**
 * One rule per identifier and one limit per field (issue 10): the extension and the host used to
 * carry copies that had drifted apart. These pin the places where the copies disagreed.
 */
import { describe, expect, it } from "vitest";
import { isRegion } from "../../contract/identifiers";
import { RESULT_CHECKS as HOST_REPLY_CHECKS } from "../../contract/results";
import { checkTunnelInfo } from "../../contract/tunnel-info";
import { parseUiRequest } from "../../extension/src/shared/ui-messages";
import { parseTarget } from "../../native-host/src/aws/ssm/ssm-target";
import { checkRegion } from "../../native-host/src/aws/sts/region";
import { regionOf } from "../../native-host/src/cli/tunnel-request";
import { RESULT_CHECKS as SERVICE_REPLY_CHECKS } from "../../native-host/src/tunnel/service/ipc/ipc-messages";

const tunnel = {
  id: "t1",
  target: "i-0123456789abcdef0",
  instanceName: null,
  profile: "dev",
  region: "eu-west-1",
  sessionId: "s".repeat(200),
  localPort: 13389,
  remotePort: 3389,
  state: "open",
  bytesIn: 0,
  bytesOut: 0,
  connections: 0,
  since: "2026-12-03T12:00:00.000+00:00 (a long since, up to 64)".slice(0, 60),
  lastError: { code: "TUNNEL_LOST", message: "m".repeat(2048) },
  accountId: "123456789012",
  roleArn: "arn:aws:iam::123456789012:role/Admin",
  accountAlias: "contoso-prod",
  platformType: "Windows",
  remoteHost: null,
};

/** What the CLI accepts from the service and what the extension accepts from the host. */
const bothSides = (t: unknown) => [
  () => SERVICE_REPLY_CHECKS.list({ tunnels: [t] }),
  () => HOST_REPLY_CHECKS["tunnel.list"]({ tunnels: [t] }),
];

describe("a tunnel has one validator", () => {
  it("accepts the same tunnel on both sides (the CLI once refused a 200-character session id)", () => {
    for (const check of bothSides(tunnel)) expect(check().tunnels[0]).toEqual(tunnel);
  });

  it.each([
    ["remotePort", 0],
    ["id", "a b"],
    ["since", "x".repeat(65)],
    ["sessionId", "s".repeat(257)],
  ])("refuses %s = %j on both sides (the extension once took remote port 0)", (field, value) => {
    for (const check of bothSides({ ...tunnel, [field]: value })) expect(check).toThrow(field);
  });

  it("refuses an error message over 2048 characters on both sides", () => {
    const t = { ...tunnel, lastError: { code: "X_Y", message: "m".repeat(2049) } };
    for (const check of bothSides(t)) expect(check).toThrow("lastError.message");
    expect(() => checkTunnelInfo(t)).toThrow("lastError.message");
  });
});

describe("a region has one rule and one error", () => {
  const names = ["eu-west-1", "us-gov-west-1", "cn-north-1", "EU-west-1", "eu_west_1", "west", "eu-west", ""];

  it("is REGION_INVALID for `rdp`/`forward` as for `assume` (it was USAGE for the tunnel commands)", () => {
    expect(() => regionOf("eu_west_1")).toThrow(expect.objectContaining({ code: "REGION_INVALID" }));
    expect(() => checkRegion("eu_west_1", "aws")).toThrow(
      expect.objectContaining({ code: "REGION_INVALID" }),
    );
  });

  it("is the same rule in the extension and the host", () => {
    for (const n of names) {
      let host = true;
      try {
        regionOf(n);
      } catch {
        host = false;
      }
      expect(isRegion(n), n).toBe(host);
    }
  });
});

describe("an instance id has one rule", () => {
  it("the popup's connect takes exactly the ids the host treats as ids", () => {
    for (const id of [
      "i-0123abcd",
      "i-0123456789abcdef0",
      "mi-0123456789abcdef0",
      "i-0123456789abcdef",
      "i-xyz",
    ]) {
      let popup = true;
      try {
        parseUiRequest({ type: "connect", instanceId: id });
      } catch {
        popup = false;
      }
      expect(popup, id).toBe(parseTarget(id).kind === "id");
    }
  });
});

it("keeps WrittenProfile.backup in the extension (its checker dropped the appended field)", () => {
  const profile = {
    profile: "dev",
    roleArn: "arn:aws:iam::123456789012:role/Dev",
    principalArn: "arn:aws:iam::123456789012:saml-provider/Entra",
    region: "eu-west-1",
    expiration: "2026-12-03T13:00:00Z",
    durationSeconds: 3600,
    backup: "/home/u/.aws/credentials.bastionless-backup",
  };
  expect(HOST_REPLY_CHECKS["credentials.assume"]({ profiles: [profile] }).profiles[0]).toEqual(profile);
});
