#!/usr/bin/env bash
# Compares two builds of mimamori-bench in one JVM at a time (dev.mimamori.bench.SameJvmPair:
# 200 ms slices of each on one thread, taking turns), over several JVMs, since the JIT's choices
# differ from one JVM to the next; prints each JVM's line and the mean of their geometric means.
#
#   scripts/jvm-pair.sh RUNS SECONDS before.jar after.jar METHOD [LOG [RULES]]
#
# METHOD is a DetectBench method (parse, detect, parseAndDetect, pipeline, maskCards); LOG an
# access log for -p log (empty: the demo log); RULES as DetectBench's rules parameter.
# SECONDS per JVM, more than 20 (each build warms up for 10).
set -euo pipefail
if (($# < 5)); then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
RUNS="$1" SECONDS_EACH="$2" A="$3" B="$4"
shift 4
for r in $(seq "$RUNS"); do
  java -cp "$B" dev.mimamori.bench.SameJvmPair "$A" "$B" "$1" "$SECONDS_EACH" "${@:2}"
done | tee /dev/stderr | awk '{ for (i = 1; i <= NF; i++) if ($i == "mean") { l += log($(i + 1)); n++ } }
  END { if (n) printf "mean over %d JVMs of the geometric means of B/A: %.3f\n", n, exp(l / n) }'
