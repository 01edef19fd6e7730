/**
 * Account names in notifications and instance rows (issue 11 "Account names everywhere"): the
 * shared rule "alias (id)" when the alias is known, the id alone when not.
 */
import { describe, expect, it } from "vitest";
import type { ProfileInfo, WrittenProfile } from "../../contract/domain";
import type { TunnelInfo } from "../../contract/tunnel-info";
import { expiryTitle, tunnelDroppedTitle, writtenText } from "../../extension/src/background/notice-text";
import { listedAccount } from "../../extension/src/popup/listed-account";
import { formatClock } from "../../extension/src/shared/format";

const arn = (account: string, role: string) => `arn:aws:iam::${account}:role/${role}`;
const profile = (name: string, account: string, alias: string | null): ProfileInfo => ({
  profile: name,
  roleArn: arn(account, "Admin"),
  principalArn: `arn:aws:iam::${account}:saml-provider/Entra`,
  region: "eu-west-1",
  expiration: "2026-11-28T13:00:00Z",
  expired: false,
  accountAlias: alias,
});
const PROFILES = [
  profile("ops-prod-Admin", "210987654321", "ops-prod"),
  profile("dev", "123456789012", null),
];
const written = (name: string, account: string): WrittenProfile => ({
  profile: name,
  roleArn: arn(account, "Admin"),
  principalArn: `arn:aws:iam::${account}:saml-provider/Entra`,
  region: "eu-west-1",
  expiration: "2026-11-28T13:00:00Z",
  durationSeconds: 3600,
});
const at = formatClock(Date.parse("2026-11-28T13:00:00Z"));

describe("notifications name the account", () => {
  it("by alias (id) when the alias is known, else by id", () => {
    expect(
      writtenText([written("ops-prod-Admin", "210987654321"), written("dev", "123456789012")], PROFILES),
    ).toBe(
      `Profiles written: ops-prod-Admin (account ops-prod (210987654321), until ${at}), dev (account 123456789012, until ${at})`,
    );
  });
  it("in the expiry warning, and leaves the account out when the profile's role is unknown", () => {
    const expires = Date.parse("2026-11-28T13:00:00Z");
    expect(expiryTitle("ops-prod-Admin", expires, PROFILES)).toBe(
      `AWS profile ops-prod-Admin (account ops-prod (210987654321)) expires at ${at}`,
    );
    expect(expiryTitle("gone", expires, PROFILES)).toBe(`AWS profile gone expires at ${at}`);
  });
  it("in a dropped tunnel: the tunnel's own alias first, then what profiles.list knows", () => {
    const tunnel = {
      id: "t1",
      profile: "ops-prod-Admin",
      target: "i-0a1b2c3d4e5f60718",
      instanceName: "web-01",
      accountId: "210987654321",
      accountAlias: null,
    } as TunnelInfo;
    expect(tunnelDroppedTitle(tunnel, PROFILES)).toBe(
      "Tunnel to web-01 (i-0a1b2c3d4e5f60718) in account ops-prod (210987654321) dropped",
    );
    expect(tunnelDroppedTitle({ ...tunnel, accountAlias: "ops-renamed" }, [])).toBe(
      "Tunnel to web-01 (i-0a1b2c3d4e5f60718) in account ops-renamed (210987654321) dropped",
    );
    expect(tunnelDroppedTitle({ ...tunnel, accountId: null, instanceName: null }, PROFILES)).toBe(
      "Tunnel to i-0a1b2c3d4e5f60718 dropped",
    );
  });
  it("cleans an alias before it reaches the OS (display-text rule)", () => {
    const odd = [profile("x", "210987654321", "ops\u202Eprod")];
    expect(writtenText([written("x", "210987654321")], odd)).not.toContain("\u202E");
  });
});

describe("instance rows", () => {
  it("show the account of the profile they were listed for", () => {
    expect(listedAccount(PROFILES, "ops-prod-Admin")).toBe("ops-prod (210987654321)");
    expect(listedAccount(PROFILES, "dev")).toBe("123456789012");
    expect(listedAccount(PROFILES, "unknown")).toBe("");
  });
});
