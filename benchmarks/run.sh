#!/usr/bin/env bash
# Runs every benchmark and writes the results, each figure the median of RUNS runs:
#   benchmarks/run.sh                  (RUNS=5 by default; BENCHES to pick, e.g. BENCHES="b1 b3"; RESULTS_DIR for the output)
# Builds the module, starts the load server in its own JVM (bound to 127.0.0.1, stops by itself),
# runs the JMH decoder benchmark, then each end-to-end harness RUNS times, each subject of each run in a fresh JVM.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
# Which benchmarks to run: the JMH decoder benchmark and the end-to-end harnesses b1 to b4.
BENCHES="${BENCHES:-jmh b1 b2 b3 b4}"
RESULTS_DIR="${RESULTS_DIR:-benchmarks/target/benchmark-results/$(date +%Y%m%d-%H%M%S)}"
JAR=benchmarks/target/wrenn-benchmarks.jar
CLIENT_JVM=(java -Xmx256m -XX:+UseG1GC -cp "$JAR")

# B2 holds 10,000 connections in each JVM (client and server): raise the soft limit on open files.
ulimit -Sn "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10500 ]; then
  echo "need at least 10500 open files per process for B2, have $(ulimit -n)" >&2
  exit 1
fi

mvn -B -q -pl benchmarks -am package -DskipTests
mkdir -p "$RESULTS_DIR"
RESULTS="$RESULTS_DIR/results.tsv"
: > "$RESULTS"

{
  echo "date: $(date -u +%FT%TZ)"
  echo "nproc: $(nproc)"
  grep -m1 'model name' /proc/cpuinfo
  free -h
  java -version 2>&1
  echo "runs: $RUNS"
} > "$RESULTS_DIR/machine.txt"

PORT_FILE="$RESULTS_DIR/server-url"
java -Xmx1g -cp "$JAR" dev.wrenn.benchmarks.LoadServer --port-file "$PORT_FILE" --lifetime-seconds 1500 \
  > "$RESULTS_DIR/load-server.log" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$PORT_FILE" ] && break; sleep 0.2; done
SERVER_URL="$(cat "$PORT_FILE")"

if [[ " $BENCHES " == *" jmh "* ]]; then
  echo "== decoder (JMH, $RUNS measured iterations)"
  java -jar "$JAR" FrameDecoderBenchmark -i "$RUNS" -prof gc -rf json -rff "$RESULTS_DIR/jmh.json" \
    > "$RESULTS_DIR/jmh.log"
  grep -E '^(Benchmark|FrameDecoderBenchmark)' "$RESULTS_DIR/jmh.log" | grep -E 'thrpt|norm' || true
fi

# Each subject gets a fresh JVM, so that none runs on code another got compiled; their order alternates
# from run to run, so that neither always goes first.
subjects_of() {
  case "$1" in
    b1) echo frames-only wrenn-client raw-reactor-netty ;;
    b2|b3) echo wrenn-client raw-reactor-netty ;;
    b4) echo wrenn-client ;;
  esac
}
for run in $(seq "$RUNS"); do
  for bench in $BENCHES; do
    [ "$bench" = jmh ] && continue
    subjects=$(subjects_of "$bench")
    if [ $((run % 2)) -eq 0 ]; then subjects=$(echo "$subjects" | tr ' ' '\n' | tac | tr '\n' ' '); fi
    for subject in $subjects; do
      echo "== $bench, $subject, run $run of $RUNS"
      "${CLIENT_JVM[@]}" -Dbench.subject="$subject" dev.wrenn.benchmarks.Harness --server "$SERVER_URL" \
        --out "$RESULTS" "$bench"
    done
  done
done

java -cp "$JAR" dev.wrenn.benchmarks.Summary "$RESULTS" "$RESULTS_DIR/jmh.json" > "$RESULTS_DIR/summary.md"
echo "results in $RESULTS_DIR (summary.md: medians of $RUNS runs)"
cat "$RESULTS_DIR/summary.md"
