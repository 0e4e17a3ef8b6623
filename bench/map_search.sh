#!/usr/bin/env bash
# The map and metadata search at 100 000 geotagged assets, on SQLite and PostgreSQL: map markers
# latency and bytes per marker, combined and single-filter metadata search p50/p95 (issue 6).
# Builds the release server if it is missing.
# Usage: bench/map_search.sh   (COUNT=…, RUNS=…, SEARCH_RUNS=…, MARKER_RUNS=…, MODES=… override)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
target_dir=${CARGO_TARGET_DIR:-$root/target}
[ -x "$target_dir/release/shoebox" ] || cargo build --release -p server
[ -s .tools/geodata/rg_cities1000.csv ] || bash scripts/fetch-geodata.sh || echo "no GeoNames file: seeding uses the built-in places"
SHOEBOX_BIN="$target_dir/release/shoebox" exec python3 bench/map_search.py
