#!/usr/bin/env bash
# Runs every benchmark in one go and writes the results: each figure the median of ROUNDS rounds, with its spread.
#
#   benchmarks/run.sh                        everything, 3 rounds (about 15 minutes on 2 cores)
#   ROUNDS=5 benchmarks/run.sh               more rounds
#   BENCHES="b1 b4" benchmarks/run.sh        only some: jmh (decoder), b1 (throughput), b2 (10,000 attachments),
#                                            b3 (REST calls), b4 (slow subscriber), b5 (19,000 attachments)
#   RESULTS_DIR=/tmp/x benchmarks/run.sh     where the results go (default benchmarks/target/benchmark-results/<time>)
#
# It builds the module, starts the load server in its own JVM (bound to 127.0.0.1, stopped at the end, and by
# itself after LOAD_SERVER_SECONDS at the latest), runs the JMH decoder benchmark once, then ROUNDS rounds of the
# end-to-end harnesses: every subject of every harness in a fresh JVM, the subjects' order reversed every other
# round so that none always goes first. At the end it writes summary.md (the tables of docs/benchmarks.md).
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-3}"
BENCHES="${BENCHES:-jmh b1 b2 b3 b4 b5}"
RESULTS_DIR="${RESULTS_DIR:-benchmarks/target/benchmark-results/$(date +%Y%m%d-%H%M%S)}"
LOAD_SERVER_SECONDS="${LOAD_SERVER_SECONDS:-3600}"
JAR=benchmarks/target/wrenn-benchmarks.jar
started=$SECONDS

log() { echo "[$(date +%T) +$((SECONDS - started))s] $*"; }

# B2 holds 10,000 and B5 19,000 sockets in the client JVM and as many in the load server's: raise the soft
# limit on open files to the hard one, and leave out what the limit cannot hold.
ulimit -Sn "$(ulimit -Hn)"
open_files=$(ulimit -n)
[ "$open_files" = unlimited ] && open_files=1000000
for needs in "b2 10500" "b5 19500"; do
  set -- $needs
  if [[ " $BENCHES " == *" $1 "* ]] && [ "$open_files" -lt "$2" ]; then
    echo "skipping $1: it needs $2 open files per process, the limit here is $open_files (ulimit -Hn)" >&2
    BENCHES="${BENCHES/$1/}"
  fi
done
read -r port_low port_high < /proc/sys/net/ipv4/ip_local_port_range
if [[ " $BENCHES " == *" b5 "* ]] && [ $((port_high - port_low)) -lt 19500 ]; then
  echo "skipping b5: 19,000 connections to one server port need 19,000 ephemeral ports, the range here is $port_low-$port_high" >&2
  BENCHES="${BENCHES/b5/}"
fi

log "building"
mvn -B -q -pl benchmarks -am package -DskipTests
mkdir -p "$RESULTS_DIR"
RESULTS="$RESULTS_DIR/results.tsv"
: > "$RESULTS"

{
  echo "command: ROUNDS=$ROUNDS BENCHES=\"$BENCHES\" benchmarks/run.sh"
  echo "date: $(date -u +%FT%TZ)"
  echo "nproc: $(nproc)"
  grep -m1 'model name' /proc/cpuinfo || true
  free -h
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "open files: $(ulimit -n); ephemeral ports: $port_low-$port_high"
  java -version 2>&1
} > "$RESULTS_DIR/machine.txt"

PORT_FILE="$RESULTS_DIR/server-url"
java -Xmx1g -cp "$JAR" dev.wrenn.benchmarks.LoadServer --port-file "$PORT_FILE" --lifetime-seconds "$LOAD_SERVER_SECONDS" \
  > "$RESULTS_DIR/load-server.log" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$PORT_FILE" ] && break; sleep 0.2; done
[ -s "$PORT_FILE" ] || { echo "the load server did not start; see $RESULTS_DIR/load-server.log" >&2; exit 1; }
SERVER_URL="$(cat "$PORT_FILE")"

if [[ " $BENCHES " == *" jmh "* ]]; then
  log "decoder (JMH)"
  java -jar "$JAR" FrameDecoderBenchmark -prof gc -rf json -rff "$RESULTS_DIR/jmh.json" > "$RESULTS_DIR/jmh.log"
fi

# The slow subscriber gets a larger heap, so that a subject that buffers what the subscriber has not taken
# shows how much it holds instead of failing; every other harness runs in the 256 MiB the figures are about.
heap_of() { if [ "$1" = b4 ]; then echo 2g; else echo 256m; fi; }

for round in $(seq "$ROUNDS"); do
  for bench in $BENCHES; do
    [ "$bench" = jmh ] && continue
    subjects=$(java -cp "$JAR" dev.wrenn.benchmarks.Harness --subjects "$bench" | tr '\n' ' ')
    if [ $((round % 2)) -eq 0 ]; then subjects=$(echo "$subjects" | tr ' ' '\n' | tac | tr '\n' ' '); fi
    for subject in $subjects; do
      log "$bench, $subject, round $round of $ROUNDS"
      if ! java -Xmx"$(heap_of "$bench")" -XX:+UseG1GC -Dbench.subject="$subject" -cp "$JAR" dev.wrenn.benchmarks.Harness \
          --server "$SERVER_URL" --out "$RESULTS" "$bench" > "$RESULTS_DIR/$bench-$subject-$round.log" 2>&1; then
        echo "$bench, $subject, round $round failed; its figures are missing (see $RESULTS_DIR/$bench-$subject-$round.log):" >&2
        tail -5 "$RESULTS_DIR/$bench-$subject-$round.log" >&2
      fi
    done
  done
done

java -cp "$JAR" dev.wrenn.benchmarks.Summary "$RESULTS" "$RESULTS_DIR/jmh.json" > "$RESULTS_DIR/summary.md"
log "done: results in $RESULTS_DIR (results.tsv: every figure of every round; summary.md: medians, spread min - max)"
cat "$RESULTS_DIR/summary.md"
