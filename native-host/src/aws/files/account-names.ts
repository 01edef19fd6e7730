/**
 * The names of AWS accounts as users see them (issue 11, "Account names everywhere"). A SAML
 * assertion names roles by account id only; the IAM account alias is learned at sign-in
 * (aws/sts/account-alias.ts, with the new session's keys) and kept here, per account id, so the
 * popup, `bastionless profiles` and `bastionless tunnels` can show it later without asking IAM
 * again. `<config dir>/account-names.json`, 0600, rewritten atomically under its own lock.
 *
 * Two sources (issue 11): the IAM alias, and the name the AWS sign-in page showed (read by the
 * extension's content script, request accounts.names.set), for accounts whose role may not call
 * iam:ListAccountAliases. Each entry says its source; an IAM alias always wins over a page name.
 *
 * It holds display names only, re-learned at every sign-in, so a damaged file is read as empty
 * (the names fall back to ids) and replaced by the next sign-in, never an error that blocks one.
 */
import { ACCOUNT_ALIAS, ACCOUNT_ID } from "../../../../contract/identifiers";
import type { PageAccountName } from "../../../../contract/signin-page-accounts";
import { obj, oneOf, str, ValidationIssue } from "../../../../contract/validate";
import { accountNamesPath } from "../../config/paths";
import type { FileLabel } from "./file-errors";
import { readTextFile, updateTextFile } from "./shared-file";

const LABEL: FileLabel = { what: "bastionless account names", envVar: "BASTIONLESS_CONFIG_DIR" };
const VERSION = 1;
const SOURCES: readonly AccountNameSource[] = ["iam", "page"];
/** Far above any user's accounts; a file beyond it is not ours to trust. */
const MAX_ACCOUNTS = 10_000;

/** Where a name came from: IAM ListAccountAliases, or the AWS sign-in page's role picker. */
export type AccountNameSource = "iam" | "page";

export interface AccountName {
  alias: string;
  /** When IAM (or the page) last said so (ISO). */
  at: string;
  source: AccountNameSource;
}

/** The file's text → account id → name; null for a damaged file. */
export function parseAccountNames(text: string | null): Map<string, AccountName> | null {
  const out = new Map<string, AccountName>();
  if (text === null || text.trim() === "") return out;
  try {
    const o = obj(JSON.parse(text), "names");
    if (o.version !== VERSION) throw new ValidationIssue("names.version", String(VERSION));
    const accounts = Object.entries(obj(o.accounts, "names.accounts"));
    if (accounts.length > MAX_ACCOUNTS) throw new ValidationIssue("names.accounts", "fewer accounts");
    for (const [id, v] of accounts) {
      if (!ACCOUNT_ID.test(id)) throw new ValidationIssue("names.accounts", "12-digit account ids");
      const e = obj(v, `names.accounts.${id}`);
      out.set(id, {
        alias: str(e.alias, `names.accounts.${id}.alias`, { pattern: ACCOUNT_ALIAS }),
        at: str(e.at, `names.accounts.${id}.at`, { max: 64 }),
        // Files written before page names held IAM aliases only.
        source: e.source === undefined ? "iam" : oneOf(e.source, `names.accounts.${id}.source`, SOURCES),
      });
    }
    return out;
  } catch {
    return null;
  }
}

/** Names learned now (account id → alias; null: IAM gave none, which forgets nothing). */
export function namesWith(
  known: ReadonlyMap<string, AccountName>,
  learned: ReadonlyMap<string, string | null>,
  now: Date,
): Map<string, AccountName> {
  const next = new Map(known);
  for (const [id, alias] of learned)
    if (alias && ACCOUNT_ID.test(id) && ACCOUNT_ALIAS.test(alias))
      next.set(id, { alias, at: now.toISOString(), source: "iam" });
  return next;
}

/** Names the sign-in page showed: kept where IAM has not named the account (IAM wins). */
export function withPageNames(
  known: ReadonlyMap<string, AccountName>,
  page: readonly PageAccountName[],
  now: Date,
): Map<string, AccountName> {
  const next = new Map(known);
  for (const { id, name } of page)
    if (next.get(id)?.source !== "iam" && ACCOUNT_ID.test(id) && ACCOUNT_ALIAS.test(name))
      next.set(id, { alias: name, at: now.toISOString(), source: "page" });
  return next;
}

export const formatAccountNames = (names: ReadonlyMap<string, AccountName>): string =>
  `${JSON.stringify({ version: VERSION, accounts: Object.fromEntries([...names].sort()) }, null, 2)}\n`;

/** Account id → alias; empty when the file is missing or damaged. */
export async function readAccountNames(env: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const names = parseAccountNames(await readTextFile(accountNamesPath(env), LABEL)) ?? new Map();
  return new Map([...names].map(([id, n]) => [id, n.alias]));
}

/** Keeps the aliases IAM gave at this sign-in. */
export async function rememberAccountNames(
  env: NodeJS.ProcessEnv,
  learned: ReadonlyMap<string, string | null>,
  now: Date = new Date(),
): Promise<void> {
  if (![...learned.values()].some(Boolean)) return;
  await updateTextFile(accountNamesPath(env), LABEL, (text) =>
    formatAccountNames(namesWith(parseAccountNames(text) ?? new Map(), learned, now)),
  );
}

/** Keeps the names the sign-in page showed; how many page names the file holds now. */
export async function rememberPageNames(
  env: NodeJS.ProcessEnv,
  page: readonly PageAccountName[],
  now: Date = new Date(),
): Promise<number> {
  let saved = 0;
  await updateTextFile(accountNamesPath(env), LABEL, (text) => {
    const next = withPageNames(parseAccountNames(text) ?? new Map(), page, now);
    saved = [...next.values()].filter((n) => n.source === "page").length;
    return formatAccountNames(next);
  });
  return saved;
}
