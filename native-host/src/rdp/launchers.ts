/**
 * Which RDP client opens the .rdp file, per OS, first one found on PATH wins. Data, not code
 * paths (style §15). Programs are started with argument arrays, never through a shell.
 */

export interface Launcher {
  program: string;
  /** argv after the program; `file` is the .rdp file in our private folder. */
  args(file: string): string[];
  /**
   * argv when the password is handed over on stdin, for clients that can read it there: never in
   * argv (every local user can read it) or in the .rdp file (issue 13). Absent: it cannot.
   */
  passwordArgs?(file: string): string[];
}

/**
 * FreeRDP 2.x and 3.x: `/from-stdin:force` reads the password from stdin (one line, at most 511
 * bytes) while parsing the command line, before connecting; with the user name from the .rdp file
 * nothing else is asked (client/common/cmdline.c, "from-stdin"; libfreerdp/utils/passphrase.c).
 */
const freerdpPasswordArgs = (file: string) => [file, "/cert:ignore", "/from-stdin:force"];

export const LAUNCHERS: Partial<Record<NodeJS.Platform, readonly Launcher[]>> = {
  win32: [{ program: "mstsc", args: (file) => [file] }],
  // `open` hands the file to the app registered for .rdp: Windows App or Microsoft Remote Desktop.
  darwin: [{ program: "open", args: (file) => [file] }],
  linux: [
    // Remmina first: it has a credentials dialog. xfreerdp started from the browser has no
    // terminal to prompt on; it still works when the file names the user and the server allows it.
    { program: "remmina", args: (file) => ["-c", file] },
    // The certificate names the instance, never 127.0.0.1, and the path to it is the SSM
    // channel itself (TLS to AWS); there is no terminal to answer a certificate prompt.
    { program: "xfreerdp", args: (file) => [file, "/cert:ignore"], passwordArgs: freerdpPasswordArgs },
    { program: "xfreerdp3", args: (file) => [file, "/cert:ignore"], passwordArgs: freerdpPasswordArgs },
    { program: "xdg-open", args: (file) => [file] },
  ],
};

export function launchersFor(platform: NodeJS.Platform): readonly Launcher[] {
  return LAUNCHERS[platform] ?? LAUNCHERS.linux!;
}

/** With a password: the clients that take it on stdin first, then the rest (which prompt as usual). */
export function launchersWithPassword(platform: NodeJS.Platform): readonly Launcher[] {
  const all = launchersFor(platform);
  return [...all.filter((l) => l.passwordArgs), ...all.filter((l) => !l.passwordArgs)];
}
