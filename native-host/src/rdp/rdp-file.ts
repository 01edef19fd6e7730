/**
 * The .rdp file for a tunnel. Pure: values in, file text out. Settings are Microsoft's "Remote
 * Desktop Protocol file settings" (learn.microsoft.com, "Supported RDP properties"); every value
 * is checked so nothing can add a line of its own.
 */
import { InputError } from "../errors";

/** The RDP port on the instance; the local port a tunnel prefers is the contract's DEFAULT_LOCAL_PORT. */
export const RDP_PORT = 3389;

export interface RdpFileInput {
  /** Always loopback: the tunnel listens on 127.0.0.1 only (design §6). */
  host: "127.0.0.1";
  port: number;
  /** Pre-filled user name (DOMAIN\user or user@domain); the password is always prompted for. */
  username?: string;
  /** Share the local clipboard with the instance; off unless asked for (`rdp --clipboard`). */
  clipboard?: boolean;
  /** (saved connections) A window of this size, or full screen; absent: a resizable window. */
  screen?: { width: number; height: number } | "full";
  /** (saved connections) Span every local monitor (mstsc `use multimon`; full screen). */
  multiMonitor?: boolean;
}

/** No control characters (a newline would start a new setting), bounded like Windows user names. */
const USERNAME = /^[^\x00-\x1f\x7f]{1,256}$/;

const invalid = (what: string) =>
  new InputError("RDP_INPUT_INVALID", `Refusing to write an .rdp file: ${what}.`, {
    hint: "Check --username and --local-port (no line breaks; a port from 1 to 65535).",
  });

export function checkRdpInput(input: RdpFileInput): RdpFileInput {
  if (input.host !== "127.0.0.1") throw invalid("the address must be 127.0.0.1");
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535)
    throw invalid("the port is not a number from 1 to 65535");
  if (input.username !== undefined) checkRdpUsername(input.username);
  const sc = input.screen;
  if (
    sc !== undefined &&
    sc !== "full" &&
    ![sc.width, sc.height].every((n) => Number.isInteger(n) && n >= 200 && n <= 8192)
  )
    throw invalid("the screen size is not from 200x200 to 8192x8192");
  return input;
}

export function checkRdpUsername(username: string): string {
  if (!USERNAME.test(username) || username.trim() !== username) {
    throw invalid("the user name has line breaks, control characters or surrounding spaces");
  }
  return username;
}

export function rdpFileLines(input: RdpFileInput): string[] {
  const { host, port, username, clipboard, screen, multiMonitor } = checkRdpInput(input);
  const full = screen === "full" || multiMonitor === true;
  return [
    `full address:s:${host}:${port}`,
    // The password is never stored: the client asks for it (and for the user name if not given).
    "prompt for credentials:i:1",
    "promptcredentialonce:i:1",
    ...(username ? [`username:s:${username}`] : []),
    // Windowed, resizable: a tunnel is often opened next to other work. A saved connection may
    // ask for a fixed size or full screen ("screen mode id" 2), and every monitor ("use multimon").
    `screen mode id:i:${full ? 2 : 1}`,
    ...(screen && screen !== "full"
      ? [`desktopwidth:i:${screen.width}`, `desktopheight:i:${screen.height}`]
      : []),
    ...(multiMonitor ? ["use multimon:i:1"] : []),
    "smart sizing:i:1",
    "dynamic resolution:i:1",
    "session bpp:i:32",
    // NLA (CredSSP) as Windows Server requires by default.
    "enablecredsspsupport:i:1",
    "negotiate security layer:i:1",
    // The certificate names the instance, never 127.0.0.1: warn and let the user decide (level 2).
    "authentication level:i:2",
    "autoreconnection enabled:i:1",
    // Off by default (issue 17, finding 7): a shared clipboard lets the remote machine read
    // whatever the user copies locally, and an instance is not always the user's own.
    `redirectclipboard:i:${clipboard === true ? 1 : 0}`,
    "audiomode:i:0",
  ];
}

/** File bytes: UTF-16LE with a BOM on Windows (what mstsc itself writes), UTF-8 elsewhere; CRLF. */
export function rdpFileBytes(input: RdpFileInput, platform: NodeJS.Platform): Buffer {
  const text = `${rdpFileLines(input).join("\r\n")}\r\n`;
  return platform === "win32"
    ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])
    : Buffer.from(text, "utf8");
}
