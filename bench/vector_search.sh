#!/usr/bin/env bash
# Vector search at scale (smart search): p50/p95 latency and recall@10 against exact search, at
# 100 000 embeddings in embedded mode (SQLite, in-process exact index) and 1 000 000 in PostgreSQL
# (pgvector HNSW). Targets: recall@10 >= 0.95, p95 <= 50 ms.
# Usage: bench/vector_search.sh [embedded|postgres|all]   (default all)
#   VS_EMBEDDED_COUNT, VS_PG_COUNT, VS_QUERIES   sizes (100000, 1000000, 200)
#   VS_PG_BASE   PostgreSQL server URL without a database (postgres://postgres@127.0.0.1:5432)
#   VS_RELOAD=1  load the PostgreSQL database again instead of reusing shoebox_bench_vectors
#   VS_EF=500,600  more ef_search values to measure beside the service's, on PostgreSQL
#   VS_PREPARE_ONLY=1  load and index PostgreSQL only (the slow part), to query later on a quiet machine
#   VS_EXTRA=1   also ef_search 400, strict_order and no iterative scan on PostgreSQL
#   VS_HNSW='m = 24, ef_construction = 300'   other index parameters than the migration's
#                (m = 16, ef_construction = 300; the kept index is rebuilt)
# The PostgreSQL part loads 1M vectors and builds the HNSW index once (tens of minutes on two
# cores); later runs reuse the database. The full log goes to target/vector_search-PART.log.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
part=${1:-all}
log=${CARGO_TARGET_DIR:-$root/target}/vector_search-$part.log
mkdir -p "$(dirname "$log")"
cargo bench -p domain --features server --bench vector_search -- "$part" 2>&1 | tee "$log"
echo
awk -F'\t' '
  BEGIN { printf "%-14s %8s %-6s %-7s %8s %8s %9s  %-30s %s\n", "mode", "vectors", "query", "ef", "p50 ms", "p95 ms", "recall@10", "load/build", "memory" }
  $1 == "RESULT" { printf "%-14s %8s %-6s %-7s %8s %8s %9s  %-30s %s\n", $2, $3, $4, $5, $6, $7, $8, $9, $10 }
' "$log"
