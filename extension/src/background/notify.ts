/**
 * Desktop notifications (issue: sign-in captured, profiles written, credentials expiring soon,
 * tunnel dropped). One id per subject, so a newer notice replaces the older one in place instead
 * of stacking up. All of them respect the "notifications" option. Titles and messages carry
 * account aliases, role and instance names and AWS messages, so they are rendered with
 * displayText/displayLines here, where they reach the OS (issue 17, finding 7).
 */
import { displayLines, displayText } from "../../../contract/display-text";
import type { Settings } from "../shared/settings";

export type NoticeId =
  | "sign-in"
  | "pick"
  | "held"
  | "refused"
  | `expiry:${string}`
  | `tunnel:${string}`
  | `renewal:${string}`
  | "error";

export interface NotificationsApi {
  create(
    id: string,
    options: {
      type: "basic";
      iconUrl: string;
      title: string;
      message: string;
      priority?: number;
      buttons?: Array<{ title: string }>;
    },
  ): Promise<unknown>;
  clear(id: string): Promise<unknown>;
}

export interface Notifier {
  /**
   * `action` is a button where the browser has them (Chromium); Firefox has none, so there the
   * notice itself is the action (index.ts routes the click).
   */
  show(id: NoticeId, title: string, message: string, action?: string): Promise<void>;
  clear(id: NoticeId): Promise<void>;
}

export const ICON_URL = "icons/icon-128.png";

export function createNotifier(
  api: NotificationsApi,
  settings: () => Promise<Settings>,
  buttons = false,
): Notifier {
  return {
    async show(id, title, message, action) {
      if (!(await settings()).notifications) return;
      try {
        await api.create(id, {
          type: "basic",
          iconUrl: ICON_URL,
          title: displayText(title),
          message: displayLines(message),
          ...(action && buttons ? { buttons: [{ title: action }] } : {}),
        });
      } catch {
        // Notifications may be blocked at the OS level; the popup shows the same facts.
      }
    },
    async clear(id) {
      try {
        await api.clear(id);
      } catch {
        // Already gone.
      }
    },
  };
}
