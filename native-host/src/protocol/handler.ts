/** What every message handler gets and returns. I/O comes in through the context. */

import type { HostEvent } from "../../../contract/events";
import type { RequestParams, RequestType } from "../../../contract/requests";
import type { ResultOf } from "../../../contract/results";
import type { Logger } from "../config/log";

export interface HandlerContext {
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** Push an event (no id) to the caller, e.g. tunnel.changed. */
  emit(event: HostEvent): void;
  /** The extension origin (chrome-extension://ID/ or a Firefox add-on id) that is calling. */
  origin: string;
}

export interface Handler<T extends RequestType> {
  run(params: RequestParams[T], ctx: HandlerContext): Promise<ResultOf[T]>;
}

export type HandlerTable = { [T in RequestType]: Handler<T> };
