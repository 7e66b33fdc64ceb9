#!/usr/bin/env bash
# Crash safety under SIGKILL (docs/reliability.md).
#
# 1. Reference: the corpus copy is indexed one file more at a time (incremental runs), recording
#    the document count after each file. A commit always ends at a file boundary, so these
#    counts are every state a commit can leave; 0 is the empty index.
# 2. KILLS times: a fresh `vanban index CORPUS` is SIGKILLed at a random moment within the time a
#    full run takes; the index must then open (`vanban search` works, with and without a filter)
#    and its count must be one of the reference states (never half a file). Every RERUN_EVERY
#    kills, and after the last, a re-run must complete the job with the full reference count.
# 3. RESUME_KILLS more kills on one index that is never wiped, then a run to completion.
# 4. WRITE_KILLS rounds of the write API: a server with an API key takes a stream of POSTs and
#    is SIGKILLed at a random moment; after a restart every acknowledged write must be readable.
#
# Env: KILLS (20), RERUN_EVERY (5), RESUME_KILLS (5), WRITE_KILLS (5), CORPUS (congbao + seed),
#      WORK (a temp dir), PORT (18431), PROFILE (debug; `release` builds --release),
#      COMMIT_EVERY (100: the killed runs commit at every file boundary after 100 documents, so
#      that kills land between mid-run commits, not only before the first one).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="$ROOT/../shared/corpus"
KILLS="${KILLS:-20}"
RERUN_EVERY="${RERUN_EVERY:-5}"
RESUME_KILLS="${RESUME_KILLS:-5}"
WRITE_KILLS="${WRITE_KILLS:-5}"
CORPUS="${CORPUS:-$SHARED/congbao $SHARED/seed}"
WORK="${WORK:-$(mktemp -d /tmp/vanban-kill.XXXXXX)}"
PORT="${PORT:-18431}"
PROFILE="${PROFILE:-debug}"
COMMIT_EVERY="${COMMIT_EVERY:-100}"
KEY="kill-loop-$$-$RANDOM"

log() { printf '[kill-loop %s] %s\n' "$(date +%T)" "$*"; }
fail() { printf '[kill-loop] FAIL: %s\n' "$*" >&2; exit 1; }

cd "$ROOT"
if [ "$PROFILE" = release ]; then cargo build --release --bin vanban; else cargo build --bin vanban; fi
BIN="$ROOT/target/$PROFILE/vanban"

log "work dir $WORK"
rm -rf "$WORK/corpus"
mkdir -p "$WORK/corpus"
for src in $CORPUS; do cp -r "$src" "$WORK/corpus/"; done
chmod -R u+w "$WORK/corpus"
# The files in the order `vanban index` walks them (sorted by name, folder by folder).
mapfile -t FILES < <(cd "$WORK/corpus" && find . -type f \( -name '*.jsonl' -o -name '*.json' -o -name '*.txt' -o -name '*.csv' -o -name '*.html' -o -name '*.docx' -o -name '*.pdf' \) ! -name '.*' | LC_ALL=C sort | sed "s|^\./|$WORK/corpus/|")
[ "${#FILES[@]}" -gt 0 ] || fail "no files in $CORPUS"

# Document count of an index, `none` when no index was created yet; fails when it does not open.
count() {
  local dir="$1" out
  if [ ! -e "$dir/meta.json" ]; then echo none; return; fi
  out="$("$BIN" search '*' --index "$dir" --json 2>"$WORK/search.err")" \
    || fail "index $dir does not open after the kill: $(cat "$WORK/search.err")"
  # A filter-only query must work too.
  "$BIN" search '' --type 'Nghị định' --index "$dir" --json >/dev/null 2>"$WORK/search.err" \
    || "$BIN" search '*' --type 'Nghị định' --index "$dir" --json >/dev/null 2>>"$WORK/search.err" \
    || fail "filter query fails on $dir: $(cat "$WORK/search.err")"
  printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}

# 1. Reference states.
REF="$WORK/ref"
rm -rf "$REF"
declare -A ALLOWED=([none]=1 [0]=1)
STATES="0"
t0=$(date +%s.%N)
for ((k = 1; k <= ${#FILES[@]}; k++)); do
  "$BIN" index "${FILES[@]:0:k}" --index "$REF" >/dev/null 2>&1 || fail "reference run $k failed"
  c="$(count "$REF")"
  ALLOWED[$c]=1
  STATES="$STATES $c"
done
FULL="$c"
FULL_SECS="$(python3 -c "print(max(1.0, $(date +%s.%N) - $t0))")"
log "reference: ${#FILES[@]} files, states after each file: $STATES; full run ~${FULL_SECS}s"

full_run() {
  "$BIN" index $CORPUS_ARGS --commit-every "$COMMIT_EVERY" --index "$1" >"$WORK/run.out" 2>&1 || fail "re-run on $1 failed: $(tail -3 "$WORK/run.out")"
  local c; c="$(count "$1")"
  [ "$c" = "$FULL" ] || fail "re-run on $1 ended with $c documents, reference has $FULL"
}

kill_at_random() {
  local dir="$1" max="$2" delay pid c
  delay="$(python3 -c "import random; print(round(random.uniform(0.05, $max), 2))")"
  "$BIN" index $CORPUS_ARGS --commit-every "$COMMIT_EVERY" --index "$dir" >"$WORK/run.out" 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -KILL "$pid" 2>/dev/null; then how="killed after ${delay}s"; else how="finished before ${delay}s"; fi
  wait "$pid" 2>/dev/null || true
  c="$(count "$dir")"
  [ -n "${ALLOWED[$c]:-}" ] || fail "after a kill at ${delay}s the index holds $c documents, not a commit state ($STATES)"
  if [[ "$how" == finished* ]]; then [ "$c" = "$FULL" ] || fail "finished run has $c, not $FULL"; fi
  log "$how: $c documents (a commit state)"
  LAST_COUNT="$c"
}

CORPUS_ARGS="$WORK/corpus"
MAXDELAY="$(python3 -c "print(round($FULL_SECS * 1.05, 2))")"

# 2. Fresh index, killed.
for ((i = 1; i <= KILLS; i++)); do
  IDX="$WORK/idx"
  rm -rf "$IDX"
  printf '[kill-loop] kill %d/%d: ' "$i" "$KILLS"
  kill_at_random "$IDX" "$MAXDELAY"
  if (( i % RERUN_EVERY == 0 || i == KILLS )); then
    full_run "$IDX"
    log "re-run after kill $i completed with $FULL documents"
  fi
done

# 3. One index, killed again and again, then completed.
IDX="$WORK/idx-resume"
rm -rf "$IDX"
for ((i = 1; i <= RESUME_KILLS; i++)); do
  printf '[kill-loop] resume kill %d/%d: ' "$i" "$RESUME_KILLS"
  kill_at_random "$IDX" "$MAXDELAY"
done
full_run "$IDX"
log "resume: completed with $FULL documents"

# 4. The write API.
if (( WRITE_KILLS > 0 )); then
  WIDX="$WORK/widx"
  ACKED="$WORK/acked.txt"
  rm -rf "$WIDX" "$ACKED"
  SRC_JSONL="$(ls "$WORK"/corpus/*/*.jsonl 2>/dev/null | grep -v sonla | head -1)"
  [ -n "$SRC_JSONL" ] || fail "no JSONL with bodies in the corpus for write records"
  mkdir -p "$WORK/serve-corpus"
  cp "$SHARED/seed/"* "$WORK/serve-corpus/" 2>/dev/null || echo "Điều 1. Văn bản mẫu." > "$WORK/serve-corpus/a.txt"
  start_server() {
    VANBAN_API_KEY="$KEY" "$BIN" serve --addr "127.0.0.1:$PORT" --index "$WIDX" \
      --corpus "$WORK/serve-corpus" >>"$WORK/serve.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 600); do
      if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/api/health', timeout=1)" 2>/dev/null; then return 0; fi
      kill -0 "$SERVER" 2>/dev/null || fail "server did not start: $(tail -5 "$WORK/serve.log")"
      sleep 0.1
    done
    fail "server did not answer within 60 s"
  }
  for ((i = 1; i <= WRITE_KILLS; i++)); do
    start_server
    python3 "$ROOT/scripts/client.py" writes "http://127.0.0.1:$PORT" "$KEY" "$ACKED" "$SRC_JSONL" --prefix "k$i" &
    WRITER=$!
    delay="$(python3 -c "import random; print(round(random.uniform(1, 6), 2))")"
    sleep "$delay"
    kill -KILL "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    wait "$WRITER" 2>/dev/null || true
    start_server
    out="$(python3 "$ROOT/scripts/client.py" verify "http://127.0.0.1:$PORT" "$ACKED")" \
      || fail "write kill $i: acknowledged writes lost: $out"
    log "write kill $i/$WRITE_KILLS after ${delay}s: $out"
    kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null || true
  done
fi

log "PASS: $KILLS fresh kills, $RESUME_KILLS resume kills, $WRITE_KILLS write-API kills; full count $FULL"
