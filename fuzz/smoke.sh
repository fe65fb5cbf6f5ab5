#!/usr/bin/env bash
# A short fuzzing smoke test: each target for SECONDS (default 20) when cargo-fuzz is installed;
# otherwise the targets' checks over their seeds with a plain `cargo test` (see README.md).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-20}
if cargo fuzz --version >/dev/null 2>&1; then
  ./seed.sh >/dev/null
  for target in rule_file engine transcript formats; do
    echo "== cargo fuzz run $target (${seconds}s)"
    RUSTC_BOOTSTRAP=1 nice -n 10 cargo fuzz run "$target" -- \
      -max_total_time="$seconds" -max_len=65536 -timeout=10 -print_final_stats=1
  done
else
  echo "cargo-fuzz not installed: replaying the seeds with cargo test"
  cd .. && cargo test --test fuzz_seeds
fi
