#!/usr/bin/env bash
# Builds pgvector for the local PostgreSQL: bookworm has no package for it, so it comes from
# Debian trixie's source package and is compiled against postgresql-server-dev.
set -euo pipefail
pg_major=$(pg_config --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
if [ -f "/usr/share/postgresql/$pg_major/extension/vector.control" ]; then
  echo "pgvector already installed for PostgreSQL $pg_major"; exit 0
fi
if [ ! -f /etc/apt/sources.list.d/shoebox-trixie-src.sources ]; then
  # Reuse the machine's own Debian mirror: the first URI of its main archive.
  # `|| true`: under pipefail a missing file would end the script before the fallback.
  mirror=$(grep -hE '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -n1 | awk '{print $2}' || true)
  [ -n "$mirror" ] || mirror=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security | head -n1 | awk '{print $2}' || true)
  [ -n "$mirror" ] || { echo "cannot find this machine's Debian mirror in its apt sources" >&2; exit 1; }
  printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" \
    > /etc/apt/sources.list.d/shoebox-trixie-src.sources
  apt-get update -qq
fi
work=$(mktemp -d)
cd "$work"
apt-get source -qq pgvector
cd pgvector-*/
make -s PG_CONFIG="$(command -v pg_config)"
make -s install PG_CONFIG="$(command -v pg_config)"
echo "pgvector installed for PostgreSQL $pg_major"
