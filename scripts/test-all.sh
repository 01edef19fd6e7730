#!/usr/bin/env bash
# `npm test`: type-check, lint, build once, then every tier (unit, integration, faults, e2e).
# Ends with one plain "N passed, N failed" line, which CI reads.
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
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || echo "0 passed, 1 failed"
exit $rc
