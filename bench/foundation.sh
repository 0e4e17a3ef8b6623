#!/usr/bin/env bash
# Measures the foundation figures and prints them as a Markdown table:
#   clean build times (only with --clean-build), start-up time to the first successful
#   GET /api/server/ping with an existing embedded database, idle RSS after start, and the
#   size of the browser bundle. Uses the release binary and site (built if missing).
# Usage: bench/foundation.sh [--clean-build] [--runs N] [--rss-runs N]
set -euo pipefail
export LC_ALL=C # EPOCHREALTIME with a dot, whatever the locale

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

clean_build=0 runs=10 rss_runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --clean-build) clean_build=1 ;;
    --runs) runs=$2; shift ;;
    --rss-runs) rss_runs=$2; shift ;;
    *) echo "usage: $0 [--clean-build] [--runs N] [--rss-runs N]" >&2; exit 2 ;;
  esac
  shift
done

command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }

target_dir=${CARGO_TARGET_DIR:-$root/target}
bin=$target_dir/release/shoebox
site=$root/target/site
pkg=$site/pkg
work=$(mktemp -d)
pid=

cleanup() {
  if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
max() { printf '%s\n' "$@" | sort -n | tail -n1; }
secs() { awk -v us="$1" 'BEGIN { s = us / 1e6; if (s >= 60) printf "%dm %04.1fs", s / 60, s - 60 * int(s / 60); else printf "%.1f s", s }'; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }

# Runs a build step quietly, printing its output only when it fails.
build_step() {
  local log=$work/build.log
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "failed: $*" >&2
    exit 1
  fi
}

rows=()
row() { rows+=("$(printf '| %s | %s | %s | %s |' "$@")"); }

# --- (a) clean build --------------------------------------------------------------------------
if [ $clean_build -eq 1 ]; then
  echo "clean build: cargo clean, then the release site and server (several minutes)" >&2
  cargo clean -q
  t0=$(now_us)
  build_step bash scripts/build-site.sh --release
  t1=$(now_us)
  build_step cargo build --release -p server
  t2=$(now_us)
  row "clean build: scripts/build-site.sh --release" "$(secs $((t1 - t0)))" "" 1
  row "clean build: cargo build --release -p server" "$(secs $((t2 - t1)))" "" 1
  row "clean build: total" "$(secs $((t2 - t0)))" "" 1
fi

# Release site and binary, so sizes and timings are the ones users get.
if [ ! -f "$site/.build-stamp" ] || [ "$(cut -d' ' -f1 "$site/.build-stamp")" != wasm-release ]; then
  echo "building the release site" >&2
  build_step bash scripts/build-site.sh --release
fi
if [ ! -x "$bin" ]; then
  echo "building the release server" >&2
  build_step cargo build --release -p server
fi

# --- server helpers ---------------------------------------------------------------------------
port_in_use() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    port_in_use "$p" || { echo "$p"; return; }
  done
}

# Only what the measurement needs: no DB_*, REDIS_* or SHOEBOX_* from the caller's shell, so
# the server runs embedded on the prepared data directory.
start_server() { # port data-dir log
  env -i PATH="$PATH" HOME="$HOME" SHOEBOX_WEB_ROOT="$site" SHOEBOX_LOG_LEVEL=warn SHOEBOX_OFFLINE=true \
    "$bin" serve --host 127.0.0.1 --port "$1" --data-dir "$2" >"$3" 2>&1 &
  pid=$!
}

wait_ping() { # port
  local deadline=$((SECONDS + 60))
  until curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$1/api/server/ping"; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "server did not answer /api/server/ping; its log:" >&2
      cat "$work/server.log" >&2
      exit 1
    fi
    sleep 0.005
  done
}

stop_server() {
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}

data=$work/data
mkdir -p "$data"

# The first start creates and migrates the database; it is not measured.
port=$(free_port)
start_server "$port" "$data" "$work/server.log"
wait_ping "$port"
stop_server

# --- (b) start-up time ------------------------------------------------------------------------
startup=()
for _ in $(seq "$runs"); do
  port=$(free_port)
  t0=$(now_us)
  start_server "$port" "$data" "$work/server.log"
  wait_ping "$port"
  t1=$(now_us)
  stop_server
  startup+=($(((t1 - t0) / 1000)))
done
row "start to first ping, existing database (ms)" "$(median "${startup[@]}")" "$(max "${startup[@]}")" "$runs"

# --- (c) idle RSS -----------------------------------------------------------------------------
rss=()
for _ in $(seq "$rss_runs"); do
  port=$(free_port)
  start_server "$port" "$data" "$work/server.log"
  wait_ping "$port"
  sleep 2
  rss+=("$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")")
  stop_server
done
to_mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
row "idle RSS after start, embedded (MiB)" "$(to_mib "$(median "${rss[@]}")")" "$(to_mib "$(max "${rss[@]}")")" "$rss_runs"

# --- (d) bundle size --------------------------------------------------------------------------
for f in shoebox_bg.wasm shoebox.js; do
  raw=$(stat -c %s "$pkg/$f")
  gz=$(gzip -9c "$pkg/$f" | wc -c)
  row "$f (gzip -9 / raw)" "$(kib "$gz") / $(kib "$raw")" "" 1
done

rev=$(git rev-parse --short HEAD 2>/dev/null || echo uncommitted)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo
echo "Shoebox foundation figures: $rev, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($cpu)"
echo
echo "| figure | median | max | runs |"
echo "| --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
