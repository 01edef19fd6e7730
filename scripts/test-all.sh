#!/usr/bin/env bash
# `npm test`: type-check, lint, build once, then every tier (unit, integration, faults, e2e,
# windows). Ends with one plain "N passed, N failed" line, which CI reads.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
npm run --silent lint || { echo "0 passed, 1 failed"; exit 1; }
npx webpack --mode production || { echo "0 passed, 1 failed"; exit 1; }
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json "$@"
rc=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(".tmp/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  // A file whose beforeAll failed (e.g. the windows tier when Wine cannot be prepared) has only
  // skipped tests; it still counts as a failure.
  const failedFiles = r.testResults.filter(
    (f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"),
  ).length;
  const failed = r.numFailedTests + failedFiles;
  console.log(`${r.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || echo "0 passed, 1 failed"
exit $rc
