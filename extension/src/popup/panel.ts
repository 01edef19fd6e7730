/** What a popup panel is: a key of the data it shows (re-render only when it changes) and a render. */

import type { Child } from "../shared/dom";
import type { Status } from "../shared/state";
import type { UiRequest } from "../shared/ui-messages";

export interface PanelCtx {
  status: Status;
  /** Sends a user action to the background; the reply's Status re-renders the popup. */
  send(request: UiRequest): Promise<void>;
}

export interface Panel {
  /** The id of the <section> in popup.html. */
  id: string;
  key(s: Status): unknown;
  hidden(s: Status): boolean;
  render(c: PanelCtx): Child[];
}
