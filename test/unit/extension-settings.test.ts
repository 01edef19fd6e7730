import { describe, expect, it } from "vitest";
import type { RoleChoice } from "../../contract/domain";
import type { TunnelInfo } from "../../contract/tunnel-info";
import { expiryAlarmsFor } from "../../extension/src/background/expiry-alarms";
import { choiceFromPick, decideRoles } from "../../extension/src/background/role-choice";
import { droppedBy } from "../../extension/src/background/tunnels";
import { DEFAULT_SETTINGS, parseSettings, settingsProblems } from "../../extension/src/shared/settings";
import { parseUiRequest } from "../../extension/src/shared/ui-messages";

const role = (name: string): RoleChoice => ({
  roleArn: `arn:aws:iam::123456789012:role/${name}`,
  principalArn: "arn:aws:iam::123456789012:saml-provider/E",
  accountId: "123456789012",
  roleName: name,
});

describe("settings", () => {
  it("falls back field by field on stored junk", () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    const s = parseSettings({
      profileTemplate: "[bad]",
      defaultRegion: "mars-1",
      localPort: 70000,
      capture: false,
      expiryWarningMinutes: 5,
      profileNames: { "not-an-arn": "x", [role("A").roleArn]: "ok", [role("B").roleArn]: " lead" },
    });
    expect(s).toEqual({
      ...DEFAULT_SETTINGS,
      capture: false,
      expiryWarningMinutes: 5,
      profileNames: { [role("A").roleArn]: "ok" },
    });
    expect(DEFAULT_SETTINGS.profileTemplate).toBe("{account}-{role}");
  });

  it("moves the old default name saml to the template, and keeps a name the user chose", () => {
    expect(parseSettings({ defaultProfile: "saml" }).profileTemplate).toBe("{account}-{role}");
    expect(parseSettings({ defaultProfile: "work" }).profileTemplate).toBe("work");
    expect(parseSettings({ defaultProfile: "two words" }).profileTemplate).toBe("{account}-{role}");
    expect(parseSettings({ profileTemplate: "saml", defaultProfile: "work" }).profileTemplate).toBe("saml");
    expect(parseSettings({ profileNames: { [role("A").roleArn]: "sandbox #2" } }).profileNames).toEqual({});
  });

  it("names what is wrong in a form", () => {
    expect(settingsProblems(DEFAULT_SETTINGS)).toEqual({});
    const p = settingsProblems({
      ...DEFAULT_SETTINGS,
      profileTemplate: "{acct}",
      defaultRegion: "x",
      localPort: 0,
      expiryWarningMinutes: 0,
      profileNames: { [role("Admin").roleArn]: "has\nnewline" },
    });
    expect(Object.keys(p).sort()).toEqual([
      "defaultRegion",
      "expiryWarningMinutes",
      "localPort",
      "profileNames",
      "profileTemplate",
    ]);
    expect(p.profileNames).toContain("Admin");
  });
});

describe("role choice", () => {
  it("assumes one role, mapped roles or all roles without asking; otherwise asks", () => {
    expect(decideRoles([], DEFAULT_SETTINGS)).toEqual({ kind: "no roles" });
    expect(decideRoles([role("A")], DEFAULT_SETTINGS)).toEqual({
      kind: "assume",
      why: "single role",
      choice: { roleArns: [role("A").roleArn], profileTemplate: "{account}-{role}" },
    });
    expect(decideRoles([role("A"), role("B")], DEFAULT_SETTINGS)).toEqual({ kind: "pick" });
    const mapped = {
      ...DEFAULT_SETTINGS,
      defaultRegion: "eu-west-1",
      profileNames: { [role("B").roleArn]: "b", [role("Z").roleArn]: "z" },
    };
    expect(decideRoles([role("A"), role("B")], mapped)).toEqual({
      kind: "assume",
      why: "mapped roles",
      choice: {
        roleArns: [role("B").roleArn],
        profileNames: { [role("B").roleArn]: "b" },
        region: "eu-west-1",
      },
    });
    expect(decideRoles([role("A"), role("B")], { ...mapped, allRoles: true })).toMatchObject({
      why: "all roles",
      choice: { allRoles: true, profileNames: { [role("B").roleArn]: "b" } },
    });
    // A fixed name cannot name several roles: "all roles" then keeps the host's default.
    expect(decideRoles([role("A")], { ...DEFAULT_SETTINGS, profileTemplate: "saml" })).toMatchObject({
      choice: { profileTemplate: "saml" },
    });
    expect(
      decideRoles([role("A"), role("B")], { ...DEFAULT_SETTINGS, profileTemplate: "saml", allRoles: true }),
    ).toEqual({ kind: "assume", why: "all roles", choice: { allRoles: true } });
  });

  it("turns a pick into host parameters, refusing a role not in the sign-in", () => {
    expect(
      choiceFromPick(
        { allRoles: false, roleArn: role("A").roleArn, profile: "p" },
        [role("A")],
        DEFAULT_SETTINGS,
      ),
    ).toEqual({ roleArns: [role("A").roleArn], profile: "p" });
    expect(
      choiceFromPick(
        { allRoles: false, roleArn: role("X").roleArn, profile: "p" },
        [role("A")],
        DEFAULT_SETTINGS,
      ),
    ).toBeNull();
    expect(choiceFromPick({ allRoles: true }, [role("A")], DEFAULT_SETTINGS)).toEqual({
      allRoles: true,
      profileTemplate: "{account}-{role}",
    });
    expect(
      choiceFromPick({ allRoles: false, roleArn: role("A").roleArn }, [role("A")], DEFAULT_SETTINGS),
    ).toEqual({
      roleArns: [role("A").roleArn],
      profileTemplate: "{account}-{role}",
    });
  });
});

describe("view requests", () => {
  it("accepts the known shapes and refuses everything else", () => {
    expect(parseUiRequest({ type: "connect", instanceId: "i-0123456789abcdef0" })).toEqual({
      type: "connect",
      instanceId: "i-0123456789abcdef0",
    });
    expect(parseUiRequest({ type: "select", profile: "saml", region: null })).toEqual({
      type: "select",
      profile: "saml",
      region: null,
    });
    expect(() => parseUiRequest({ type: "connect", instanceId: "i-0123456789abcdef0 && calc" })).toThrow(
      "instanceId",
    );
    expect(() => parseUiRequest({ type: "stop", tunnelId: "t1", extra: 1 })).toThrow("message.extra");
    expect(() => parseUiRequest({ type: "pick", pendingId: "p", allRoles: false, remember: true })).toThrow(
      "a role, or all roles",
    );
    expect(() =>
      parseUiRequest({
        type: "pick",
        pendingId: "p",
        allRoles: false,
        roleArn: role("A").roleArn,
        profile: "sandbox #2",
        remember: true,
      }),
    ).toThrow("profile");
    expect(() => parseUiRequest({ type: "select", profile: "x[y]", region: null })).toThrow("profile");
    expect(() => parseUiRequest({ type: "__proto__" })).toThrow();
    expect(() => parseUiRequest("status")).toThrow();
  });
});

describe("expiry alarms and dropped tunnels", () => {
  it("sets an alarm at expiry minus the warning, only in the future", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    const out = expiryAlarmsFor(
      [
        { profile: "a", expiration: "2026-11-28T13:00:00Z" },
        { profile: "b", expiration: "2026-11-28T12:05:00Z" },
        { profile: "static", expiration: null },
      ],
      10,
      now,
    );
    expect(out).toEqual([{ name: "expiry:a", when: Date.parse("2026-11-28T12:50:00Z") }]);
  });

  it("tells a drop from a stop", () => {
    const t = { state: "closed", lastError: null } as TunnelInfo;
    expect(droppedBy(t)).toBeNull();
    expect(droppedBy({ ...t, state: "open" })).toBeNull();
    expect(droppedBy({ ...t, state: "failed" })).toBe("the session ended");
    expect(droppedBy({ ...t, lastError: { code: "C", message: "the instance went away" } })).toBe(
      "the instance went away",
    );
  });
});
