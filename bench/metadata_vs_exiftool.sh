#!/usr/bin/env bash
# Metadata extraction per photo: Shoebox's extractor against exiftool on the corpus JPEGs.
# exiftool is timed three ways: one batch process over all files (its best case), one process
# per file (the naive way), and one long-lived `-stay_open` process fed file by file (how Immich
# runs it, through exiftool-vendored). Prints medians in microseconds per photo and the ratios.
#
#   bench/metadata_vs_exiftool.sh [CORPUS_DIR] [ITERATIONS]
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-${SHOEBOX_CORPUS:-$here/../shared/corpus}}"
iterations="${2:-20}"
runs=5

cd "$here"
cargo build --release -q -p jobs --example metadata_bench
bench="$here/target/release/examples/metadata_bench"

mapfile -t files < <(find "$corpus" -type f \( -iname '*.jpg' -o -iname '*.jpeg' \) | sort)
count=${#files[@]}
echo "corpus: $corpus ($count JPEG files)"

now_us() { echo $(( $(date +%s%N) / 1000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Shoebox: each photo `iterations` times, median per photo, then the median over photos.
ours_line="$("$bench" "$corpus" --iterations "$iterations" --ext jpg,jpeg)"
echo "shoebox:              $ours_line"
ours=$(sed -n 's/.*median_us=\([0-9.]*\).*/\1/p' <<<"$ours_line")

# exiftool, one batch process over all files; per photo = wall time / files, median of runs.
exiftool -json -n "${files[@]}" >/dev/null 2>&1 || true
batch=$(for _ in $(seq "$runs"); do
  start=$(now_us)
  exiftool -json -n "${files[@]}" >/dev/null 2>&1 || true
  echo $(( ($(now_us) - start) / count ))
done | median)
echo "exiftool batch:       median_us=$batch per photo ($runs runs over $count files)"

# exiftool, one process per file: the median over files.
per_file=$(for f in "${files[@]}"; do
  start=$(now_us)
  exiftool -json -n "$f" >/dev/null 2>&1 || true
  echo $(( $(now_us) - start ))
done | median)
echo "exiftool per file:    median_us=$per_file per photo"

# exiftool -stay_open: one process, one request per file, each answered before the next. The
# client is Perl (which exiftool needs anyway): a bash read loop would cost more than exiftool.
stay=$(printf '%s\n' "${files[@]}" | perl -MIPC::Open2 -MTime::HiRes=time -e '
  my @files = map { chomp; $_ } <STDIN>;
  my $pid = open2(my $out, my $in, "exiftool", "-stay_open", "True", "-@", "-");
  my @times;
  for my $file (@files) {
    my $start = time;
    print $in "-json\n-n\n$file\n-execute\n";
    $in->flush;
    while (my $line = <$out>) { last if $line =~ /^\{ready\}/ }
    push @times, (time - $start) * 1e6;
  }
  print $in "-stay_open\nFalse\n";
  close $in;
  waitpid $pid, 0;
  @times = sort { $a <=> $b } @times;
  printf "%.0f\n", $times[$#times / 2];
')
echo "exiftool -stay_open:  median_us=$stay per photo"

awk -v o="$ours" -v b="$batch" -v p="$per_file" -v s="$stay" 'BEGIN {
  printf "ratio (exiftool / shoebox): batch %.0fx, -stay_open %.0fx, per file %.0fx\n", b / o, s / o, p / o
}'
