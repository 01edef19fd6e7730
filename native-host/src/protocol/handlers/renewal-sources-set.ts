/**
 * renewal.sources.set: the extension's sign-in sources, kept for `bastionless login` (issue 12).
 * The params were checked by contract/signin-source.ts before this runs. When any source renews,
 * this host also registers with the tunnel service for renewal requests.
 */
import { saveSources } from "../../aws/files/signin-sources-store";
import { serviceLink } from "../../tunnel/service/client/service-link";
import type { Handler } from "../handler";

export const renewalSourcesSet: Handler<"renewal.sources.set"> = {
  async run(params, ctx) {
    await saveSources(ctx.env, { sources: params.sources, idpOrigins: params.idpOrigins ?? [] });
    ctx.log.info("sign-in sources saved", {
      count: params.sources.length,
      renewing: params.sources.filter((s) => s.renew).length,
    });
    // While one source renews, this conversation takes renewal requests from CLIs through the
    // tunnel service (docs/renewal.md); the extension keeps its port open for as long.
    if (params.sources.some((s) => s.renew)) await serviceLink(ctx.env, ctx.emit).listenForRenewals();
    return { saved: params.sources.length };
  },
};
