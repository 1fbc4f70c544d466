#!/usr/bin/env bash
# Whole-command speed of `mimamori detect` against its peers over the same log, with hyperfine:
# fail2ban-regex with its web access-log filters (one run per filter, as fail2ban-regex takes one),
# CrowdSec replaying the file (`crowdsec -dsn file://... -type apache2`, the nginx and apache2
# collections of the installed hub, private configuration from `mimamori evaluate
# --crowdsec-setup`), and GNU grep with mimamori's rules as one regex (the "grep of the same
# rules" of `mimamori evaluate --peers`). Peers that are not installed are left out and said so.
#
# Input: LOG (default /tmp/big1m.log), built when absent from the 10,000 elastic/examples Apache
# lines of ../shared/corpus repeated 100 times. CrowdSec replays a few hundred lines a second here,
# so it is timed on the first CS_LINES lines (default 20,000), beside mimamori on the same lines.
# Prints a Markdown table (also written to OUT, default /tmp/bench-detect.md) with the machine,
# the load average before and after, and lines per second.
#
#   scripts/bench-detect.sh                 # RUNS=3 F2B_FILTERS="..." CS_LINES=20000 to change
#   CS_LINES=200000 CS_RUNS=1 scripts/bench-detect.sh   # CrowdSec on more lines, once (~7 min)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG="${LOG:-/tmp/big1m.log}"
RUNS="${RUNS:-3}"
CS_LINES="${CS_LINES:-20000}"
F2B_FILTERS="${F2B_FILTERS:-apache-badbots nginx-botsearch php-url-fopen nginx-bad-request}"
OUT="${OUT:-/tmp/bench-detect.md}"
SRC="$ROOT/../shared/corpus/httplogs/elastic-examples/Common Data Formats/apache_logs/apache_logs"

command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 3; }
if [[ ! -f "$LOG" ]]; then
  [[ -f "$SRC" ]] || { echo "no $LOG and no corpus file $SRC to build it from" >&2; exit 3; }
  for _ in $(seq 100); do cat "$SRC"; done > "$LOG"
fi
LINES=$(wc -l < "$LOG")
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$ROOT/mimamori" version >/dev/null   # build first, outside the timing
"$ROOT/mimamori" evaluate --print-grep-pattern > "$WORK/grep-pattern.txt"
head -n "$CS_LINES" "$LOG" > "$WORK/head.log"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

names=() cmds=() sizes=() runs=()
add() { names+=("$1"); cmds+=("$2"); sizes+=("$3"); runs+=("${4:-$RUNS}"); }
add "mimamori detect (all built-in rules)" \
  "$ROOT/mimamori detect $LOG --json > /dev/null" "$LINES"
# Not to /dev/null: GNU grep then stops at the first match, as with -q.
add "grep, same rules as one regex" \
  "LC_ALL=C grep -c -a -i -P -f $WORK/grep-pattern.txt $LOG > $WORK/grep.count"'; test $? -le 1' "$LINES"
if command -v fail2ban-regex >/dev/null; then
  for f in $F2B_FILTERS; do
    add "fail2ban-regex, filter $f" \
      "fail2ban-regex --raw $LOG /etc/fail2ban/filter.d/$f.conf > /dev/null" "$LINES"
  done
else
  echo "fail2ban-regex: not installed" >&2
fi
if command -v crowdsec >/dev/null \
  && CFG="$("$ROOT/mimamori" evaluate --crowdsec-setup "$WORK/crowdsec" 2>"$WORK/cs-setup.err")"; then
  add "mimamori detect, first $CS_LINES lines" \
    "$ROOT/mimamori detect $WORK/head.log --json > /dev/null" "$CS_LINES"
  add "CrowdSec replay, first $CS_LINES lines" \
    "cd $WORK/crowdsec && crowdsec -c $CFG -dsn file://$WORK/head.log -type apache2 -warning > /dev/null 2>&1" \
    "$CS_LINES" "${CS_RUNS:-$RUNS}"
else
  echo "CrowdSec: not installed or not runnable here ($(cat "$WORK/cs-setup.err" 2>/dev/null))" >&2
fi

for i in "${!cmds[@]}"; do
  hyperfine --runs "${runs[$i]}" --export-json "$WORK/r$i.json" "${cmds[$i]}" >&2
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$WORK" "$LINES" "$LOAD_BEFORE" "$LOAD_AFTER" "${#cmds[@]}" "${names[@]}" "${sizes[@]}" \
  > "$OUT" <<'EOF'
import json, os, platform, subprocess, sys
work, lines, before, after, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
names, sizes = sys.argv[6:6 + n], [int(s) for s in sys.argv[6 + n:6 + 2 * n]]
res = [json.load(open(os.path.join(work, f"r{i}.json")))["results"][0] for i in range(n)]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 1024 / 1024
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
loaded = max(float(before.split()[0]), float(after.split()[0])) > 1.5
print(f"Machine: {os.cpu_count()} CPUs ({cpu}), {mem:.0f} GiB RAM, {platform.platform()}, {java}.")
print(f"Load average (1, 5, 15 min) before: {before}; after: {after}."
      + (" **Loaded machine**: other work ran at the same time, so the figures are slower and"
         " noisier than on a quiet machine." if loaded else ""))
print()
print("| command | lines | mean | min – max | lines/s | time ÷ mimamori's on the same lines |")
print("|---|---:|---:|---:|---:|---:|")
mm = {}
for name, size, r in zip(names, sizes, res):
    if name.startswith("mimamori"):
        mm[size] = r["mean"]
for name, size, r in zip(names, sizes, res):
    ratio = "" if name.startswith("mimamori") or size not in mm else f"{r['mean'] / mm[size]:.1f}×"
    print(f"| {name} | {size:,} | {r['mean']:.2f} s ± {r['stddev'] or 0:.2f} | "
          f"{r['min']:.2f} – {r['max']:.2f} s | {size / r['mean']:,.0f} | {ratio} |")
f2b = [(r["mean"]) for name, r in zip(names, res) if name.startswith("fail2ban-regex")]
if f2b and lines in mm:
    total = sum(f2b)
    print(f"| fail2ban-regex, the {len(f2b)} filters one after another | {lines:,} | {total:.2f} s | | "
          f"{lines / total:,.0f} | {total / mm[lines]:.1f}× |")
EOF
cat "$OUT"
