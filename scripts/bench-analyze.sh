#!/usr/bin/env bash
# Whole-command benchmark: `mimamori analyze` (parse + normalize + card masking + all built-in rules
# + incident grouping) against grep -E with a comparable pattern over the same file, with hyperfine.
# Input: the 10,000 real Apache lines of elastic/examples from ../shared/corpus, repeated N times,
# plus the demo attack log. Results go to docs/BENCHMARKS.md by hand.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/../shared/corpus/httplogs/elastic-examples/Common Data Formats/apache_logs/apache_logs"
REPEAT="${REPEAT:-50}"
[[ -f "$SRC" ]] || { echo "corpus file not found: $SRC" >&2; exit 3; }
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 3; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
for _ in $(seq "$REPEAT"); do cat "$SRC"; done > "$WORK/big.log"
cat "$ROOT/mimamori-cli/src/main/resources/demo/eccube-access.log" >> "$WORK/big.log"
wc -l "$WORK/big.log"
"$ROOT/mimamori" version >/dev/null   # build first, outside the timing
PATTERN='<[[:space:]]*script|union[[:space:]]+(all[[:space:]]+)?select|\.\./|/etc/passwd|/user_data/.*\.php|/\.env|/\.git/|sqlmap|nikto|nmap|/admin/content/file_manager|/order/[0-9]+/mail'
hyperfine --warmup 1 --runs "${RUNS:-5}" -i \
  --export-markdown "$WORK/result.md" \
  "$ROOT/mimamori analyze --asset bench $WORK/big.log > /dev/null 2>&1" \
  "LC_ALL=C grep -ciE '$PATTERN' $WORK/big.log > /dev/null"
cat "$WORK/result.md"
