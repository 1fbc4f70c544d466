#!/usr/bin/env bash
# Whole-command speed of `mimamori fim baseline` and `fim check` (no change) against AIDE with the
# same attributes and the same hash (SHA-256), on the same generated tree (scripts/make-tree.py,
# default 100,000 files), with hyperfine. The page cache is warm for both (each runs after a
# warm-up), which is how a periodic check on a server sees it.
#
#   scripts/bench-fim.sh            # TREE=/tmp/tree100k FILES=100000 RUNS=3 to change; SCAN=0
#                                   # leaves out the (minutes-long) scan rows
# Prints a Markdown table (also written to OUT, default /tmp/bench-fim.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TREE="${TREE:-/tmp/tree100k}"
FILES="${FILES:-100000}"
RUNS="${RUNS:-3}"
OUT="${OUT:-/tmp/bench-fim.md}"
WORK="$(mktemp -d /tmp/bench-fim.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 3; }
command -v aide >/dev/null || { echo "needs aide (apt-get install aide)" >&2; exit 3; }
[[ -d "$TREE" ]] || python3 "$ROOT/scripts/make-tree.py" "$TREE" "$FILES"
"$ROOT/mimamori" version >/dev/null

cat > "$WORK/aide.conf" <<CONF
database_in=file:$WORK/aide.db
database_out=file:$WORK/aide.db
database_new=file:$WORK/aide.db
gzip_dbout=no
log_level=error
report_level=changed_attributes
R = p+i+n+u+g+s+m+c+sha256
$TREE R
CONF

load() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_BEFORE=$(load)
hyperfine --runs "$RUNS" --warmup 1 --export-markdown "$WORK/baseline.md" \
  -n "mimamori fim baseline" "'$ROOT/mimamori' fim baseline '$TREE' --data-dir '$WORK/mm' 2>/dev/null" \
  -n "aide --init (sha256)" "aide --init --config='$WORK/aide.conf' >/dev/null 2>&1"
hyperfine --runs "$RUNS" --warmup 1 --export-markdown "$WORK/check.md" \
  -n "mimamori fim check" "'$ROOT/mimamori' fim check '$TREE' --data-dir '$WORK/mm' 2>/dev/null" \
  -n "aide --check (sha256)" "aide --check --config='$WORK/aide.conf' >/dev/null 2>&1 || true"
LOAD_AFTER=$(load)
{
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1)"
  echo "Tree: $TREE, $(find "$TREE" -type f | wc -l) files, $(du -sh "$TREE" | cut -f1); load before $LOAD_BEFORE, after $LOAD_AFTER"
  echo
  cat "$WORK/baseline.md"
  echo
  cat "$WORK/check.md"
} | tee "$OUT"

# Scanning: mimamori scan with the published YARA rules alone (--no-builtin) and with its own
# detectors too, against `yara -r -p 2` with the same rule files (each in its own namespace, as
# mimamori compiles them), on the same tree. The external variables some rules use are defined
# empty for yara (mimamori sets them per file). Skipped when the corpus is absent.
SIG="$ROOT/../shared/corpus/signatures"
if [[ "${SCAN:-1}" == 1 && -d "$SIG" ]] && command -v yara >/dev/null; then
  mapfile -t RULES < <(find "$SIG" -name '*.yar' ! -path '*/whitelists/*' ! -name 'whitelist*' ! -path '*build/all-confirmed.yar' | sort)
  MM_RULES=(); YARA_RULES=()
  i=0
  for r in "${RULES[@]}"; do MM_RULES+=(--rules "$r"); YARA_RULES+=("ns$i:$r"); i=$((i+1)); done
  printf '%q ' "${MM_RULES[@]}" > "$WORK/mm-rules"; printf '%q ' "${YARA_RULES[@]}" > "$WORK/yara-rules"
  hyperfine --runs "$RUNS" --warmup 1 -i --export-markdown "$WORK/scan.md" \
    -n "mimamori scan --no-builtin (${#RULES[@]} YARA files)" "'$ROOT/mimamori' scan --no-builtin --no-allowlist --threads 2 $(cat "$WORK/mm-rules") '$TREE' >/dev/null 2>&1" \
    -n "mimamori scan (own detectors + the same YARA)" "'$ROOT/mimamori' scan --threads 2 $(cat "$WORK/mm-rules") '$TREE' >/dev/null 2>&1" \
    -n "yara -r -p 2 (the same files)" "yara -r -p 2 -d filename= -d filepath= -d extension= -d filetype= -d owner= $(cat "$WORK/yara-rules") '$TREE' >/dev/null 2>&1"
  { echo; cat "$WORK/scan.md"; } | tee -a "$OUT"
fi
