#!/usr/bin/env bash
# The published Immich CLI (`@immich/cli` 3.2.2) uploading the test corpus with `--recursive
# --album` into a fresh release server, then again (all duplicates): median files/s and MB/s on
# SQLite and on PostgreSQL + Redis. ROUNDS=5 by default.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
[ -x "$target_dir/release/shoebox" ] || cargo build --release -p server
[ -d end2end/clients/node_modules/@immich/cli ] || (cd end2end/clients && npm ci --loglevel=error --no-audit --no-fund)
SHOEBOX_BIN="$target_dir/release/shoebox" exec end2end/clients/node22 end2end/clients/bench-upload.mjs
