/**
 * The account names the AWS SAML sign-in page shows in its role picker (issue 11, "Account names
 * everywhere": the fallback when IAM will not say the alias). The page lists each account as
 * `fieldset > div.saml-account` with a `div.saml-account-name` reading `Account: ALIAS (123456789012)`,
 * or `Account: 123456789012` when the account has no alias; the same markup saml2aws's
 * ExtractAWSAccounts and other SAML clients parse (docs/security.md, "The sign-in page's names").
 * Pure: the content script parses with it and the host checks the request with it.
 */
import { ACCOUNT_ALIAS, ACCOUNT_ID } from "./identifiers";
import { arr, obj, onlyKeys, str } from "./validate";

export interface PageAccountName {
  id: string;
  name: string;
}

/** Far above the accounts one role picker lists; a longer list is not the AWS page. */
export const PAGE_ACCOUNTS_MAX = 1000;

const LABEL = /^Account:\s+(?:(\S+)\s+\((\d{12})\)|(\d{12}))$/;

/**
 * One `div.saml-account-name` text → the account's id and the alias it shows; null name when the
 * page shows the id alone, null for text of any other shape or a name that is no IAM alias.
 */
export function parseAccountNameText(text: string): { id: string; name: string | null } | null {
  const m = LABEL.exec(text.replace(/\s+/g, " ").trim());
  if (!m) return null;
  if (m[3]) return { id: m[3], name: null };
  const [, name, id] = m;
  return ACCOUNT_ALIAS.test(name!) ? { id: id!, name: name! } : null;
}

/** The texts of a page's account-name elements → the named accounts, each id once (first wins). */
export function pageAccountNames(texts: readonly string[]): PageAccountName[] {
  const out = new Map<string, string>();
  for (const t of texts.slice(0, PAGE_ACCOUNTS_MAX)) {
    const a = parseAccountNameText(t);
    if (a?.name && !out.has(a.id)) out.set(a.id, a.name);
  }
  return [...out].map(([id, name]) => ({ id, name }));
}

/** A list of page names from outside (the content script's message, a host request), checked. */
export function checkPageAccounts(v: unknown, path: string): PageAccountName[] {
  return arr(
    v,
    path,
    (x, p) => {
      const o = obj(x, p);
      onlyKeys(o, p, ["id", "name"]);
      return {
        id: str(o.id, `${p}.id`, { pattern: ACCOUNT_ID }),
        name: str(o.name, `${p}.name`, { pattern: ACCOUNT_ALIAS }),
      };
    },
    PAGE_ACCOUNTS_MAX,
  );
}
