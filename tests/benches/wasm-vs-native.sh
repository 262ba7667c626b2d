#!/usr/bin/env bash
# The same EM iteration (N = 10⁶, K = 5, the stepper's E-step, M-step and
# log L) natively and in wasm in headless Chromium, run in turn `rounds`
# times (default 5), so both see the same machine: this shared machine's
# speed drifts by tens of per cent within minutes. Prints each round and the
# best of each side. Needs `trunk build --release` first (for dist/).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/tests/e2e/node_modules/.bin:$PATH"
rounds=${1:-5}
cargo bench --bench em_iteration --no-run --quiet 2>/dev/null
results=""
for round in $(seq "$rounds"); do
  native=$(cargo bench --bench em_iteration --quiet -- "stepper K=5/1000000" --warm-up-time 1 --measurement-time 5 --noplot 2>/dev/null \
    | sed -n 's/.*time: *\[[^ ]* [^ ]* \([0-9.]*\) ms.*/\1/p' | head -n 1)
  wasm=$(node tests/e2e/bench.mjs bare | sed -n 's/.*: \([0-9.]*\) ms$/\1/p')
  echo "round $round: native $native ms (criterion's estimate), wasm $wasm ms (median of 10)"
  results="$results$native $wasm"$'\n'
done
printf '%s' "$results" | awk 'NR == 1 || $1 < n { n = $1 } NR == 1 || $2 < w { w = $2 }
  END { printf "best of each: native %.1f ms, wasm %.1f ms, wasm/native %.2f\n", n, w, w / n }'
