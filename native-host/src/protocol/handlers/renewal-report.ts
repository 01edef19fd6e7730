/**
 * renewal.report: how a renewal this host asked for (event renewal.requested) ended, passed to
 * the tunnel service, which hands it to the CLI waiting on it (issue 12, docs/renewal.md). No
 * service running means nobody waits any more: nothing to do.
 */
import { serviceLink } from "../../tunnel/service/client/service-link";
import type { Handler } from "../handler";

export const renewalReport: Handler<"renewal.report"> = {
  async run(params, ctx) {
    ctx.log.info("renewal reported", { requestId: params.requestId, outcome: params.outcome });
    await serviceLink(ctx.env, ctx.emit).request("renewal.report", params, false);
    return {};
  },
};
