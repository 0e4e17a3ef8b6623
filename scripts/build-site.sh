#!/usr/bin/env bash
# Builds the browser bundle into target/site (pkg/shoebox.js, pkg/shoebox_bg.wasm,
# pkg/shoebox.css, public/) without cargo-leptos, which cannot fetch its tools here.
# Usage: scripts/build-site.sh [--release]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

profile=debug
case "${1:-}" in
  --release) profile=wasm-release ;;
  "") ;;
  *) echo "usage: $0 [--release]" >&2; exit 2 ;;
esac

target_dir=${CARGO_TARGET_DIR:-$root/target}
site=$root/target/site
pkg=$site/pkg
wasm_opt=$root/.tools/node_modules/.bin/wasm-opt

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.130" ]; then
  echo "wasm-bindgen 0.2.130 is needed (it must match Cargo.lock): run scripts/install-deps.sh run" >&2
  exit 1
fi

if [ "$profile" = debug ]; then
  cargo build -p frontend --lib --target wasm32-unknown-unknown
else
  cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release
fi
input=$target_dir/wasm32-unknown-unknown/$profile/frontend.wasm

# wasm-bindgen and (in release) wasm-opt take a while; skip them when the wasm is unchanged.
stamp_file=$site/.build-stamp
stamp="$profile $(sha256sum "$input" | cut -d' ' -f1) $([ -x "$wasm_opt" ] && echo opt)"
if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] &&
  [ -f "$pkg/shoebox_bg.wasm" ] && [ -f "$pkg/shoebox.js" ]; then
  echo "site: wasm unchanged, keeping $pkg"
else
  rm -f "$stamp_file"
  mkdir -p "$pkg"
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name shoebox "$input"
  if [ "$profile" = wasm-release ]; then
    if [ -x "$wasm_opt" ]; then
      # rustc's wasm32 target enables these features by default; wasm-opt rejects them unless told.
      "$wasm_opt" -Oz \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$pkg/shoebox_bg.wasm" -o "$pkg/shoebox_bg.wasm"
    else
      echo "site: wasm-opt not found in .tools (scripts/install-deps.sh run); bundle left unoptimised" >&2
    fi
  fi
  echo "$stamp" >"$stamp_file"
fi

# Plain CSS, one file per concern; order is the file names' order.
shopt -s nullglob
css=("$root"/style/*.css)
shopt -u nullglob
if [ ${#css[@]} -gt 0 ]; then
  printf '%s\n' "${css[@]}" | LC_ALL=C sort | while IFS= read -r f; do
    printf '/* %s */\n' "${f#"$root"/}"
    cat "$f"
    printf '\n'
  done >"$pkg/shoebox.css"
else
  : >"$pkg/shoebox.css"
fi

# MapLibre GL JS for the photo map, vendored from npm (frontend/package.json) and served from the
# site itself: the map must work without internet, and map.js loads it only when a map opens.
maplibre_dist=$root/frontend/node_modules/maplibre-gl/dist
for f in maplibre-gl.js maplibre-gl.css LICENSE.txt; do
  if [ ! -f "$maplibre_dist/$f" ]; then
    echo "$maplibre_dist/$f is missing: run scripts/install-deps.sh run" >&2
    exit 1
  fi
done
mkdir -p "$site/vendor/maplibre-gl"
cp "$maplibre_dist/maplibre-gl.js" "$maplibre_dist/maplibre-gl.css" "$maplibre_dist/LICENSE.txt" \
  "$site/vendor/maplibre-gl/"

if [ -d "$root/public" ]; then
  cp -R "$root/public/." "$site/"
fi

size() { stat -c %s "$1"; }
gz() { gzip -9c "$1" | wc -c; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
echo "site ($profile) in ${site#"$root"/}:"
printf '  %-16s %12s  (%s gzipped)\n' \
  shoebox_bg.wasm "$(kib "$(size "$pkg/shoebox_bg.wasm")")" "$(kib "$(gz "$pkg/shoebox_bg.wasm")")" \
  shoebox.js "$(kib "$(size "$pkg/shoebox.js")")" "$(kib "$(gz "$pkg/shoebox.js")")" \
  shoebox.css "$(kib "$(size "$pkg/shoebox.css")")" "$(kib "$(gz "$pkg/shoebox.css")")"
