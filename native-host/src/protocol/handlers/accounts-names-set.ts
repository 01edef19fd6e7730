/**
 * accounts.names.set: the account names the AWS sign-in page's role picker showed (issue 11),
 * read there by the extension's content script. Kept beside the IAM aliases as the fallback for
 * accounts whose role may not call iam:ListAccountAliases; an IAM alias always wins.
 */
import { rememberPageNames } from "../../aws/files/account-names";
import type { Handler } from "../handler";

export const accountsNamesSet: Handler<"accounts.names.set"> = {
  async run(params, ctx) {
    const saved = await rememberPageNames(ctx.env, params.accounts);
    ctx.log.info("sign-in page names kept", { accounts: params.accounts.length, saved });
    return { saved };
  },
};
