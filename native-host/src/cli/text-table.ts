/**
 * How a table reads on a terminal (`instances`, `profiles`, `tunnels`): a header row and the rows,
 * each column as wide as its widest cell, two spaces apart, no trailing spaces. Pure. Cells must
 * already be safe to print (contract/display-text.ts): they come from AWS and the user.
 */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join("\n")}\n`;
}
