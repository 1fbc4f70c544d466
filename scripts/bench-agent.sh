#!/usr/bin/env bash
# The agent's footprint (issue "the agent"): memory and CPU of `mimamori agent run` while a shop's
# access log grows by RATE lines per second and it watches a web root of FILES files, shipping to
# a server on this machine. The peer is rsyslog (Debian's package; Filebeat, Fluent Bit and the
# Wazuh agent do not install from the registries here) tailing the same kind of log with imfile and
# forwarding it over TCP, measured the same way in the same run (it watches no web root).
#
#   scripts/bench-agent.sh        # RATE=2000 SECONDS_RUN=120 TREE=/tmp/tree100k FILES=100000
# Prints a Markdown table (also written to OUT, default /tmp/bench-agent.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RATE="${RATE:-2000}"
RUN="${SECONDS_RUN:-120}"
TREE="${TREE:-/tmp/tree100k}"
FILES="${FILES:-100000}"
OUT="${OUT:-/tmp/bench-agent.md}"
HEAP="${HEAP:--Xmx256m}"
WORK="$(mktemp -d /tmp/bench-agent.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

[[ -d "$TREE" ]] || python3 "$ROOT/scripts/make-tree.py" "$TREE" "$FILES"
"$ROOT/mimamori" version >/dev/null
JAR="$ROOT/mimamori-cli/target/mimamori.jar"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
PORT=$(free_port); APORT=$(free_port); SINK=$(free_port)
export MIMAMORI_ADMIN_PASSWORD="bench-agent-password-$$"

java -jar "$JAR" serve --host 127.0.0.1 --port "$PORT" --agent-port "$APORT" \
  --data-dir "$WORK/server" --allow-single-factor --page-monitor-workers 0 >"$WORK/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
api() { curl -sf -X "$1" "http://127.0.0.1:$PORT$2" -H 'Content-Type: application/json' ${TOKEN:+-H "Authorization: Bearer $TOKEN"} -d "$3"; }
TOKEN=$(api POST /api/v1/tokens "{\"username\":\"admin\",\"password\":\"$MIMAMORI_ADMIN_PASSWORD\"}" | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
api POST /api/v1/tenants '{"name":"Bench","id":"bench"}' >/dev/null
SITE=$(api POST /api/v1/tenants/bench/sites '{"name":"shop","hosts":["bench.example"]}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
ENROLL=$(api POST /api/v1/agents/enrollment-tokens "{\"site\":\"$SITE\"}" | python3 -c 'import sys,json;print(json.load(sys.stdin)["enroll_token"])')

LOG="$WORK/access.log"; PEERLOG="$WORK/peer-access.log"
: >"$LOG"; : >"$PEERLOG"
# shellcheck disable=SC2086
java $HEAP -jar "$JAR" agent run --server "https://127.0.0.1:$APORT" --enroll-token "$ENROLL" \
  --state-dir "$WORK/agent" --watch-log "$LOG:combined" --watch-root "$TREE" >"$WORK/agent.log" 2>&1 &
AGENT=$!; PIDS+=($AGENT)

# The peer: rsyslog's imfile tails a log and forwards it over TCP to a sink.
python3 - "$SINK" >/dev/null 2>&1 <<'PY' &
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(4)
c, _ = s.accept()
while c.recv(1 << 16):
    pass
PY
PIDS+=($!)
cat >"$WORK/rsyslog.conf" <<CONF
global(workDirectory="$WORK")
module(load="imfile" mode="inotify")
input(type="imfile" file="$PEERLOG" tag="access:" ruleset="fwd")
ruleset(name="fwd") { action(type="omfwd" target="127.0.0.1" port="$SINK" protocol="tcp"
  queue.type="LinkedList" queue.filename="fwdq" queue.saveOnShutdown="on" action.resumeRetryCount="-1") }
CONF
rsyslogd -n -f "$WORK/rsyslog.conf" -i "$WORK/rsyslog.pid" >"$WORK/rsyslog.out" 2>&1 &
PEER=$!; PIDS+=($PEER)

# Wait for the agent's baseline of the web root (its CPU goes quiet), and say how long it took.
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
start=$(date +%s)
prev=$(ticks "$AGENT"); sleep 5
while :; do
  now=$(ticks "$AGENT"); sleep 0 ; d=$((now - prev)); prev=$now
  (( d < HZ / 2 )) && break   # under half a core-second in 5 s: done with the baseline
  sleep 5
done
BASELINE=$(( $(date +%s) - start ))
BASE_RSS=$(awk '/VmHWM/{print $2}' "/proc/$AGENT/status")

writer() { python3 - "$1" "$RATE" "$RUN" <<'PY'
import sys, time, datetime
path, rate, run = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
now = datetime.datetime.now(datetime.timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
line = ('203.0.113.%d - - [' + now + '] "GET /products/detail/%d HTTP/1.1" 200 5120 '
        '"https://shop.example/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0"\n')
with open(path, "a", buffering=1 << 16) as f:
    t0 = time.monotonic(); n = 0
    for sec in range(run):
        for i in range(rate):
            f.write(line % (n % 250 + 1, n)); n += 1
        f.flush()
        time.sleep(max(0, t0 + sec + 1 - time.monotonic()))
PY
}
sample() { # pid: prints "cpu_percent max_rss_kib" over the run
  local pid=$1 t0 t1 max=0 r
  t0=$(ticks "$pid")
  for _ in $(seq 1 "$RUN"); do
    r=$(awk '/VmRSS/{print $2}' "/proc/$pid/status"); (( r > max )) && max=$r; sleep 1
  done
  t1=$(ticks "$pid")
  echo "$(( (t1 - t0) * 100 / HZ / RUN )) $max"
}
writer "$LOG" & W1=$!
writer "$PEERLOG" & W2=$!
sample "$AGENT" >"$WORK/agent.sample" &
SA=$!
sample "$PEER" >"$WORK/peer.sample"
wait $SA $W1 $W2
read -r A_CPU A_RSS <"$WORK/agent.sample"
read -r P_CPU P_RSS <"$WORK/peer.sample"
LINES=$(( RATE * RUN ))
for _ in $(seq 1 60); do
  STORED=$(curl -sf "http://127.0.0.1:$PORT/api/v1/events?q=*:*&tenant=bench&limit=1" -H "Authorization: Bearer $TOKEN" | python3 -c 'import sys,json;print(json.load(sys.stdin)["total"])')
  (( STORED >= LINES )) && break; sleep 1
done
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "| process | what it does | CPU (one core = 100%) | peak RSS |"
  echo "|---|---|---:|---:|"
  echo "| \`mimamori agent run\` ($HEAP) | tails $RATE lines/s, ships them over mutual TLS; watches $FILES files (inotify) | ${A_CPU}% | $((A_RSS / 1024)) MiB |"
  echo "| rsyslogd (imfile → omfwd TCP) | tails $RATE lines/s, forwards them over TCP | ${P_CPU}% | $((P_RSS / 1024)) MiB |"
  echo
  echo "Agent baseline of the $FILES-file root: ${BASELINE} s, peak RSS then $((BASE_RSS / 1024)) MiB;"
  echo "lines written $LINES, stored by the server $STORED; load average at the end: $LOAD."
} | tee "$OUT"
