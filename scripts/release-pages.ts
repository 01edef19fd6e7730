/**
 * The release's file list and its install page per OS (INSTALL-linux.md, INSTALL-macos.md,
 * INSTALL-windows.md), all from the one table below and package-targets.ts, so a page can only name
 * a file the release holds (test/integration/release.test.ts checks it against a real folder).
 */
import { SEA_TARGETS } from "./package-targets";
import { SUMS_FILE } from "./release-checksums";

export type PageOs = "linux" | "macos" | "windows";

export const chromeZip = (version: string) => `bastionless-chrome-${version}.zip`;
export const firefoxXpi = (version: string) => `bastionless-firefox-${version}.xpi`;
export const pageName = (os: PageOs) => `INSTALL-${os}.md`;

interface OsPage {
  title: string;
  /** package-targets.ts ids whose executables this page offers, with the machine they are for. */
  targets: Array<{ id: string; machine: string }>;
  /** How to check the download against SHA256SUMS (`exe` is the executable's file name). */
  verify: (exe: string) => string;
  /** Making the download runnable, before `install`. */
  prepare: (exe: string) => string[];
  run: (exe: string) => string;
  shell: string;
  notes: string[];
}

const PAGES: Record<PageOs, OsPage> = {
  linux: {
    title: "Linux",
    targets: [
      { id: "linux-x64", machine: "x86-64 (Intel/AMD)" },
      { id: "linux-arm64", machine: "ARM64 (aarch64)" },
    ],
    verify: () => `sha256sum -c --ignore-missing ${SUMS_FILE}`,
    prepare: (exe) => [`chmod +x ${exe}`],
    run: (exe) => `./${exe}`,
    shell: "sh",
    notes: [
      "`install` copies the program to `~/.local/share/bastionless/bin` and links `bastionless` into `~/.local/bin` when that folder exists or is on your PATH; otherwise it prints the one line to add to your shell profile.",
      "Machine-wide for every user (as root): `sudo ./EXE install --system --json`; see docs/deploy.md.",
    ],
  },
  macos: {
    title: "macOS",
    targets: [{ id: "darwin-x64", machine: "Intel; on Apple silicon it runs under Rosetta 2" }],
    verify: () => `shasum -a 256 -c --ignore-missing ${SUMS_FILE}`,
    prepare: (exe) => [`chmod +x ${exe}`, `xattr -d com.apple.quarantine ${exe} 2>/dev/null || true`],
    run: (exe) => `./${exe}`,
    shell: "sh",
    notes: [
      "`install` copies the program to `~/Library/Application Support/bastionless/bin` and links `bastionless` into `~/.local/bin` when that folder exists or is on your PATH; otherwise it prints the one line to add to `~/.zprofile`.",
      "Machine-wide: `sudo ./EXE install --system --json`; see docs/deploy.md.",
    ],
  },
  windows: {
    title: "Windows",
    targets: [{ id: "win-x64", machine: "x64 (also runs on ARM64 Windows 11 under emulation)" }],
    verify: (exe) =>
      `(Get-FileHash .\\${exe} -Algorithm SHA256).Hash.ToLower()   # compare with its line in ${SUMS_FILE}`,
    prepare: () => [],
    run: (exe) => `.\\${exe}`,
    shell: "powershell",
    notes: [
      "`install` copies the program to `%LOCALAPPDATA%\\bastionless\\bin`, registers it for every browser found (HKCU) and adds that folder to your user PATH; open a new terminal to use `bastionless`.",
      "Machine-wide (HKLM, needed by managed Edge), from an administrator prompt: `.\\EXE install --system --json`; see docs/deploy.md.",
    ],
  },
};

export const PAGE_OSES = Object.keys(PAGES) as PageOs[];

function targetFile(id: string): string {
  const t = SEA_TARGETS.find((x) => x.id === id);
  if (!t) throw new Error(`install page names target ${id}, which package-targets.ts does not build`);
  return t.output;
}

/** Every file a release folder holds, by name. */
export function releaseFiles(version: string): string[] {
  return [
    ...SEA_TARGETS.map((t) => t.output),
    chromeZip(version),
    firefoxXpi(version),
    ...PAGE_OSES.map(pageName),
    SUMS_FILE,
  ];
}

function extensionSection(version: string): string[] {
  return [
    "## 3. The browser extension",
    "",
    "- Chrome, Edge, Brave, Vivaldi, Chromium: from the Chrome Web Store listing when your organisation",
    `  publishes it; otherwise unzip \`${chromeZip(version)}\`, open \`chrome://extensions\`, turn on`,
    "  Developer mode and choose **Load unpacked** on the unzipped folder.",
    `- Firefox: \`${firefoxXpi(version)}\` (open it in Firefox, or drag it onto a window). Release`,
    "  Firefox installs only add-ons signed by addons.mozilla.org: use the signed file your",
    "  organisation publishes.",
    "- Managed browsers (force-installed by policy): docs/deploy.md.",
    "",
  ];
}

export function renderPage(os: PageOs, version: string): string {
  const page = PAGES[os];
  const exes = page.targets.map((t) => ({ ...t, file: targetFile(t.id) }));
  const first = exes[0]!.file;
  const lines = [
    `# bastionless ${version} on ${page.title}`,
    "",
    "## 1. Download",
    "",
    "| file | for |",
    "|---|---|",
    ...exes.map((e) => `| \`${e.file}\` | ${e.machine} |`),
    `| \`${SUMS_FILE}\` | SHA-256 of every file in the release |`,
    "",
    `Check the download (in the folder holding both files):`,
    "",
    `\`\`\`${page.shell}`,
    page.verify(first),
    "```",
    "",
    "## 2. Install the helper",
    "",
    `\`\`\`${page.shell}`,
    ...page.prepare(first),
    `${page.run(first)} install     # every browser found; --browser NAME to pick`,
    "bastionless doctor               # in a new terminal: checks everything, names the fix for each problem",
    "```",
    "",
    ...page.notes.map((n) => `- ${n.replaceAll("EXE", first)}`),
    "- `bastionless uninstall` removes exactly what `install` wrote, the PATH entry included.",
    "",
    ...extensionSection(version),
  ];
  return lines.join("\n");
}
