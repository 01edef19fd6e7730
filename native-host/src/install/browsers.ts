/**
 * The one table of browser × OS → where that browser looks for a native-messaging host manifest
 * (style §15). Folders are relative to a base (the user's home, or the system root); on Windows
 * the browser reads a registry key whose default value is the manifest path.
 *
 * Sources: Chrome "Native messaging → Native messaging host location"
 * (developer.chrome.com/docs/extensions/develop/concepts/native-messaging), Microsoft Edge
 * "Native messaging" (learn.microsoft.com/microsoft-edge/extensions/developer-guide/native-messaging),
 * MDN "Native manifests → Manifest location", and for Brave/Vivaldi (undocumented by their
 * vendors) what browserpass-native's Makefile and its issue tracker settled on. Linux paths for
 * Chromium and Firefox were proven on this machine (docs/testing/browser-e2e.md §5, §9).
 * Windows: Brave and Vivaldi read Google Chrome's key (MicrosoftDocs/edge-developer#533).
 */
export const BROWSERS = ["chrome", "chromium", "edge", "brave", "vivaldi", "firefox"] as const;
export type Browser = (typeof BROWSERS)[number];
export type Family = "chromium" | "firefox";
export type Os = "linux" | "darwin" | "win32";
export type Scope = "user" | "system";

export interface UnixPlace {
  /** Per-user manifest folder, relative to $HOME. */
  user: string;
  /** Machine-wide manifest folder, absolute (prefixed by BASTIONLESS_SYSTEM_ROOT in tests). */
  system: string;
  /** Relative to $HOME: present when the browser has been used by this user. */
  detectUser: string;
  /** Absolute: present when the browser is installed on the machine. */
  detectSystem: string[];
}

export interface WindowsPlace {
  /** Key under HKCU (per user) or HKLM (--system); default value = manifest path. */
  key: string;
  /** Relative to %LOCALAPPDATA%: the browser's user data folder. */
  detectUser: string;
}

export interface BrowserEntry {
  family: Family;
  label: string;
  linux: UnixPlace;
  darwin: UnixPlace;
  win32: WindowsPlace;
}

const AS = "Library/Application Support";
const CHROME_KEY = "Software\\Google\\Chrome\\NativeMessagingHosts";

export const BROWSER_TABLE: Record<Browser, BrowserEntry> = {
  chrome: {
    family: "chromium",
    label: "Google Chrome",
    linux: {
      user: ".config/google-chrome/NativeMessagingHosts",
      system: "/etc/opt/chrome/native-messaging-hosts",
      detectUser: ".config/google-chrome",
      detectSystem: ["/opt/google/chrome", "/etc/opt/chrome"],
    },
    darwin: {
      user: `${AS}/Google/Chrome/NativeMessagingHosts`,
      system: "/Library/Google/Chrome/NativeMessagingHosts",
      detectUser: `${AS}/Google/Chrome`,
      detectSystem: ["/Applications/Google Chrome.app"],
    },
    win32: { key: CHROME_KEY, detectUser: "Google\\Chrome\\User Data" },
  },
  chromium: {
    family: "chromium",
    label: "Chromium",
    linux: {
      user: ".config/chromium/NativeMessagingHosts",
      system: "/etc/chromium/native-messaging-hosts",
      detectUser: ".config/chromium",
      detectSystem: ["/usr/lib/chromium", "/etc/chromium"],
    },
    darwin: {
      user: `${AS}/Chromium/NativeMessagingHosts`,
      system: `/${AS}/Chromium/NativeMessagingHosts`,
      detectUser: `${AS}/Chromium`,
      detectSystem: ["/Applications/Chromium.app"],
    },
    win32: { key: "Software\\Chromium\\NativeMessagingHosts", detectUser: "Chromium\\User Data" },
  },
  edge: {
    family: "chromium",
    label: "Microsoft Edge",
    linux: {
      user: ".config/microsoft-edge/NativeMessagingHosts",
      system: "/etc/opt/edge/native-messaging-hosts",
      detectUser: ".config/microsoft-edge",
      detectSystem: ["/opt/microsoft/msedge", "/etc/opt/edge"],
    },
    darwin: {
      user: `${AS}/Microsoft Edge/NativeMessagingHosts`,
      system: "/Library/Microsoft/Edge/NativeMessagingHosts",
      detectUser: `${AS}/Microsoft Edge`,
      detectSystem: ["/Applications/Microsoft Edge.app"],
    },
    win32: {
      key: "Software\\Microsoft\\Edge\\NativeMessagingHosts",
      detectUser: "Microsoft\\Edge\\User Data",
    },
  },
  brave: {
    family: "chromium",
    label: "Brave",
    linux: {
      user: ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
      system: "/etc/brave/native-messaging-hosts",
      detectUser: ".config/BraveSoftware/Brave-Browser",
      detectSystem: ["/opt/brave.com/brave", "/etc/brave"],
    },
    darwin: {
      user: `${AS}/BraveSoftware/Brave-Browser/NativeMessagingHosts`,
      system: `/${AS}/BraveSoftware/Brave-Browser/NativeMessagingHosts`,
      detectUser: `${AS}/BraveSoftware/Brave-Browser`,
      detectSystem: ["/Applications/Brave Browser.app"],
    },
    win32: { key: CHROME_KEY, detectUser: "BraveSoftware\\Brave-Browser\\User Data" },
  },
  vivaldi: {
    family: "chromium",
    label: "Vivaldi",
    linux: {
      user: ".config/vivaldi/NativeMessagingHosts",
      system: "/etc/opt/vivaldi/native-messaging-hosts",
      detectUser: ".config/vivaldi",
      detectSystem: ["/opt/vivaldi", "/etc/opt/vivaldi"],
    },
    darwin: {
      user: `${AS}/Vivaldi/NativeMessagingHosts`,
      system: `/${AS}/Vivaldi/NativeMessagingHosts`,
      detectUser: `${AS}/Vivaldi`,
      detectSystem: ["/Applications/Vivaldi.app"],
    },
    win32: { key: CHROME_KEY, detectUser: "Vivaldi\\User Data" },
  },
  firefox: {
    family: "firefox",
    label: "Firefox",
    // Firefox reads ~/.mozilla, NOT ~/.config/mozilla (proven: browser-e2e.md §9).
    linux: {
      user: ".mozilla/native-messaging-hosts",
      system: "/usr/lib/mozilla/native-messaging-hosts",
      detectUser: ".mozilla",
      detectSystem: ["/usr/lib/firefox-esr", "/usr/lib/firefox", "/usr/lib/mozilla"],
    },
    darwin: {
      user: `${AS}/Mozilla/NativeMessagingHosts`,
      system: `/${AS}/Mozilla/NativeMessagingHosts`,
      detectUser: `${AS}/Mozilla`,
      detectSystem: ["/Applications/Firefox.app"],
    },
    win32: { key: "Software\\Mozilla\\NativeMessagingHosts", detectUser: "Mozilla\\Firefox" },
  },
};

export function isBrowser(name: string): name is Browser {
  return (BROWSERS as readonly string[]).includes(name);
}

export function osOf(platform: NodeJS.Platform): Os {
  return platform === "win32" ? "win32" : platform === "darwin" ? "darwin" : "linux";
}
