/**
 * Account names from the AWS sign-in page (issue 11): the role picker's `div.saml-account-name`
 * text parsed, a content script's message checked (who sent it, what it holds), and the
 * precedence kept in the names file: IAM alias > page name > id.
 */
import { describe, expect, it } from "vitest";
import { accountLabel } from "../../contract/account-label";
import {
  checkPageAccounts,
  pageAccountNames,
  parseAccountNameText,
} from "../../contract/signin-page-accounts";
import { pageNamesMessage } from "../../extension/src/background/page-account-names";
import {
  formatAccountNames,
  namesWith,
  parseAccountNames,
  withPageNames,
} from "../../native-host/src/aws/files/account-names";

const AT = new Date("2026-12-03T16:00:00Z");
const LATER = new Date("2026-12-03T17:00:00Z");
const ID = "111122223333";

describe("the sign-in page's account-name text", () => {
  it("reads `Account: ALIAS (ID)` and `Account: ID`, whitespace as the page lays it out", () => {
    expect(parseAccountNameText(`Account: contoso-prod (${ID})`)).toEqual({ id: ID, name: "contoso-prod" });
    expect(parseAccountNameText(`\n   Account:  contoso-prod\n (${ID})  `)).toEqual({
      id: ID,
      name: "contoso-prod",
    });
    expect(parseAccountNameText(`Account: ${ID}`)).toEqual({ id: ID, name: null });
  });

  it("refuses any other shape and names that are no IAM alias", () => {
    for (const t of [
      "",
      `contoso-prod (${ID})`,
      `Account: contoso-prod (12345)`,
      `Account: contoso-prod (${ID}) extra`,
      `Account: Contoso-Prod (${ID})`,
      `Account: a--b (${ID})`,
      `Account: \u001b[31mred (${ID})`,
      `Account: 1234567890123`,
    ])
      expect(parseAccountNameText(t), t).toBeNull();
  });

  it("keeps the named accounts of a page, each id once", () => {
    expect(
      pageAccountNames([`Account: a-one (${ID})`, "Account: 444455556666", `Account: a-two (${ID})`, "junk"]),
    ).toEqual([{ id: ID, name: "a-one" }]);
  });
});

describe("a page names message", () => {
  const ok = { accounts: [{ id: ID, name: "contoso-prod" }] };
  const page = { id: "ours", url: "https://signin.aws.amazon.com/saml", tab: { id: 1 } };

  it("is taken from our content script on an AWS sign-in endpoint of any partition", () => {
    expect(pageNamesMessage(ok, page, "ours")).toEqual(ok.accounts);
    for (const url of ["https://eu-central-1.signin.aws.amazon.com/saml", "https://signin.amazonaws.cn/saml"])
      expect(pageNamesMessage(ok, { ...page, url }, "ours")).toEqual(ok.accounts);
  });

  it("is dropped from another extension, another page, an extension page, or with bad content", () => {
    expect(pageNamesMessage(ok, { ...page, id: "theirs" }, "ours")).toBeNull();
    expect(pageNamesMessage(ok, { ...page, url: "https://evil.example/saml" }, "ours")).toBeNull();
    expect(
      pageNamesMessage(ok, { ...page, url: "https://signin.aws.amazon.com/console" }, "ours"),
    ).toBeNull();
    expect(pageNamesMessage(ok, { ...page, url: "http://signin.aws.amazon.com/saml" }, "ours")).toBeNull();
    expect(pageNamesMessage(ok, { id: "ours", url: page.url }, "ours")).toBeNull();
    expect(pageNamesMessage({ ...ok, type: "credentials.assume" }, page, "ours")).toBeNull();
    expect(pageNamesMessage({ accounts: [{ id: ID, name: "Bad Name" }] }, page, "ours")).toBeNull();
    expect(pageNamesMessage({ accounts: [{ id: "1", name: "fine" }] }, page, "ours")).toBeNull();
  });

  it("is checked the same way by the host's request checker", () => {
    expect(checkPageAccounts(ok.accounts, "params.accounts")).toEqual(ok.accounts);
    expect(() => checkPageAccounts([{ id: ID, name: "x" }], "params.accounts")).toThrow(
      /params.accounts\[0\].name/,
    );
    expect(() => checkPageAccounts(Array(1001).fill(ok.accounts[0]), "params.accounts")).toThrow(
      /at most 1000/,
    );
  });
});

describe("which name wins", () => {
  const label = (names: Map<string, { alias: string }>, id: string) => accountLabel(id, names.get(id)?.alias);

  it("IAM alias over page name over id, whichever arrives first", () => {
    expect(label(new Map(), ID)).toBe(ID);
    const page = withPageNames(new Map(), [{ id: ID, name: "page-name" }], AT);
    expect(label(page, ID)).toBe(`page-name (${ID})`);
    const iam = namesWith(page, new Map([[ID, "iam-alias"]]), LATER);
    expect(label(iam, ID)).toBe(`iam-alias (${ID})`);
    // A later page name does not replace the IAM alias; a newer page name replaces an older one.
    expect(label(withPageNames(iam, [{ id: ID, name: "page-name" }], LATER), ID)).toBe(`iam-alias (${ID})`);
    expect(label(withPageNames(page, [{ id: ID, name: "renamed" }], LATER), ID)).toBe(`renamed (${ID})`);
    // IAM saying nothing keeps the page name.
    expect(label(namesWith(page, new Map([[ID, null]]), LATER), ID)).toBe(`page-name (${ID})`);
  });

  it("survives the file with each name's source, and reads files from before page names as IAM's", () => {
    const both = namesWith(
      withPageNames(new Map(), [{ id: "444455556666", name: "page-name" }], AT),
      new Map([[ID, "iam-alias"]]),
      AT,
    );
    expect(parseAccountNames(formatAccountNames(both))).toEqual(both);
    const old = JSON.stringify({
      version: 1,
      accounts: { [ID]: { alias: "old-alias", at: AT.toISOString() } },
    });
    expect(parseAccountNames(old)?.get(ID)).toEqual({
      alias: "old-alias",
      at: AT.toISOString(),
      source: "iam",
    });
    expect(label(withPageNames(parseAccountNames(old)!, [{ id: ID, name: "page-name" }], LATER), ID)).toBe(
      `old-alias (${ID})`,
    );
    const bad = JSON.stringify({ version: 1, accounts: { [ID]: { alias: "x-y", at: "", source: "guess" } } });
    expect(parseAccountNames(bad)).toBeNull();
  });
});
