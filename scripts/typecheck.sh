#!/usr/bin/env bash
# `npm run typecheck`: each runtime alone with only its own types (the contract with neither DOM
# nor Node, the extension without Node, the host without DOM), then tests and scripts with all of
# them. The four run side by side; any failure fails the whole check.
set -uo pipefail
cd "$(dirname "$0")/.."
pids=()
for project in contract extension native-host tsconfig.json; do
  npx tsc -p "$project" --noEmit --pretty false &
  pids+=($!)
done
rc=0
for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
exit $rc
