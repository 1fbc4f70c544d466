#!/usr/bin/env bash
# Rebuilds mimamori's built-in EC-CUBE allow-list (the SHA-256 of every file of every EC-CUBE 4
# release) from a clone of https://github.com/EC-CUBE/ec-cube: each release tag is exported with
# `git archive` into a temporary folder and hashed by `mimamori allowlist build`.
#
#   scripts/build-eccube-allowlist.sh GIT_DIR [TAG...]
# Default tags: every 4.x release (4.0.0 ... 4.2.3 with their -pN patches). The tree at the
# newest commit (4.3 in development) is left out on purpose, so it can serve as a held-out clean
# tree in `mimamori evaluate-files`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GIT_DIR="${1:?usage: $0 GIT_DIR [TAG...]}"
shift
OUT="$ROOT/mimamori-scan/src/main/resources/dev/mimamori/scan/allow/eccube.sha256.gz"
if (($#)); then TAGS=("$@"); else
  mapfile -t TAGS < <(git --git-dir="$GIT_DIR" tag | grep -E '^4\.[0-9]+\.[0-9]+(-p[0-9]+)?$' | sort -V)
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
for t in "${TAGS[@]}"; do
  mkdir -p "$WORK/$t"
  git --git-dir="$GIT_DIR" archive "$t" | tar -x -C "$WORK/$t"
done
"$ROOT/mimamori" allowlist build "${TAGS[@]/#/$WORK/}" --out "$OUT" \
  --comment "EC-CUBE 4 release files (github.com/EC-CUBE/ec-cube tags): ${TAGS[*]}" \
  --comment "built by scripts/build-eccube-allowlist.sh"
