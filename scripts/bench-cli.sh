#!/usr/bin/env bash
# Throughput of the command line on a ~100 MB corpus built by repeating the real forms (one
# file per document, as a department's folder would be), with JSON Lines output; its time as a
# ratio to awk splitting the same bytes into tab-separated fields (the floor for reading the
# text at all); and its peak memory. Usage: scripts/bench-cli.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
cargo build --release --quiet
DIR=target/bench-corpus
if [ ! -f "$DIR/.complete" ]; then
  rm -rf "$DIR" && mkdir -p "$DIR/docs"
  for i in $(seq 1 1300); do
    for f in tests/fixtures/corpus/*.txt; do cp "$f" "$DIR/docs/$i-$(basename "$f")"; done
  done
  cat "$DIR"/docs/*.txt > "$DIR/all.txt"
  touch "$DIR/.complete"
fi
BYTES=$(stat -c %s "$DIR/all.txt")
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
run() { # prints "seconds peak_kb" for one run of "$@"
  /usr/bin/time -f "%e %M" -o /tmp/jixiao-bench.$$ "$@" >/dev/null 2>/dev/null || true
  tail -n 1 /tmp/jixiao-bench.$$
}
J=(); M=(); A=()
for _ in $(seq 1 "$RUNS"); do
  read -r s m < <(run target/release/jixiao check --format json "$DIR/docs")
  J+=("$s"); M+=("$m")
  read -r s _ < <(run awk -F'\t' '{n+=NF} END{print n}' "$DIR/all.txt")
  A+=("$s")
done
JT=$(printf '%s\n' "${J[@]}" | median)
AT=$(printf '%s\n' "${A[@]}" | median)
MEM=$(printf '%s\n' "${M[@]}" | sort -n | tail -1)
python3 - "$BYTES" "$JT" "$AT" "$MEM" "$RUNS" <<'PY'
import sys
b, j, a, m, runs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
mb = b / 1e6
print(f"corpus: {mb:.1f} MB in {5200} documents (27 forms repeated 1300 times)")
print(f"jixiao check --format json: {j:.2f} s median of {runs} = {mb / j:.1f} MB/s, peak memory {m / 1024:.1f} MiB")
print(f"awk field split: {a:.2f} s = {mb / a:.1f} MB/s; jixiao takes {j / a:.1f}x awk's time")
PY
