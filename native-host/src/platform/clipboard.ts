/**
 * The system clipboard through the OS's own tools, for a secret that must stay out of argv: the
 * text always goes to the tool's stdin (wl-copy, xclip, xsel, pbcopy, clip.exe), and clearing
 * happens only while the clipboard still holds that text, so whatever the user copied since is
 * kept. Which tool is data, first one found wins (style §15).
 */
import { spawn } from "node:child_process";
import { BastionlessError } from "../errors";
import { findExecutable } from "./find-executable";

interface ClipboardTool {
  program: string;
  copy: string[];
  paste: string[];
  /** argv that empties the clipboard; absent: copy an empty text. */
  clear?: string[];
  /** Where the tool works: a Wayland or X session on Linux. */
  needs?: "WAYLAND_DISPLAY" | "DISPLAY";
}

const TOOLS: Partial<Record<NodeJS.Platform, readonly ClipboardTool[]>> = {
  linux: [
    { program: "wl-copy", copy: [], paste: [], clear: ["--clear"], needs: "WAYLAND_DISPLAY" },
    {
      program: "xclip",
      copy: ["-selection", "clipboard", "-in"],
      paste: ["-selection", "clipboard", "-out"],
      needs: "DISPLAY",
    },
    {
      program: "xsel",
      copy: ["--clipboard", "--input"],
      paste: ["--clipboard", "--output"],
      clear: ["--clipboard", "--clear"],
      needs: "DISPLAY",
    },
  ],
  darwin: [{ program: "pbcopy", copy: [], paste: [] }],
  // clip.exe cannot read the clipboard; PowerShell's Get-Clipboard can (Windows PowerShell 5.1).
  win32: [{ program: "clip", copy: [], paste: [] }],
};

const PASTE_PROGRAM: Record<string, string> = {
  "wl-copy": "wl-paste",
  pbcopy: "pbpaste",
  clip: "powershell",
};
const PASTE_ARGS: Record<string, string[]> = {
  "wl-copy": ["--no-newline"],
  clip: ["-NoProfile", "-NonInteractive", "-Command", "Get-Clipboard -Raw"],
};

export interface ClipboardIO {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

/** Runs a tool with `input` on stdin; resolves on its exit (xclip and xsel leave a child serving the selection). */
function runWithInput(
  exe: string,
  args: string[],
  input: string,
  env: NodeJS.ProcessEnv,
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, {
      stdio: ["pipe", "ignore", "ignore"],
      env,
      shell: false,
      windowsHide: true,
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
    child.stdin!.on("error", () => undefined);
    child.stdin!.end(input);
  });
}

function readOutput(exe: string, args: string[], env: NodeJS.ProcessEnv): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(exe, args, {
      stdio: ["ignore", "pipe", "ignore"],
      env,
      shell: false,
      windowsHide: true,
    });
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (c: string) => {
      if (out.length < 4096) out += c;
    });
    child.once("error", () => resolve(null));
    child.once("close", (code) => resolve(code === 0 ? out : null));
  });
}

export interface CopiedSecret {
  /** The tool used, for messages. */
  program: string;
  /** Empties the clipboard if it still holds the secret; resolves whether it did. */
  clearIfUnchanged(): Promise<boolean>;
}

export async function copySecret(text: string, io: ClipboardIO): Promise<CopiedSecret> {
  const tools = (TOOLS[io.platform] ?? TOOLS.linux!).filter((t) => !t.needs || io.env[t.needs]);
  for (const tool of tools) {
    const exe = findExecutable(tool.program, io.env, io.platform);
    if (!exe) continue;
    const code = await runWithInput(exe, tool.copy, text, io.env).catch(() => -1);
    if (code !== 0) continue;
    const pasteExe = findExecutable(PASTE_PROGRAM[tool.program] ?? tool.program, io.env, io.platform);
    const pasteArgs = PASTE_ARGS[tool.program] ?? tool.paste;
    return {
      program: tool.program,
      async clearIfUnchanged() {
        const now = pasteExe ? await readOutput(pasteExe, pasteArgs, io.env) : null;
        // Windows' Get-Clipboard may add a line break; nothing else is trimmed.
        if (now === null || now.replace(/\r?\n$/, "") !== text) return false;
        const cleared = tool.clear
          ? await runWithInput(exe, tool.clear, "", io.env).catch(() => -1)
          : await runWithInput(exe, tool.copy, "", io.env).catch(() => -1);
        return cleared === 0;
      },
    };
  }
  const names = tools.map((t) => t.program).join(", ") || "none for this session";
  throw new BastionlessError(
    "CLIPBOARD_UNAVAILABLE",
    `No clipboard tool could take the password (looked for ${names}).`,
    {
      hint:
        io.platform === "linux"
          ? "Install wl-clipboard (Wayland) or xclip/xsel (X11), or pass --print to write the password to stdout."
          : "Pass --print to write the password to stdout.",
    },
  );
}
