#!/usr/bin/env bash
# Per photo on this CPU: faces (SCRFD detect + ArcFace embed), tags (EfficientNet-Lite0 +
# SSD MobileNet V2 one after the other, as the tagging job runs them; `tags-together`: both at
# once, as Immich's service runs a request's independent models) and OCR (PP-OCRv6 small),
# Shoebox's `ml` crate (ml/benches/pipelines.rs) against a plain Python onnxruntime pipeline on
# the same models and photos, done the way Immich's machine-learning service does it
# (bench/ml_baseline.py: PIL, numpy, OpenCV, pyclipper). Both sides run ONNX Runtime from the
# same libonnxruntime (the .tools/ml venv's) with 2 intra-op threads on CPU (Shoebox: one pool of
# 2 that all its sessions share; Python: a pool of 2 per session, as Immich's service has), read
# and decode the preview on every repetition (Shoebox decodes a JPEG no larger than the task
# needs), warm up once, then time REPS passes; per photo the median, per task the median (and
# mean) over photos.
#
# The photos are turned into Immich-like previews first (Pillow, long side PREVIEW px, JPEG q90,
# never enlarged): faces: the 12 of shared/corpus/faces; tags: those 12 plus up to 8 of
# immich-test-assets/albums/nature; OCR: immich-test-assets/albums/text.
#
# Runs Rust, then Python, then Rust again (the two Rust runs bracket Python: their spread is the
# machine's drift), prints a table (ratio = Python / mean of the Rust runs; above 1: Rust is
# faster), the time per stage on each side, and where the two sides found different things.
# On a busy machine wall clock says little: THREADS=1 runs ONNX Runtime on the calling thread
# alone and adds a table of that thread's CPU time per photo, which other processes hardly move
# (it leaves out what two threads gain, so it understates the share of inference).
# Exits 1 when their findings differ wildly on some photo: more than 1 face, more than 2 tags,
# or more than max(2, a quarter) of the text lines.
#
# usage: bench/ml.sh
#   env: REPS=3, TASKS=faces,tags,tags-together,ocr, THREADS=2, PREVIEW=1440, PY_OPTS=--immich-session-options (mirror
#   Immich's session options: no CPU memory arena), OUT=dir (keep the JSON and previews there),
#   SHOEBOX_CORPUS=../shared/corpus, SHOEBOX_TEST_MODELS=../shared/models, ORT_DYLIB_PATH,
#   CARGO_TARGET_DIR.
# Needs the .tools/ml venv (scripts/install-deps.sh); pyclipper (and OpenCV, if that venv lacks
# it) go into a venv of their own, .tools/mlbench, made on first use.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

REPS=${REPS:-3}
THREADS=${THREADS:-2}
TASKS=${TASKS:-faces,tags,tags-together,ocr}
PREVIEW=${PREVIEW:-1440}
PY_OPTS=${PY_OPTS:-}
CORPUS=$(cd "${SHOEBOX_CORPUS:-$root/../shared/corpus}" && pwd)
export SHOEBOX_TEST_MODELS=$(cd "${SHOEBOX_TEST_MODELS:-$root/../shared/models}" && pwd)
export ORT_DYLIB_PATH=${ORT_DYLIB_PATH:-$(bash scripts/onnxruntime-path.sh)}
[ -n "$ORT_DYLIB_PATH" ] && [ -f "$ORT_DYLIB_PATH" ] ||
    { echo "no ONNX Runtime library: run scripts/install-deps.sh or set ORT_DYLIB_PATH" >&2; exit 2; }

# --- Python: the project's venv, plus what the baseline needs beyond its pinned packages ---
base_py=.tools/ml/bin/python
[ -x "$base_py" ] || { echo "no $base_py: run scripts/install-deps.sh" >&2; exit 2; }
py=$base_py
missing=()
"$base_py" -c 'import cv2' 2>/dev/null || missing+=("opencv-python-headless==4.11.0.86")
"$base_py" -c 'import pyclipper' 2>/dev/null || missing+=("pyclipper")
if [ ${#missing[@]} -gt 0 ]; then
    bench_venv=.tools/mlbench
    if [ ! -x "$bench_venv/bin/python" ]; then
        "$base_py" -m venv "$bench_venv"
        # The project's venv stays as it is; this one sees its packages through a .pth file, after
        # its own (--no-deps: nothing here may shadow the pinned numpy or onnxruntime).
        "$base_py" -c 'import site; print(site.getsitepackages()[0])' \
            >"$("$bench_venv/bin/python" -c 'import site; print(site.getsitepackages()[0])')/shoebox-ml.pth"
    fi
    if ! "$bench_venv/bin/python" -c 'import cv2, pyclipper' 2>/dev/null; then
        "$bench_venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps "${missing[@]}"
    fi
    py=$bench_venv/bin/python
fi
"$py" -c 'import cv2, numpy, onnxruntime, PIL, pyclipper' ||
    { echo "the Python baseline's packages are missing" >&2; exit 2; }

# --- the Rust bench, release ---
echo "building the Rust bench (release)..." >&2
bench_bin=$(cargo bench -p ml --bench pipelines --no-run --message-format=json-render-diagnostics |
    "$py" -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "pipelines" and m.get("executable"):
        print(m["executable"])')
[ -x "$bench_bin" ] || { echo "cargo built no pipelines bench" >&2; exit 2; }

# --- previews ---
if [ -n "${OUT:-}" ]; then
    work=$(mkdir -p "$OUT" && cd "$OUT" && pwd)
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
rm -rf "$work/images"
"$py" - "$CORPUS" "$work/images" "$PREVIEW" <<'EOF'
import glob, os, sys
from PIL import Image, ImageOps
corpus, out, side = sys.argv[1], sys.argv[2], int(sys.argv[3])
faces = sorted(glob.glob(os.path.join(corpus, "faces/*/*")))
faces = [f for f in faces if not f.endswith("LICENSE")]
nature = sorted(glob.glob(os.path.join(corpus, "immich-test-assets/albums/nature/*")))[:8]
text = sorted(glob.glob(os.path.join(corpus, "immich-test-assets/albums/text/*")))
def preview(src, task, name):
    os.makedirs(os.path.join(out, task), exist_ok=True)
    with Image.open(src) as im:
        im = ImageOps.exif_transpose(im).convert("RGB")
        scale = side / max(im.size)
        if scale < 1:
            im = im.resize((round(im.width * scale), round(im.height * scale)), Image.LANCZOS)
        im.save(os.path.join(out, task, name + ".jpg"), quality=90)
for f in faces:
    name = os.path.relpath(f, os.path.join(corpus, "faces")).replace("/", "_").rsplit(".", 1)[0]
    preview(f, "faces", name)
    preview(f, "tags", "face_" + name)
for f in nature:
    preview(f, "tags", "nature_" + os.path.basename(f).rsplit(".", 1)[0])
for f in text:
    preview(f, "ocr", os.path.basename(f).rsplit(".", 1)[0])
counts = {t: len(os.listdir(os.path.join(out, t))) for t in ("faces", "tags", "ocr") if os.path.isdir(os.path.join(out, t))}
print(f"previews (long side <= {side}): {counts}", file=sys.stderr)
EOF

# --- the runs: Rust, Python, Rust ---
"$bench_bin" --reps "$REPS" --threads "$THREADS" --tasks "$TASKS" "$work/images" >"$work/rust1.json"
# shellcheck disable=SC2086
"$py" bench/ml_baseline.py --reps "$REPS" --threads "$THREADS" --tasks "$TASKS" $PY_OPTS "$work/images" >"$work/python.json"
"$bench_bin" --reps "$REPS" --threads "$THREADS" --tasks "$TASKS" "$work/images" >"$work/rust2.json"

# --- the report ---
"$py" - "$work" <<'EOF'
import json, os, sys
work = sys.argv[1]
load = lambda n: json.load(open(os.path.join(work, n), encoding="utf-8"))
r1, py, r2 = load("rust1.json"), load("python.json"), load("rust2.json")
print(f"\ncpus: {os.cpu_count()}, onnxruntime {py['onnxruntime']} ({py['session_options']} session options), "
      f"{py['threads']} threads, {py['reps']} timed passes; ms per photo, decode included")
head = f"{'task':<13} {'photos':>6} | {'rust':>8} {'rust 2':>8} {'python':>8} {'ratio':>13} | {'mean rust':>9} {'python':>8} {'ratio':>6} | found rust / python"
print(head)
print("-" * len(head))
wild = []
for task, p in py["tasks"].items():
    a, b = r1["tasks"].get(task), r2["tasks"].get(task)
    if not a or not b:
        continue
    rust = (a["median_ms"] + b["median_ms"]) / 2
    rust_mean = (a["mean_ms"] + b["mean_ms"]) / 2
    ratio = p["median_ms"] / rust
    spread = f"{p['median_ms'] / max(a['median_ms'], b['median_ms']):.2f}-{p['median_ms'] / min(a['median_ms'], b['median_ms']):.2f}"
    found_r = sum(i["found"] for i in a["images"])
    found_p = sum(i["found"] for i in p["images"])
    print(f"{task:<13} {p['photos']:>6} | {a['median_ms']:>8.1f} {b['median_ms']:>8.1f} {p['median_ms']:>8.1f} {ratio:>5.2f}x {spread:>7} | "
          f"{rust_mean:>9.1f} {p['mean_ms']:>8.1f} {p['mean_ms'] / rust_mean:>5.2f}x | {found_r} / {found_p}")
print("(ratio: Python / mean of the two Rust runs, with the range against each; above 1: Rust is faster)")

if py["threads"] == 1:
    print("\nCPU ms per photo of the calling thread (1 thread: all the work; median | mean over photos)")
    for task, p in py["tasks"].items():
        a, b = r1["tasks"].get(task), r2["tasks"].get(task)
        if not a or not b:
            continue
        rust_med = (a["cpu_median_ms"] + b["cpu_median_ms"]) / 2
        rust_mean = (a["cpu_mean_ms"] + b["cpu_mean_ms"]) / 2
        print(f"  {task:<13} rust {a['cpu_median_ms']:.1f} / {b['cpu_median_ms']:.1f}, python {p['cpu_median_ms']:.1f}: "
              f"{p['cpu_median_ms'] / rust_med:.2f}x | rust {rust_mean:.1f}, python {p['cpu_mean_ms']:.1f}: "
              f"{p['cpu_mean_ms'] / rust_mean:.2f}x")

print("\nmean ms per photo by stage (rust run 1 | python; python's onnxruntime `run` time alone in brackets)")
for task, p in py["tasks"].items():
    a = r1["tasks"].get(task)
    if not a:
        continue
    stages = " ".join(f"{s} {a['stages_ms'][s]:.1f}|{p['stages_ms'][s]:.1f}" for s in p["stages_ms"])
    print(f"  {task:<13} {stages}  [ort {p['ort_ms']:.1f}]")

print("\nfindings per photo (rust | python), where they differ")
same = True
for task, p in py["tasks"].items():
    a = r1["tasks"].get(task)
    if not a:
        continue
    for ri, pi in zip(a["images"], p["images"]):
        if ri["image"] != pi["image"]:
            wild.append(f"{task}: photos differ ({ri['image']} vs {pi['image']})")
            continue
        n, m = ri["found"], pi["found"]
        limit = {"faces": 1, "tags": 2}.get(task.removesuffix("-together"), max(2, max(n, m) // 4))
        differs = ri["what"] != pi["what"]
        if task == "faces" and n == m:
            # Boxes in pixels: the two letterbox resizes differ a little, so a few pixels apart is the same face.
            worst = max((abs(x - y) for fr, fp in zip(ri["what"], pi["what"]) for x, y in zip(fr[:4], fp[:4])), default=0)
            differs = worst > 4
        if differs:
            same = False
            if task == "ocr":
                what = f"{n} lines | {m} lines; only rust: {sorted(set(ri['what']) - set(pi['what']))[:4]}, only python: {sorted(set(pi['what']) - set(ri['what']))[:4]}"
            elif task == "faces":
                what = f"{ri['what']} | {pi['what']}"
            else:
                what = f"{', '.join(ri['what'])} | {', '.join(pi['what'])}"
            print(f"  {task} {ri['image']}: {what}")
        if abs(n - m) > limit:
            wild.append(f"{task} {ri['image']}: rust found {n}, python {m} (more than {limit} apart)")
if same:
    print("  none: both sides found the same on every photo")
if wild:
    print("\nFINDINGS DIFFER WILDLY:\n  " + "\n  ".join(wild))
    sys.exit(1)
print("\nfound-counts agree (within 1 face, 2 tags, a quarter of the text lines per photo)")
EOF
[ -n "${OUT:-}" ] && echo "JSON and previews in $work" >&2
exit 0
