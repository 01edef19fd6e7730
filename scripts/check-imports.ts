/** `npm run lint`'s import check: the rules of docs/architecture.md against the code (import-rules.ts). */
import path from "node:path";
import { checkImports } from "./import-rules";

const violations = checkImports(path.resolve(__dirname, ".."));
for (const v of violations) console.error(`${v.file}:${v.line}: ${v.message}`);
if (violations.length > 0) {
  console.error(`${violations.length} import(s) break docs/architecture.md`);
  process.exit(1);
}
