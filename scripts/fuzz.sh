#!/usr/bin/env bash
# Runs every cargo-fuzz target for a fixed time and prints executions and findings per target.
#
#   scripts/fuzz.sh                 # every target, 60 s each
#   FUZZ_SECONDS=300 scripts/fuzz.sh number query   # chosen targets, 5 min each
#
# Needs `cargo install cargo-fuzz`. cargo-fuzz uses nightly flags; on the stable toolchain
# RUSTC_BOOTSTRAP=1 allows them. Built without a sanitizer (-s none): the code is safe Rust, the
# hunt is for panics, aborts, hangs (FUZZ_TIMEOUT s per input) and runaway memory (FUZZ_RSS_MB).
# Crashing inputs land in fuzz/artifacts/TARGET/; minimize with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin -s none TARGET fuzz/artifacts/TARGET/crash-...
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_EACH="${FUZZ_SECONDS:-60}"
TIMEOUT="${FUZZ_TIMEOUT:-10}"
# 512 MB: issue 23's 62 KB HTML page took 1.56 GB; every target stays far under 512 MB now.
RSS_MB="${FUZZ_RSS_MB:-512}"
JOBS="${FUZZ_JOBS:-1}"
export RUSTC_BOOTSTRAP=1
cd "$ROOT/fuzz"
if [ "$#" -gt 0 ]; then TARGETS=("$@"); else mapfile -t TARGETS < <(cargo fuzz list); fi
cargo fuzz build -s none
python3 "$ROOT/scripts/fuzz_seeds.py" >/dev/null || true
mkdir -p logs
printf '%-12s %12s %8s %s\n' target execs crashes note
status=0
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  seeds=()
  [ -d "seeds/$t" ] && seeds=("seeds/$t")
  before=$(ls "artifacts/$t" | wc -l)
  set +e
  cargo fuzz run -s none "$t" "corpus/$t" "${seeds[@]}" -- \
    -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" \
    -max_len=262144 -print_final_stats=1 >"logs/$t.log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || true)
  after=$(ls "artifacts/$t" | wc -l)
  note=""
  if [ "$rc" -ne 0 ] || [ "$after" -gt "$before" ]; then
    note="FOUND: $(grep -m1 -E 'panicked|ERROR: libFuzzer' "logs/$t.log" | cut -c1-120) (fuzz/logs/$t.log)"
    status=1
  fi
  printf '%-12s %12s %8s %s\n' "$t" "${execs:-?}" "$((after - before))" "$note"
done
exit $status
