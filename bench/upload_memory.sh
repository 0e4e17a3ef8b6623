#!/usr/bin/env bash
# Resident memory of `shoebox serve` while it receives one large upload: the body must stream
# to disk, so memory should not grow with the file. Prints the baseline RSS, the peak during the
# upload, the growth, and the throughput. Uses the release binary (built if missing).
# Usage: bench/upload_memory.sh [--size-mib N]   (default 2048)
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
size_mib=2048
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mib) size_mib=$2; shift ;;
    *) echo "usage: $0 [--size-mib N]" >&2; exit 2 ;;
  esac
  shift
done

target_dir=${CARGO_TARGET_DIR:-$root/target}
bin=$target_dir/release/shoebox
[ -x "$bin" ] || cargo build --release -p server >/dev/null 2>&1
work=$(mktemp -d)
pid=
sampler=
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$((20000 + RANDOM % 40000))
env -i PATH="$PATH" HOME="$HOME" SHOEBOX_LOG_LEVEL=warn SHOEBOX_OFFLINE=true \
  "$bin" serve --host 127.0.0.1 --port "$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
pid=$!
base=http://127.0.0.1:$port
until curl -fs -o /dev/null "$base/api/server/ping"; do sleep 0.05; done

curl -fs -o /dev/null -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-password","name":"Bench"}' "$base/api/auth/admin-sign-up"
token=$(curl -fs -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-password"}' "$base/api/auth/login" |
  sed -E 's/.*"accessToken":"([^"]+)".*/\1/')

# Random content, so nothing along the way can compress it away.
file=$work/big.mp4
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$file"

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
sleep 1
baseline=$(rss_kib)
(
  peak=0
  while kill -0 "$pid" 2>/dev/null; do
    now=$(rss_kib 2>/dev/null || echo 0)
    [ "$now" -gt "$peak" ] && peak=$now && echo "$peak" >"$work/peak"
    sleep 0.05
  done
) &
sampler=$!

t0=$EPOCHREALTIME
status=$(curl -s -o "$work/reply" -w '%{http_code}' -H "authorization: Bearer $token" \
  -F "assetData=@$file" -F fileCreatedAt=2024-01-01T00:00:00Z -F fileModifiedAt=2024-01-01T00:00:00Z \
  "$base/api/assets")
t1=$EPOCHREALTIME
sleep 0.2
peak=$(cat "$work/peak" 2>/dev/null || echo "$baseline")
[ "$status" = 201 ] || { echo "upload failed: HTTP $status $(cat "$work/reply")" >&2; exit 1; }

awk -v b="$baseline" -v p="$peak" -v s="$size_mib" -v t0="$t0" -v t1="$t1" 'BEGIN {
  secs = t1 - t0
  printf "| figure | value |\n| --- | --- |\n"
  printf "| upload size | %d MiB |\n", s
  printf "| RSS before the upload | %.1f MiB |\n", b / 1024
  printf "| peak RSS during the upload | %.1f MiB |\n", p / 1024
  printf "| growth | %.1f MiB (target <= 30 MB) |\n", (p - b) / 1024
  printf "| time, loopback, incl. SHA-1 and fsync | %.1f s (%.0f MiB/s) |\n", secs, s / secs
}'
