#!/usr/bin/env bash
# Compares two builds of mimamori-bench on a noisy machine: both JMH runs at the same time, one
# pinned to each core (swapped every round), so a slow spell of the host weighs on both alike;
# prints each round's scores, their ratio, and the geometric mean of the ratios. Two cores needed.
#
#   scripts/jmh-pair.sh ROUNDS 'DetectBench.parseAndDetect$' before.jar after.jar [-p log=FILE]
#
# A build against itself gave ratios of 0.955 and 1.157 on the shared 2-vCPU machine of
# docs/BENCHMARKS.md: take six rounds or more. Scores are lower than of solo runs (the two share
# the processor's cache); compare the ratio.
set -euo pipefail
if (($# < 4)); then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
ROUNDS="$1" BENCH="$2" A="$3" B="$4"
shift 4
run() { # CORE JAR ARGS...: the benchmark's score
  local core="$1" jar="$2"
  shift 2
  taskset -c "$core" java -Djmh.ignoreLock=true -jar "$jar" "$BENCH" -f 1 -wi 4 -w 2 -i 3 -r 2 "$@" 2>&1 |
    awk '/^[A-Za-z]+Bench\./ && $0 !~ /:/ {print $(NF-3)}' | tail -1
}
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$ROUNDS"); do
  if ((r % 2)); then ca=0 cb=1; else ca=1 cb=0; fi
  run "$ca" "$A" "$@" >"$tmp/a" &
  run "$cb" "$B" "$@" >"$tmp/b"
  wait
  echo "$(cat "$tmp/a") $(cat "$tmp/b")"
done | awk '{ printf "round %d: A %9.0f  B %9.0f  B/A %.3f\n", NR, $1, $2, $2 / $1; a += $1; b += $2; l += log($2 / $1); n++ }
  END { printf "mean A %.0f  B %.0f  geometric mean of B/A %.3f\n", a / n, b / n, exp(l / n) }'
