#!/usr/bin/env bash
# The command line against an earlier build of itself: REV (a commit) is built in a worktree
# under target/, then both check the same ~10 MB document (the corpus repeated 130 times) with
# JSON Lines output, in turn, RUNS times each. Prints each one's median time and the ratio
# (this build / REV's). With INSTRUCTIONS=1, also counts the instructions each build executes on
# a 1.5 MB document (the corpus 19 times) under valgrind's cachegrind: one run each, and a
# count that a loaded machine does not change (valgrind must be installed: apt install valgrind).
# Usage: [INSTRUCTIONS=1] scripts/bench-vs.sh REV [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
REV="${1:?usage: scripts/bench-vs.sh REV [RUNS]}"
RUNS="${2:-7}"
OLD=target/bench-vs
rm -rf "$OLD" && git worktree prune
git worktree add --detach "$OLD" "$REV" >/dev/null
trap 'git worktree remove --force "$OLD" >/dev/null 2>&1 || true' EXIT
(cd "$OLD" && CARGO_TARGET_DIR="$PWD/../bench-vs-target" cargo build --release --quiet --bin jixiao)
cargo build --release --quiet --bin jixiao
DOC=target/bench-vs-doc.txt
: > "$DOC"
for _ in $(seq 1 130); do cat tests/fixtures/corpus/*.txt >> "$DOC"; done
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
seconds() {
  /usr/bin/time -f "%e" -o /tmp/jixiao-vs.$$ "$@" >/dev/null 2>/dev/null || true
  tail -n 1 /tmp/jixiao-vs.$$
}
N=(); O=()
for _ in $(seq 1 "$RUNS"); do
  N+=("$(seconds target/release/jixiao check --format json "$DOC")")
  O+=("$(seconds target/bench-vs-target/release/jixiao check --format json "$DOC")")
done
NT=$(printf '%s\n' "${N[@]}" | median)
OT=$(printf '%s\n' "${O[@]}" | median)
python3 - "$(stat -c %s "$DOC")" "$NT" "$OT" "$REV" "$RUNS" <<'PY'
import sys
b, n, o, rev, runs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
print(f"document: {b / 1e6:.1f} MB; medians of {runs} runs each, in turn")
print(f"this build: {n:.2f} s ({b / 1e6 / n:.1f} MB/s); {rev}: {o:.2f} s; ratio {n / o:.2f}")
PY
if [ "${INSTRUCTIONS:-0}" = 1 ]; then
  SMALL=target/bench-vs-small.txt
  : > "$SMALL"
  for _ in $(seq 1 19); do cat tests/fixtures/corpus/*.txt >> "$SMALL"; done
  instructions() { # (jixiao's exit 1, errors found, is normal)
    { valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" \
      2>&1 >/dev/null || true; } | awk '/I *refs:/ {gsub(",", "", $NF); print $NF}'
  }
  NI=$(instructions target/release/jixiao check --format json "$SMALL")
  OI=$(instructions target/bench-vs-target/release/jixiao check --format json "$SMALL")
  python3 - "$(stat -c %s "$SMALL")" "$NI" "$OI" "$REV" <<'PY'
import sys
b, n, o, rev = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
print(f"instructions on {b / 1e6:.2f} MB (cachegrind): this build {n:,} ({n / b:.0f} a byte); {rev}: {o:,}; ratio {n / o:.3f}")
PY
fi
