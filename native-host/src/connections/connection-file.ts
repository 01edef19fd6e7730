/**
 * A connections file's text → its usable entries and its problems, and the merge of the user's
 * file with the team's. Pure (docs/connections.md, "Format" and "Two files"). A file that is not
 * JSON, or of a newer version, is one problem and no entries; otherwise each entry stands alone:
 * a bad one is reported at its file:line and skipped, the rest load.
 */
import type { Connection, ConnectionProblem, ConnectionSource } from "../../../contract/connection";
import { EntryIssue, readEntry } from "./connection-entry";
import { type JsonNode, JsonSyntaxError, type Position, parseJsonWithPositions } from "./json-positions";

/** The format's version; a file says which it was written for (`"version": 1`). */
export const CONNECTIONS_VERSION = 1;
/** A file with more entries is cut here (and says so): the popup shows them all in one list. */
export const MAX_CONNECTIONS = 200;

export interface ConnectionFile {
  connections: Connection[];
  problems: ConnectionProblem[];
  /** The user file's `"team"`: the path of the shared file, as written (resolved by the loader). */
  team: { path: string; at: Position } | null;
}

const problem = (
  file: string,
  at: Position,
  code: string,
  message: string,
  name: string | null = null,
): ConnectionProblem => ({
  file,
  line: at.line,
  column: at.column,
  name,
  code,
  message,
});

const nameOf = (n: JsonNode): string | null => {
  if (n.type !== "object") return null;
  const v = n.entries.find((e) => e.key === "name")?.value;
  return v?.type === "string" ? v.value.slice(0, 64) : null;
};

export function readConnectionFile(text: string, file: string, source: ConnectionSource): ConnectionFile {
  const out: ConnectionFile = { connections: [], problems: [], team: null };
  let root: JsonNode;
  try {
    root = parseJsonWithPositions(text);
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    out.problems.push(problem(file, err.at, "CONNECTIONS_FILE_INVALID", `not valid JSON: ${err.message}`));
    return out;
  }
  const top = (m: string, at: Position = root) => {
    out.problems.push(problem(file, at, "CONNECTIONS_FILE_INVALID", m));
    return out;
  };
  if (root.type !== "object") return top('the file must be an object: {"version": 1, "connections": […]}');
  const get = (k: string) => (root.type === "object" ? root.entries.find((e) => e.key === k) : undefined);
  const version = get("version")?.value;
  if (!version) return top('"version": 1 is missing');
  if (version.type !== "number" || version.value !== CONNECTIONS_VERSION) {
    const newer = version.type === "number" && version.value > CONNECTIONS_VERSION;
    out.problems.push(
      problem(
        file,
        version,
        "CONNECTIONS_VERSION_UNSUPPORTED",
        newer
          ? `written for a newer bastionless (version ${version.value}; this one reads ${CONNECTIONS_VERSION}): update bastionless`
          : `"version" must be ${CONNECTIONS_VERSION}`,
      ),
    );
    return out;
  }
  for (const e of root.entries) {
    if (e.key === "version" || e.key === "connections") continue;
    if (e.key === "team" && source === "user") {
      if (e.value.type !== "string" || !e.value.value || /[\x00-\x1f]/.test(e.value.value))
        top('"team" must be the path of the team\'s connections file', e.value);
      else out.team = { path: e.value.value, at: { line: e.value.line, column: e.value.column } };
      continue;
    }
    top(
      `unknown field "${e.key.slice(0, 40)}" (fields: version, connections${source === "user" ? ", team" : ""})`,
      e.keyAt,
    );
  }
  const list = get("connections")?.value;
  if (!list) return out;
  if (list.type !== "array") return top('"connections" must be a list', list);
  const seen = new Map<string, number>();
  for (const [i, item] of list.items.entries()) {
    if (i >= MAX_CONNECTIONS) {
      top(`more than ${MAX_CONNECTIONS} connections: the rest are left out`, item);
      break;
    }
    try {
      const c = readEntry(item, file, source);
      const first = seen.get(c.name);
      if (first !== undefined) {
        out.problems.push(
          problem(
            file,
            item,
            "CONNECTION_DUPLICATE",
            `"${c.name}" is already defined at line ${first}: this one is skipped`,
            c.name,
          ),
        );
        continue;
      }
      seen.set(c.name, c.line);
      out.connections.push(c);
    } catch (err) {
      if (!(err instanceof EntryIssue)) throw err;
      out.problems.push(problem(file, err.at, "CONNECTION_INVALID", err.message, nameOf(item)));
    }
  }
  return out;
}

/**
 * The user's file and the team's together. On a name in both, the user's entry wins: a user may
 * keep a team connection with their own local port or profile without editing the shared file;
 * the team's entry is reported (CONNECTION_SHADOWED) so the override is never a surprise.
 */
export function mergeConnections(
  user: ConnectionFile,
  team: ConnectionFile | null,
): { connections: Connection[]; problems: ConnectionProblem[] } {
  if (!team) return { connections: user.connections, problems: user.problems };
  const mine = new Map(user.connections.map((c) => [c.name, c]));
  const shadowed = team.connections.filter((c) => mine.has(c.name));
  return {
    connections: [...user.connections, ...team.connections.filter((c) => !mine.has(c.name))],
    problems: [
      ...user.problems,
      ...team.problems,
      ...shadowed.map((c) =>
        problem(
          c.file,
          { line: c.line, column: 1 },
          "CONNECTION_SHADOWED",
          `"${c.name}" is also in your own file (${mine.get(c.name)!.file}:${mine.get(c.name)!.line}), which is used instead`,
          c.name,
        ),
      ),
    ],
  };
}
