/**
 * The account names the AWS sign-in page's role picker showed (issue 11), sent by the content
 * script extension/src/signin-page/account-names.ts. A content script's message is trusted no
 * more than the page it runs in: it must come from our own extension, from a tab on an AWS SAML
 * sign-in endpoint (contract/signin-endpoints.ts, the same rule as the capture), and every id and
 * name is checked; the names only ever become display text. Then the popup's profiles reload.
 */
import { parseSigninUrl } from "../../../contract/signin-endpoints";
import { checkPageAccounts, type PageAccountName } from "../../../contract/signin-page-accounts";
import { obj, onlyKeys } from "../../../contract/validate";
import type { Ctx } from "./context";
import { refreshProfiles } from "./refresh";

export interface PageSender {
  id?: string;
  url?: string;
  tab?: unknown;
}

/** The message's accounts when a sign-in page of AWS sent it to this extension; null otherwise. */
export function pageNamesMessage(
  message: unknown,
  sender: PageSender,
  ownId: string,
): PageAccountName[] | null {
  if (sender.id !== ownId || !sender.tab || !sender.url || !parseSigninUrl(sender.url)) return null;
  try {
    const o = obj(message, "message");
    onlyKeys(o, "message", ["accounts"]);
    return checkPageAccounts(o.accounts, "message.accounts");
  } catch {
    return null;
  }
}

/** Hands the names to the host; quiet when the host is older or away (the next sign-in sends them again). */
export async function keepPageNames(ctx: Ctx, accounts: readonly PageAccountName[]): Promise<void> {
  if (accounts.length === 0) return;
  const state = await ctx.store.read();
  if (state.host.state === "ok" && !state.host.capabilities.includes("accounts.names.set")) return;
  try {
    await ctx.host.call("accounts.names.set", { accounts: [...accounts] });
  } catch {
    return;
  }
  await refreshProfiles(ctx);
}
