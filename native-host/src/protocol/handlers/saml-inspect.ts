/** saml.inspect: the roles and session facts of a captured SAML response, without calling AWS. */
import { inspectSaml } from "../../saml/inspect-saml";
import type { Handler } from "../handler";

export const samlInspect: Handler<"saml.inspect"> = {
  async run(params) {
    return inspectSaml(params.samlResponse, params.url).summary;
  },
};
