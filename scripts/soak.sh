#!/usr/bin/env bash
# Load soak (docs/reliability.md): a server on 127.0.0.1 only, 16 concurrent search clients
# replaying ../shared/queries/citizen_questions.txt plus a steady stream of writes with the API
# key (one every ~0.2 s). Passes with zero 5xx, zero connection errors and every acknowledged
# write read back at the end. VmRSS of the server is sampled every 5 s. Prints a JSON summary
# (throughput, p50/p99 latency, status counts, memory over time) and writes it to $WORK/soak.json.
#
# Env: SOAK_SECONDS (600), CLIENTS (16), PORT (18432), CORPUS (congbao + seed, indexed first
#      unless INDEX already holds an index), INDEX ($WORK/index), WORK (temp dir), PROFILE (debug).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="$ROOT/../shared"
SOAK_SECONDS="${SOAK_SECONDS:-600}"
CLIENTS="${CLIENTS:-16}"
PORT="${PORT:-18432}"
PROFILE="${PROFILE:-debug}"
WORK="${WORK:-$(mktemp -d /tmp/vanban-soak.XXXXXX)}"
INDEX="${INDEX:-$WORK/index}"
CORPUS="${CORPUS:-$SHARED/corpus/congbao $SHARED/corpus/seed}"
KEY="soak-$$-$RANDOM$RANDOM"

cd "$ROOT"
if [ "$PROFILE" = release ]; then cargo build --release --bin vanban; else cargo build --bin vanban; fi
BIN="$ROOT/target/$PROFILE/vanban"
mkdir -p "$WORK"
if [ ! -e "$INDEX/meta.json" ]; then
  echo "[soak] indexing $CORPUS into $INDEX"
  # shellcheck disable=SC2086
  "$BIN" index $CORPUS --index "$INDEX" | tail -2
fi
VANBAN_API_KEY="$KEY" "$BIN" serve --addr "127.0.0.1:$PORT" --index "$INDEX" \
  --corpus "$SHARED/corpus/seed" >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/api/health', timeout=1)" 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "[soak] server died: $(tail -5 "$WORK/serve.log")"; exit 1; }
  sleep 0.1
done
SRC_JSONL="$SHARED/corpus/congbao/phapdien_nghidinh.jsonl"
echo "[soak] $CLIENTS clients for ${SOAK_SECONDS}s against pid $SERVER on 127.0.0.1:$PORT"
set +e
python3 "$ROOT/scripts/client.py" soak "http://127.0.0.1:$PORT" "$KEY" "$SRC_JSONL" \
  "$SHARED/queries/citizen_questions.txt" "$SERVER" "$SOAK_SECONDS" --clients "$CLIENTS" \
  --out "$WORK/soak.json"
rc=$?
set -e
kill -0 "$SERVER" 2>/dev/null || { echo "[soak] FAIL: the server died during the soak"; exit 1; }
[ "$rc" -eq 0 ] && echo "[soak] PASS (summary in $WORK/soak.json)" || echo "[soak] FAIL (summary in $WORK/soak.json)"
exit "$rc"
