/**
 * The extension's sign-in sources as the host keeps them (issue 12): `<config dir>/sign-in-sources.json`,
 * 0600, replaced atomically under its lock (shared-file.ts). The extension sends the whole list
 * (renewal.sources.set); `bastionless login` reads it back through the same contract checker, so
 * a file edited by hand into a bad launch URL is refused, never opened.
 */
import { checkIdpOrigins, checkSignInSources, type SignInSource } from "../../../../contract/signin-source";
import { obj, ValidationIssue } from "../../../../contract/validate";
import { signInSourcesPath } from "../../config/paths";
import { FileError } from "../../errors";
import type { FileLabel } from "./file-errors";
import { readTextFile, updateTextFile } from "./shared-file";

export const SOURCES_LABEL: FileLabel = {
  what: "bastionless sign-in sources file",
  envVar: "BASTIONLESS_CONFIG_DIR",
};
const VERSION = 1;

export interface StoredSources {
  sources: SignInSource[];
  idpOrigins: string[];
}

export function sourcesText(s: StoredSources): string {
  return `${JSON.stringify({ version: VERSION, idpOrigins: s.idpOrigins, sources: s.sources }, null, 2)}\n`;
}

/** The file's text → sources; absent = none; damaged = SIGNIN_SOURCES_INVALID, never guessed. */
export function parseSources(text: string | null, file: string): StoredSources {
  if (text === null || text.trim() === "") return { sources: [], idpOrigins: [] };
  try {
    const o = obj(JSON.parse(text), "file");
    if (o.version !== VERSION) throw new ValidationIssue("file.version", String(VERSION));
    const idpOrigins = checkIdpOrigins(o.idpOrigins, "file.idpOrigins");
    return { idpOrigins, sources: checkSignInSources(o.sources, "file.sources", idpOrigins) };
  } catch (err) {
    throw new FileError(
      "SIGNIN_SOURCES_INVALID",
      `The sign-in sources file ${file} cannot be read (${err instanceof ValidationIssue ? err.message : "not JSON"}).`,
      {
        hint: "Delete it; the extension writes it again the next time the browser starts or its options are saved.",
        cause: err,
      },
    );
  }
}

export async function readSources(env: NodeJS.ProcessEnv): Promise<StoredSources> {
  const file = signInSourcesPath(env);
  return parseSources(await readTextFile(file, SOURCES_LABEL), file);
}

/** Replaces the whole list (the extension is its owner); a damaged file is simply replaced. */
export async function saveSources(env: NodeJS.ProcessEnv, s: StoredSources): Promise<void> {
  await updateTextFile(signInSourcesPath(env), SOURCES_LABEL, () => sourcesText(s));
}
