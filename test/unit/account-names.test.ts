/** Account names (issue 11): the names file's reader and merge, and how an account is labelled. */
import { describe, expect, it } from "vitest";
import { accountLabel, accountNames, accountOfArn } from "../../contract/account-label";
import {
  formatAccountNames,
  namesWith,
  parseAccountNames,
} from "../../native-host/src/aws/files/account-names";

const AT = new Date("2026-12-03T16:00:00Z");

describe("the account names file", () => {
  it("reads what it writes, and merges new names without forgetting old ones", () => {
    const first = namesWith(new Map(), new Map([["111122223333", "contoso-prod"]]), AT);
    const text = formatAccountNames(first);
    expect(parseAccountNames(text)).toEqual(first);
    // IAM saying nothing (denied, slow) forgets nothing; a new alias replaces the old one.
    const next = namesWith(
      first,
      new Map([
        ["111122223333", null],
        ["444455556666", "contoso-dev"],
      ]),
      AT,
    );
    expect([...next].map(([id, n]) => [id, n.alias])).toEqual([
      ["111122223333", "contoso-prod"],
      ["444455556666", "contoso-dev"],
    ]);
    expect(namesWith(first, new Map([["111122223333", "renamed"]]), AT).get("111122223333")?.alias).toBe(
      "renamed",
    );
  });

  it("takes only real account ids and aliases IAM could have made", () => {
    const learned = new Map<string, string | null>([
      ["12345", "short-id"],
      ["111122223333", "Upper-Case"],
      ["444455556666", "\u001b[31mred"],
    ]);
    expect(namesWith(new Map(), learned, AT).size).toBe(0);
  });

  it("reads a missing file as empty and a damaged one as null (names fall back to ids)", () => {
    expect(parseAccountNames(null)).toEqual(new Map());
    expect(parseAccountNames("")).toEqual(new Map());
    expect(parseAccountNames("{")).toBeNull();
    expect(parseAccountNames(JSON.stringify({ version: 2, accounts: {} }))).toBeNull();
    expect(
      parseAccountNames(JSON.stringify({ version: 1, accounts: { "1": { alias: "x-y", at: "" } } })),
    ).toBeNull();
    const bad = { version: 1, accounts: { "111122223333": { alias: "Bad Alias", at: "" } } };
    expect(parseAccountNames(JSON.stringify(bad))).toBeNull();
  });
});

describe("account labels", () => {
  it("shows the name with the id, else the id", () => {
    expect(accountLabel("111122223333", "contoso-prod")).toBe("contoso-prod (111122223333)");
    expect(accountLabel("111122223333", null)).toBe("111122223333");
    expect(accountLabel(null, "contoso-prod")).toBe("");
  });

  it("finds the account of a role ARN and the names profiles carry", () => {
    expect(accountOfArn("arn:aws:iam::111122223333:role/Admin")).toBe("111122223333");
    expect(accountOfArn("arn:aws-cn:iam::111122223333:role/a/b")).toBe("111122223333");
    expect(accountOfArn("not an arn")).toBeNull();
    expect(accountOfArn(null)).toBeNull();
    const p = { principalArn: null, region: null, expiration: null, expired: false };
    const names = accountNames([
      { ...p, profile: "a", roleArn: "arn:aws:iam::111122223333:role/Admin", accountAlias: "contoso-prod" },
      { ...p, profile: "b", roleArn: "arn:aws:iam::444455556666:role/Dev", accountAlias: null },
      { ...p, profile: "c", roleArn: null },
    ]);
    expect([...names]).toEqual([["111122223333", "contoso-prod"]]);
  });
});
