#!/usr/bin/env bash
# End-to-end ingest: a library of >= 500 photos made from the corpus JPEGs (1-24 MP; each copy
# gets its own trailing bytes so every file has its own checksum), uploaded to the release
# binary, timed from the first byte to the last thumbnail. Runs embedded (SQLite + SQLite
# queue) and scaled (PostgreSQL + Redis queue, workers in the server) one after the other.
# Usage: bench/ingest.sh [--copies N]   (default 5; SKIP_EMBEDDED=1 runs the scaled mode only)
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
copies=5
while [ $# -gt 0 ]; do
  case "$1" in
    --copies) copies=$2; shift ;;
    *) echo "usage: $0 [--copies N]" >&2; exit 2 ;;
  esac
  shift
done
corpus=${SHOEBOX_CORPUS:-$root/../shared/corpus}
target_dir=${CARGO_TARGET_DIR:-$root/target}
bin=$target_dir/release/shoebox
[ -x "$bin" ] || cargo build --release -p server >/dev/null 2>&1
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/library"
n=0
while IFS= read -r f; do
  for c in $(seq 1 "$copies"); do
    n=$((n + 1))
    out="$work/library/$(printf '%05d' $n).jpg"
    cp "$f" "$out"
    printf 'shoebox-bench-copy-%d' "$n" >>"$out"
  done
done < <(find "$corpus" -type f \( -iname '*.jpg' -o -iname '*.jpeg' \) ! -path '*/invalid/*' ! -name corrupted.jpg | sort)
echo "library: $n photos, $(du -sm "$work/library" | cut -f1) MB"

run_mode() {
  local mode=$1; shift
  local port=$((20000 + RANDOM % 40000))
  rm -rf "$work/data"
  env -i PATH="$PATH" HOME="$HOME" SHOEBOX_LOG_LEVEL=warn SHOEBOX_OFFLINE=true "$@" \
    "$bin" serve --host 127.0.0.1 --port "$port" --data-dir "$work/data" >"$work/server-$mode.log" 2>&1 &
  pid=$!
  local base=http://127.0.0.1:$port
  until curl -fs -o /dev/null "$base/api/server/ping"; do sleep 0.05; done
  curl -fs -o /dev/null -H 'content-type: application/json' \
    -d '{"email":"bench@example.com","password":"bench-password","name":"Bench"}' "$base/api/auth/admin-sign-up"
  local token
  token=$(curl -fs -H 'content-type: application/json' \
    -d '{"email":"bench@example.com","password":"bench-password"}' "$base/api/auth/login" |
    sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
  # The one-time load of the places table is not part of ingest: wait for it.
  for _ in $(seq 600); do
    if [ "$mode" = embedded ]; then
      loaded=$(sqlite3 "$work/data/shoebox.db" "select count(*) from system_metadata" 2>/dev/null || echo 0)
    else
      loaded=$(psql -Atq -h 127.0.0.1 -U postgres -d "$db" -c "select count(*) from system_metadata" 2>/dev/null || echo 0)
    fi
    [ "${loaded:-0}" -gt 0 ] && break
    sleep 0.1
  done
  printf '%-9s ' "$mode"
  python3 bench/ingest.py "$base" "$token" "$work/library"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}

geodata=$root/.tools/geodata/rg_cities1000.csv
[ -f "$geodata" ] || bash scripts/fetch-geodata.sh >/dev/null
db=shoebox_bench_$$
[ "${SKIP_EMBEDDED:-0}" = 1 ] || run_mode embedded SHOEBOX_REVERSE_GEOCODING__CITIES_FILE="$geodata"
psql -q -h 127.0.0.1 -U postgres -c "create database $db" >/dev/null
ns=bench$$
run_mode scaled SHOEBOX_REVERSE_GEOCODING__CITIES_FILE="$geodata" SHOEBOX_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" \
  SHOEBOX_REDIS_URL="redis://127.0.0.1:6379" SHOEBOX_JOBS__QUEUE_NAMESPACE="$ns"
psql -q -h 127.0.0.1 -U postgres -c "drop database $db" >/dev/null
