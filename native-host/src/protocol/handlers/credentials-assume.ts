/**
 * credentials.assume: AssumeRoleWithSAML for the roles the popup chose and profiles written
 * (design §1 step 3). Roles from roleArns, allRoles, or the only one; names from profileNames,
 * else profile (one role), else `saml` / `<alias or account>-<role>`.
 */
import { assumeFromSaml } from "../../aws/assume-from-saml";
import type { Handler } from "../handler";

export const credentialsAssume: Handler<"credentials.assume"> = {
  async run(params, ctx) {
    const { profiles, failed } = await assumeFromSaml(params, ctx.env, ctx.log);
    return failed.length ? { profiles, failed } : { profiles };
  },
};
