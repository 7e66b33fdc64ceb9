#!/usr/bin/env bash
# The Debian package, end to end (run by .ci/run, as root, on a Debian machine):
# build it with `cargo deb`, install it with dpkg, check the user, folders, unit and config,
# run the installed binary as the vanban user against a temporary index (index a small folder,
# search it, serve it with the installed configuration on a loopback port, curl /api/health),
# then remove and purge it. systemd itself does not run here.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ] || ! command -v dpkg >/dev/null; then
  echo "package-test: skipped (needs root and dpkg)"
  exit 0
fi
if dpkg -s vanban >/dev/null 2>&1; then
  echo "package-test: a vanban package is already installed here; not touching it" >&2
  exit 1
fi

# cargo-deb once per machine (the binary stays in ~/.cargo/bin between CI runs when cached).
command -v cargo-deb >/dev/null || cargo install cargo-deb --locked

started=$(date +%s)
deb=$(cargo deb | tail -n 1)
echo "package-test: built $deb in $(($(date +%s) - started)) s"
dpkg-deb --info "$deb" | sed -n '/Package:/,/Depends:/p'

tmp=$(mktemp -d)
server=
# `runuser` does not pass SIGTERM on to the server it started: stop the server itself, then it.
stop_server() {
  pkill -TERM -P "$server" 2>/dev/null || true
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=
}
cleanup() {
  [ -n "$server" ] && stop_server
  dpkg --purge vanban >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

dpkg -i "$deb"

fail() { echo "package-test: FAIL: $*" >&2; exit 1; }
getent passwd vanban >/dev/null || fail "no vanban user"
[ -x /usr/bin/vanban ] || fail "no /usr/bin/vanban"
[ -f /lib/systemd/system/vanban.service ] || [ -f /usr/lib/systemd/system/vanban.service ] \
  || fail "no systemd unit"
[ "$(stat -c %U:%G /var/lib/vanban/index)" = vanban:vanban ] || fail "index folder owner"
[ "$(stat -c %a:%G /etc/vanban/vanban.toml)" = 640:vanban ] || fail "config permissions"
/usr/bin/vanban --version

as_vanban() { runuser -u vanban -- "$@"; }
mkdir "$tmp/corpus"
cp corpus/176-KH-UBND-2020-lang-son.txt "$tmp/corpus/"
chown -R vanban:vanban "$tmp"
as_vanban /usr/bin/vanban index --index "$tmp/index" "$tmp/corpus"
as_vanban /usr/bin/vanban search --index "$tmp/index" "176/KH-UBND" | grep -q "176/KH-UBND" \
  || fail "search did not find 176/KH-UBND"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_vanban /usr/bin/vanban serve --config /etc/vanban/vanban.toml \
  --addr "127.0.0.1:$port" --index "$tmp/index" --log-format json >"$tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/api/health" >"$tmp/health.json" 2>/dev/null && break
  sleep 0.2
done
grep -q . "$tmp/health.json" || { cat "$tmp/serve.log"; fail "no /api/health answer"; }
cat "$tmp/health.json"; echo
curl -fsS "http://127.0.0.1:$port/api/search?q=176%2FKH-UBND" | grep -q "176/KH-UBND" \
  || fail "the served index did not find 176/KH-UBND"
stop_server
head -n 1 "$tmp/serve.log" | python3 -c 'import json,sys; json.loads(sys.stdin.readline())' \
  || fail "log line is not JSON"

dpkg -r vanban
[ ! -e /usr/bin/vanban ] || fail "binary left after dpkg -r"
[ -f /etc/vanban/vanban.toml ] || fail "dpkg -r removed the configuration (a conffile)"
dpkg --purge vanban
[ ! -e /etc/vanban/vanban.toml ] || fail "configuration left after purge"
[ ! -e /var/lib/vanban/index ] || fail "index left after purge"
echo "package-test: ok"
