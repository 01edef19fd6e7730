/**
 * The envelope of every native message (design §3, PROTOCOL.md): a request {id, type, params},
 * a reply {id, ok, result | error}. The host name and the protocol version live here too.
 */
import type { RequestParams, RequestType } from "./requests";
import type { ResultOf } from "./results";
import { obj, onlyKeys, str, ValidationIssue } from "./validate";

export const PROTOCOL_VERSION = 1;
export const HOST_NAME = "com.bastionless.host";

export interface Request<T extends RequestType = RequestType> {
  id: string | number;
  type: T;
  params: RequestParams[T];
}

export interface ErrorBody {
  code: string;
  message: string;
  hint?: string;
}

export type Reply<T extends RequestType = RequestType> =
  | { id: string | number | null; ok: true; result: ResultOf[T] }
  | { id: string | number | null; ok: false; error: ErrorBody };

/** The envelope of a request: {id, type, params}. */
export function parseEnvelope(v: unknown): { id: string | number; type: string; params: unknown } {
  const o = obj(v, "message");
  onlyKeys(o, "message", ["id", "type", "params"]);
  const id = o.id;
  if (
    !(
      (typeof id === "string" && id.length > 0 && id.length <= 128) ||
      (typeof id === "number" && Number.isSafeInteger(id))
    )
  ) {
    throw new ValidationIssue("message.id", "a non-empty string or an integer");
  }
  return { id: id as string | number, type: str(o.type, "message.type", { max: 64 }), params: o.params };
}
