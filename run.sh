#!/usr/bin/env bash
# Installs what is missing, builds the release server and web bundle, and starts Shoebox in the
# foreground (embedded mode unless a database URL is configured). Arguments go to `shoebox serve`,
# e.g. ./run.sh --port 2284 --data-dir ./data2
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

bash scripts/install-deps.sh run
bash scripts/build-site.sh --release
cargo build --release -p server

# Machine learning loads ONNX Runtime at run time (install-deps put it in .tools/ml).
if [ -z "${ORT_DYLIB_PATH:-}" ]; then
  ORT_DYLIB_PATH=$(bash scripts/onnxruntime-path.sh)
  export ORT_DYLIB_PATH
fi
export SHOEBOX_WEB_ROOT=${SHOEBOX_WEB_ROOT:-$PWD/target/site}
exec "${CARGO_TARGET_DIR:-target}/release/shoebox" serve "$@"
