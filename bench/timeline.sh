#!/usr/bin/env bash
# The library at 100 000 assets: timeline API latency on SQLite and PostgreSQL, first paint and
# the DOM's size in Chromium. Builds the release server and the site if they are missing.
# Usage: bench/timeline.sh   (COUNT=… and RUNS=… override the defaults)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
target_dir=${CARGO_TARGET_DIR:-$root/target}
[ -x "$target_dir/release/shoebox" ] || cargo build --release -p server
[ -f "$target_dir/site/pkg/shoebox_bg.wasm" ] || bash scripts/build-site.sh --release
SHOEBOX_BIN="$target_dir/release/shoebox" exec python3 bench/timeline.py
