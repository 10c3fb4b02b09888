#!/usr/bin/env bash
# Throughput of the command line on a ~100 MB corpus built by repeating the real forms (one
# file per document, as a department's folder would be), with JSON Lines output; its time as a
# ratio to awk splitting the same bytes into tab-separated fields (the floor for reading the
# text at all); and its peak memory. Then the same bytes as ONE document (all.txt, the corpus
# files concatenated): median time, MB/s, peak memory and the ratio to awk's time.
# With BIG=1, also one run on big.txt (all.txt repeated 10 times, ~1 GB, built once and kept):
# time, MB/s and peak memory; skipped when 10 times all.txt's peak memory is more than the
# memory available (a pipeline that holds the whole document), unless BIG=force. BIG=1 also
# times one run on nothing.txt: about as many bytes as all.txt in lines of which none may start
# a form (the pieces are then cut at any line: memory must still follow the piece), one on
# all-cr.txt (all.txt with its lines ended by a lone CR), one on each of two documents that are
# one line of tab-separated words without a line end (16 and 32 MB: the time ratio), and one run
# of all.txt with the default text report (time, MB/s, peak memory, and its time as a multiple of
# the JSON median), and of big.txt with it when big.txt was run.
# Usage: [BIG=1|force] scripts/bench-cli.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
cargo build --release --quiet
DIR=target/bench-corpus
scripts/bench-corpus.sh
BYTES=$(stat -c %s "$DIR/all.txt")
TIMES=/tmp/jixiao-bench.$$
trap 'rm -f "$TIMES"' EXIT
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
run() { # prints "seconds peak_kb" for one run of "$@"; jixiao's exit 1 (errors found) is normal
  /usr/bin/time -f "%e %M %x" -o "$TIMES" "$@" >/dev/null 2>/dev/null || true
  local s m x
  read -r s m x < <(tail -n 1 "$TIMES")
  if grep -q 'terminated by signal' "$TIMES" || [ "${x:-0}" -gt 1 ]; then
    echo "bench-cli: $* failed: $(head -n 1 "$TIMES")" >&2
  fi
  echo "$s $m"
}
J=(); M=(); A=(); D=(); DM=()
for _ in $(seq 1 "$RUNS"); do
  read -r s m < <(run target/release/jixiao check --format json "$DIR/docs")
  J+=("$s"); M+=("$m")
  read -r s m < <(run target/release/jixiao check --format json "$DIR/all.txt")
  D+=("$s"); DM+=("$m")
  read -r s _ < <(run awk -F'\t' '{n+=NF} END{print n}' "$DIR/all.txt")
  A+=("$s")
done
JT=$(printf '%s\n' "${J[@]}" | median)
AT=$(printf '%s\n' "${A[@]}" | median)
MEM=$(printf '%s\n' "${M[@]}" | sort -n | tail -1)
DT=$(printf '%s\n' "${D[@]}" | median)
DMEM=$(printf '%s\n' "${DM[@]}" | sort -n | tail -1)
python3 - "$BYTES" "$JT" "$AT" "$MEM" "$RUNS" "$DT" "$DMEM" <<'PY'
import sys
b, j, a, m, runs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
d, dm = float(sys.argv[6]), int(sys.argv[7])
mb = b / 1e6
rate = lambda x, t: f"{x / t:.1f}" if t > 0 else "n/a"  # a run that failed takes 0.00 s
print(f"corpus: {mb:.1f} MB in {5200} documents (27 forms repeated 1300 times)")
print(f"jixiao check --format json: {j:.2f} s median of {runs} = {rate(mb, j)} MB/s, peak memory {m / 1024:.1f} MiB")
print(f"awk field split: {a:.2f} s = {rate(mb, a)} MB/s; jixiao takes {rate(j, a)}x awk's time")
print(f"one document (all.txt, {mb:.1f} MB): jixiao check --format json: {d:.2f} s median of {runs} = {rate(mb, d)} MB/s, "
      f"peak memory {dm / 1024:.1f} MiB; {rate(d, a)}x awk's time")
PY
# The big document is checked only if its likely peak (10 times all.txt's, as long as a document
# is held whole) fits in the memory available now; BIG=force runs it regardless.
AVAIL=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)
if [ "${BIG:-0}" = 1 ] && [ $((DMEM * 10)) -gt "$AVAIL" ]; then
  echo "big document: skipped: all.txt peaked at $((DMEM / 1024)) MiB, 10 times that is more than the" \
    "$((AVAIL / 1024)) MiB available (BIG=force runs it anyway)"
elif [ "${BIG:-0}" = 1 ] || [ "${BIG:-0}" = force ]; then
  BIGDOC="$DIR/big.txt"
  if [ "$(stat -c %s "$BIGDOC" 2>/dev/null || echo 0)" != $((BYTES * 10)) ]; then
    for _ in $(seq 1 10); do cat "$DIR/all.txt"; done > "$BIGDOC.part"
    mv "$BIGDOC.part" "$BIGDOC"
  fi
  read -r s m < <(run target/release/jixiao check --format json "$BIGDOC")
  python3 - "$((BYTES * 10))" "$s" "$m" <<'PY'
import sys
b, s, m = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(f"big document (big.txt, all.txt 10 times, {b / 1e6:.1f} MB): jixiao check --format json: {s:.2f} s (1 run) = "
      f"{b / 1e6 / s if s > 0 else float('nan'):.1f} MB/s, peak memory {m / 1024:.1f} MiB")
PY
fi
if [ "${BIG:-0}" = 1 ] || [ "${BIG:-0}" = force ]; then
  NOTHING="$DIR/nothing.txt"
  if [ ! -f "$NOTHING" ]; then
    awk -v want="$BYTES" 'BEGIN { for (i = 1; n < want; i++) { l = "说明第" i "行\t" i ".00\t备注内容"; print l; n += length(l) + 1 } }' \
      > "$NOTHING.part"
    mv "$NOTHING.part" "$NOTHING"
  fi
  read -r s m < <(run target/release/jixiao check --format json "$NOTHING")
  python3 - "$(stat -c %s "$NOTHING")" "$s" "$m" <<'PY'
import sys
b, s, m = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(f"no form (nothing.txt, {b / 1e6:.1f} MB of lines none of which may start a form): jixiao check --format json: "
      f"{s:.2f} s (1 run) = {b / 1e6 / s if s > 0 else float('nan'):.1f} MB/s, peak memory {m / 1024:.1f} MiB")
PY
  # all.txt with every line ended by a lone CR (as old Mac files end them): cut at its forms
  # as all.txt is, so the same memory and about the same time.
  CR="$DIR/all-cr.txt"
  if [ ! -f "$CR" ]; then
    tr '\n' '\r' < "$DIR/all.txt" > "$CR.part"
    mv "$CR.part" "$CR"
  fi
  read -r s m < <(run target/release/jixiao check --format json "$CR")
  python3 - "$BYTES" "$s" "$m" "$DT" <<'PY'
import sys
b, s, m, d = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
print(f"one document, lines ended by CR (all-cr.txt): jixiao check --format json: {s:.2f} s (1 run) = "
      f"{b / 1e6 / s if s > 0 else float('nan'):.1f} MB/s, peak memory {m / 1024:.1f} MiB; "
      f"{s / d if d > 0 else float('nan'):.2f}x the LF document's median")
PY
  # One line and no line end: 16 MB and 32 MB of tab-separated words. A row is never cut, so
  # the line is held whole (memory follows the line, not the piece); the time must follow it
  # too: the second about twice the first (a search that started over on each read was not).
  L1="$DIR/one-line-16.txt"; L2="$DIR/one-line-32.txt"
  if [ ! -f "$L2" ]; then
    awk 'BEGIN { for (i = 0; i < 2300000; i++) printf "词%d\t", i % 1000 }' > "$L1.part"
    cat "$L1.part" "$L1.part" > "$L2.part"
    mv "$L1.part" "$L1"; mv "$L2.part" "$L2"
  fi
  read -r s1 m1 < <(run target/release/jixiao check --format json "$L1")
  read -r s2 m2 < <(run target/release/jixiao check --format json "$L2")
  python3 - "$(stat -c %s "$L1")" "$s1" "$m1" "$s2" "$m2" <<'PY'
import sys
b, s1, m1, s2, m2 = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(f"one line without a line end ({b / 1e6:.1f} and {2 * b / 1e6:.1f} MB): {s1:.2f} s and {s2:.2f} s (1 run each), "
      f"peak memory {m1 / 1024:.1f} and {m2 / 1024:.1f} MiB; twice the bytes take "
      f"{s2 / s1 if s1 > 0 else float('nan'):.2f}x the time")
PY
  # The text report (the default format): its head counts the forms, so their text is held
  # until all are counted (up to 32 MiB), or they are checked a second time to be written.
  read -r s m < <(run target/release/jixiao check "$DIR/all.txt")
  python3 - "$BYTES" "$s" "$m" "$DT" <<'PY'
import sys
b, s, m, d = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
print(f"one document as text (all.txt, the default --format text): {s:.2f} s (1 run) = "
      f"{b / 1e6 / s if s > 0 else float('nan'):.1f} MB/s, peak memory {m / 1024:.1f} MiB; "
      f"{s / d if d > 0 else float('nan'):.2f}x the JSON median")
PY
  # The same on big.txt, whose text report is more than the 32 MiB held: written by a second check.
  if [ -f "${BIGDOC:-}" ]; then
    read -r s m < <(run target/release/jixiao check "$BIGDOC")
    python3 - "$((BYTES * 10))" "$s" "$m" <<'PY'
import sys
b, s, m = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(f"big document as text (big.txt, the default --format text): {s:.2f} s (1 run) = "
      f"{b / 1e6 / s if s > 0 else float('nan'):.1f} MB/s, peak memory {m / 1024:.1f} MiB")
PY
  fi
fi
