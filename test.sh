#!/usr/bin/env bash
# The whole test suite: formatting, lints (host and wasm), Rust tests on SQLite and PostgreSQL,
# and the browser tests. Keeps going after a failed stage so one run shows every problem; exits
# non-zero if any stage failed. Stages whose inputs failed to build are skipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root=$PWD
target_dir=${CARGO_TARGET_DIR:-$root/target}

# Incremental artifacts only cost time and disk on a one-off CI build.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}; fi
export RUST_BACKTRACE=${RUST_BACKTRACE:-1}

suite_start=$SECONDS
names=() results=() times=()
failed=0

fmt_time() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# run_stage NAME COMMAND...: one command per stage, so `set -e` semantics never matter inside.
run_stage() {
  local name=$1 start=$SECONDS rc=0
  shift
  printf '\n===== %s (suite time %s)\n' "$name" "$(fmt_time $((SECONDS - suite_start)))"
  "$@" || rc=$?
  local took=$((SECONDS - start)) result=ok
  if [ $rc -ne 0 ]; then result="FAILED (exit $rc)"; failed=1; fi
  names+=("$name") results+=("$result") times+=("$(fmt_time $took)")
  printf '===== %s: %s in %s\n' "$name" "$result" "$(fmt_time $took)"
  return $rc
}

# within MINUTES COMMAND...: a stage that runs tests gets a deadline, so one hung test costs its
# stage, not the whole run (timeout signals the command's whole process group).
within() {
  local minutes=$1
  shift
  timeout --kill-after=30 $((minutes * 60)) "$@"
}

skip_stage() {
  names+=("$1") results+=("skipped: $2") times+=(-)
  failed=1
  printf '\n===== %s: skipped (%s)\n' "$1" "$2"
}

summary() {
  printf '\n===== summary (total %s)\n' "$(fmt_time $((SECONDS - suite_start)))"
  local i
  for i in "${!names[@]}"; do
    printf '  %-14s %-8s %s\n' "${names[$i]}" "${times[$i]}" "${results[$i]}"
  done
  if [ $failed -eq 0 ]; then echo "all stages passed"; else echo "SOME STAGES FAILED"; fi
  local ok=0 bad=0 r
  for r in "${results[@]}"; do if [ "$r" = ok ]; then ok=$((ok + 1)); else bad=$((bad + 1)); fi; done
  # The plain closing line CI reads: stages, each a whole test runner or check.
  printf 'stages: %d passed, %d failed\n' "$ok" "$bad"
}

if ! run_stage deps bash scripts/install-deps.sh test; then
  summary
  exit 1
fi

# The ML code loads ONNX Runtime at run time, from the copy install-deps put in .tools/ml.
if [ -z "${ORT_DYLIB_PATH:-}" ]; then
  ORT_DYLIB_PATH=$(bash scripts/onnxruntime-path.sh)
  export ORT_DYLIB_PATH
fi

run_stage fmt cargo fmt --all --check || true

# The server's HTTP tests and the browser tests serve target/site.
site_ok=0
run_stage site bash scripts/build-site.sh && site_ok=1

# `frontend` is the browser build: built for the host alongside the server it would switch on
# Leptos's `hydrate` feature in the server's `app` (features unify per build), so it is linted
# for wasm on its own and left out of the host builds.
run_stage clippy cargo clippy --workspace --exclude frontend --all-targets -- -D warnings || true
run_stage clippy-wasm cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings || true
# The CUDA and OpenVINO execution providers are compiled only when asked for (no GPU here):
# linting the ML crate with them keeps that code compiling.
run_stage clippy-gpu cargo clippy -p ml --features cuda,openvino --all-targets -- -D warnings || true

# Each storage test runs on SQLite and on PostgreSQL (a fresh database per test from this URL);
# so do the client tests below.
test_database_url=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
test_redis_url=${TEST_REDIS_URL:-redis://127.0.0.1:6379}
# One build for the Rust tests and for the server binary the browser and client tests start:
# `cargo test` builds `shoebox` for the server's integration tests, while `cargo build -p server`
# alone would resolve features differently and rebuild much of the tree.
server_ok=0
run_stage build-tests cargo test --workspace --exclude frontend --no-run &&
  [ -x "$target_dir/debug/shoebox" ] && server_ok=1
if [ $server_ok -eq 0 ]; then
  # A test that does not compile must not also cost the browser and client tests.
  run_stage build-server cargo build -p server && server_ok=1
fi

run_stage cargo-test within 25 env \
  TEST_DATABASE_URL="$test_database_url" \
  TEST_REDIS_URL="$test_redis_url" \
  SHOEBOX_WEB_ROOT="$root/target/site" \
  SHOEBOX_GEODATA_CSV="$root/.tools/geodata/rg_cities1000.csv" \
  cargo test --workspace --exclude frontend --no-fail-fast || true

if [ ! -f end2end/package.json ]; then
  skip_stage e2e "no end2end/package.json"
elif [ $site_ok -eq 0 ] || [ $server_ok -eq 0 ]; then
  skip_stage e2e "site or server did not build"
else
  # Each test starts its own server with a fresh data directory (end2end/support/server.ts).
  run_stage e2e within 30 env -C end2end \
    SHOEBOX_BIN="$target_dir/debug/shoebox" \
    SHOEBOX_WEB_ROOT="$root/target/site" \
    npx playwright test || true
fi

# Immich's published CLI (and, later, SDK) against a real server, on SQLite and PostgreSQL.
if [ ! -f end2end/clients/package.json ]; then
  skip_stage immich-clients "no end2end/clients/package.json"
elif [ $server_ok -eq 0 ]; then
  skip_stage immich-clients "server did not build"
else
  run_stage immich-clients within 20 env -C end2end/clients \
    SHOEBOX_BIN="$target_dir/debug/shoebox" \
    SHOEBOX_WEB_ROOT="$root/target/site" \
    TEST_DATABASE_URL="$test_database_url" \
    TEST_REDIS_URL="$test_redis_url" \
    npm test || true
fi

summary
exit $failed
