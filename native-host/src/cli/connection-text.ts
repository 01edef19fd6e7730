/** How saved connections read on a terminal (`bastionless connections`, `connect`). Pure. */
import type { ConnectionProblem, ConnectionsList } from "../../../contract/connection";
import { kindText, profileText, targetText } from "../../../contract/connection-text";
import { displayText } from "../../../contract/display-text";
import { textTable } from "./text-table";

export const problemText = (p: ConnectionProblem) =>
  `${p.file}:${p.line}:${p.column}: ${p.code}: ${p.message}`;

/** One row per connection, then one per problem (a broken entry under its name when it has one). */
export function connectionsTable(list: ConnectionsList): string {
  const head = ["NAME", "KIND", "TARGET", "PROFILE", "LOCAL", "OPENS", "PROBLEMS"];
  const rows = [
    ...list.connections.map((c) => [
      c.name,
      kindText(c),
      targetText(c),
      profileText(c),
      c.kind === "ssh" ? "-" : c.localPort === null ? "default" : String(c.localPort),
      c.client,
      "",
    ]),
    ...list.problems.map((p) => [p.name ?? "-", "", "", "", "", "", problemText(p)]),
  ].map((r) => r.map(displayText));
  const files = `Files: ${list.files.user}${list.files.team ? `, team ${list.files.team}` : " (no team file)"}\n`;
  return rows.length ? textTable(head, rows) + files : `No saved connections.\n${files}`;
}
