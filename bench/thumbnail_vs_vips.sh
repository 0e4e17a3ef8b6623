#!/usr/bin/env bash
# Times Shoebox's thumbnail generator against libvips' vipsthumbnail on a 12 MP JPEG, making
# the same two outputs: a 1440 px short-side JPEG preview (Q80) and a 250 px short-side WebP
# thumbnail (Q80). Ours decodes once for both; vipsthumbnail runs once per size (each run uses
# shrink-on-load). Prints the medians of RUNS runs and the ratio.
#
# usage: bench/thumbnail_vs_vips.sh [source.jpg]   (env: RUNS=15, SHOEBOX_CORPUS=../shared/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-15}
CORPUS=${SHOEBOX_CORPUS:-../shared/corpus}
SOURCE=${1:-$CORPUS/immich-test-assets/albums/text/craft-beer.jpg}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

command -v vipsthumbnail >/dev/null || { echo "vipsthumbnail not found (apt install libvips-tools)" >&2; exit 1; }
[ -f "$SOURCE" ] || { echo "source photo not found: $SOURCE" >&2; exit 1; }

# A 4000×3000 (12 MP) landscape JPEG, as a phone or compact camera makes.
vips thumbnail "$SOURCE" "$WORK/in.jpg[Q=90]" 4000 --height 3000 --crop centre
echo "input: $(vipsheader "$WORK/in.jpg") ($(stat -c %s "$WORK/in.jpg") bytes)"

cargo build --quiet --release -p jobs --example thumbnail_bench
BENCH=target/release/examples/thumbnail_bench

now_ns() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Warm the page cache and both programs once.
"$BENCH" "$WORK/in.jpg" 1 "$WORK/ours" >/dev/null
# Landscape input: a box of (huge × N) makes N the short side, as our settings do.
vipsthumbnail "$WORK/in.jpg" -s 100000x1440 -o "$WORK/vips_preview.jpg[Q=80]"
vipsthumbnail "$WORK/in.jpg" -s 100000x250 -o "$WORK/vips_thumbnail.webp[Q=80]"

ours=() vips=()
for _ in $(seq "$RUNS"); do
    start=$(now_ns)
    "$BENCH" "$WORK/in.jpg" 1 "$WORK/ours" >/dev/null
    ours+=($(( ($(now_ns) - start) / 1000 )))

    start=$(now_ns)
    vipsthumbnail "$WORK/in.jpg" -s 100000x1440 -o "$WORK/vips_preview.jpg[Q=80]"
    vipsthumbnail "$WORK/in.jpg" -s 100000x250 -o "$WORK/vips_thumbnail.webp[Q=80]"
    vips+=($(( ($(now_ns) - start) / 1000 )))
done

# Without process start-up: vipsthumbnail over RUNS names for the same file in one process
# (per size), total divided by RUNS; against our in-process median.
mkdir -p "$WORK/many"
for i in $(seq "$RUNS"); do ln -s "$WORK/in.jpg" "$WORK/many/in$i.jpg"; done
start=$(now_ns)
vipsthumbnail "$WORK"/many/in*.jpg -s 100000x1440 -o "$WORK/many/p_%s.jpg[Q=80]"
vipsthumbnail "$WORK"/many/in*.jpg -s 100000x250 -o "$WORK/many/t_%s.webp[Q=80]"
vips_amortised_ms=$(awk -v t="$(( ($(now_ns) - start) / 1000 ))" -v n="$RUNS" 'BEGIN { printf "%.1f", t / n / 1000 }')

ours_ms=$(printf '%s\n' "${ours[@]}" | median | awk '{ printf "%.1f", $1 / 1000 }')
vips_ms=$(printf '%s\n' "${vips[@]}" | median | awk '{ printf "%.1f", $1 / 1000 }')
in_process=$("$BENCH" "$WORK/in.jpg" "$RUNS" "$WORK/ours" | awk '/median_ms/ { print $4 }')

echo "outputs: ours $(vipsheader "$WORK/ours/preview.jpeg" | cut -d' ' -f2) + $(vipsheader "$WORK/ours/thumbnail.webp" | cut -d' ' -f2)," \
    "vips $(vipsheader "$WORK/vips_preview.jpg" | cut -d' ' -f2) + $(vipsheader "$WORK/vips_thumbnail.webp" | cut -d' ' -f2)"
echo "cpus: $(nproc), runs: $RUNS (medians, wall clock per run, process start included)"
echo "ours (thumbnail_bench, one process per run):  ${ours_ms} ms"
echo "ours (generate() in process, no start-up):    ${in_process} ms"
echo "vipsthumbnail (two processes per run):        ${vips_ms} ms"
echo "vipsthumbnail (amortised, ${RUNS} files/process):  ${vips_amortised_ms} ms"
awk -v o="$ours_ms" -v v="$vips_ms" 'BEGIN { printf "ratio vips/ours, with start-up:    %.2fx (above 1: ours is faster)\n", v / o }'
awk -v o="$in_process" -v v="$vips_amortised_ms" 'BEGIN { printf "ratio vips/ours, without start-up: %.2fx\n", v / o }'
