/**
 * Request → reply. One handler per type in a typed table (style §3); an unknown type, bad
 * params or a failing handler all become a coded error reply, never a crash.
 */

import { parseEnvelope, type Reply } from "../../../contract/envelope";
import { isRequestType, PARAM_CHECKS, type RequestType } from "../../../contract/requests";
import { ValidationIssue } from "../../../contract/validate";
import { BastionlessError, ProtocolError, toBastionlessError } from "../errors";
import type { HandlerContext, HandlerTable } from "./handler";

export async function dispatch(table: HandlerTable, message: unknown, ctx: HandlerContext): Promise<Reply> {
  let id: string | number | null = null;
  try {
    const envelope = parseEnvelope(message);
    id = envelope.id;
    if (!isRequestType(envelope.type)) {
      throw new ProtocolError("UNKNOWN_TYPE", `The host does not know the message type "${envelope.type}".`, {
        hint: "Update the bastionless host (`bastionless install`) so it matches the extension.",
      });
    }
    const type: RequestType = envelope.type;
    const params = PARAM_CHECKS[type](envelope.params);
    const handler = table[type] as { run(p: unknown, c: HandlerContext): Promise<unknown> };
    const result = await handler.run(params, ctx);
    return { id, ok: true, result } as Reply;
  } catch (err) {
    const e =
      err instanceof ValidationIssue
        ? new ProtocolError("BAD_REQUEST", `Invalid message: ${err.message}.`, { cause: err })
        : toBastionlessError(err);
    if (!(err instanceof BastionlessError) && !(err instanceof ValidationIssue))
      ctx.log.error("handler failed", { error: err });
    return { id, ok: false, error: e.toJSON() };
  }
}
