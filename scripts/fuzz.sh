#!/usr/bin/env bash
# Fuzzes jixiao with cargo-fuzz (libFuzzer, nightly toolchain), seeded from the real forms.
# Usage: scripts/fuzz.sh [TARGET] [SECONDS] [JOBS] [MAX_LEN]
#   TARGET: text (default), bytes, csv, office, html, pdf, report (downloaded reports read back),
#           stream (a document in pieces against the whole document)
#   MAX_LEN: the longest input libFuzzer makes, in bytes (-max_len; default 102400). Below the
#     default the run keeps its own corpus, fuzz/corpus/TARGET-MAX_LEN (longer inputs would be
#     cut), and with MAX_LEN <= 4096 `text` is seeded with single forms (fuzz/seeds/text-forms/,
#     made by scripts/cut-seeds.py) and the seeds of fuzz/seeds/text/ that fit, not the whole
#     documents, and `report` only with the CLI's reports on those single forms, cut to fit.
# SANITIZER=none in the environment builds without AddressSanitizer (cargo fuzz -s none, in
# fuzz/target-none/ so the default build is kept): about 7 times as many executions a second;
# panics, overflow checks and debug assertions still stop the run (the crate has no `unsafe`).
# A crash or a hang (over 1 s on any input) stops the run and is saved in
# fuzz/artifacts/TARGET/; copy it into tests/fixtures/fuzz/ as a regression test. The hang limit
# is wall-clock time: on a loaded machine, run a timeout-* artifact again before believing it.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${1:-text}"
SECONDS_TO_RUN="${2:-600}"
JOBS="${3:-1}"
MAX_LEN="${4:-102400}"
SANITIZER="${SANITIZER:-address}"
BUILD=(-s "$SANITIZER")
[ "$SANITIZER" != address ] && BUILD+=(--target-dir "fuzz/target-$SANITIZER")
export PATH="$HOME/.cargo/bin:$PATH"
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
CORPUS="fuzz/corpus/$TARGET"
[ "$MAX_LEN" -lt 102400 ] && CORPUS="fuzz/corpus/$TARGET-$MAX_LEN"
mkdir -p "$CORPUS"
SEEDS=text
[ -d "fuzz/seeds/$TARGET" ] && SEEDS="$TARGET"
if [ "$TARGET" = text ] && [ "$MAX_LEN" -le 4096 ]; then
  # Single forms, and the small seeds; a whole document would be cut to part of its first form.
  cp -n fuzz/seeds/text-forms/* "$CORPUS/" || true
  find fuzz/seeds/text -type f -size -"$((MAX_LEN + 1))"c -exec cp -n {} "$CORPUS/" \;
elif [ "$TARGET" != report ] || [ "$MAX_LEN" -gt 4096 ]; then
  cp -n fuzz/seeds/"$SEEDS"/* "$CORPUS/" 2>/dev/null || true
fi
if [ "$TARGET" = report ]; then
  if [ "$MAX_LEN" -le 4096 ]; then
    # Seeds: the CLI's reports on single forms, each cut to fit (scripts/cut-seeds.py --reports).
    { cargo run -q --release -- check --format json fuzz/seeds/text-forms/*.txt 2>/dev/null || true; } \
      | python3 scripts/cut-seeds.py --reports "$MAX_LEN" "$CORPUS/seed-form-"
  else
    # Seeds: the CLI's reports on the corpus, one document a file.
    cargo run -q --release -- check --format json tests/fixtures/corpus/*.txt 2>/dev/null \
      | split -l 1 - "$CORPUS/seed-" || true
  fi
fi
PARALLEL=()
[ "$JOBS" -gt 1 ] && PARALLEL=(-jobs="$JOBS" -workers="$JOBS")
cargo +nightly fuzz run "${BUILD[@]}" "$TARGET" "$CORPUS" -- \
  -max_total_time="$SECONDS_TO_RUN" -timeout=1 -max_len="$MAX_LEN" -rss_limit_mb=2048 \
  -print_final_stats=1 "${PARALLEL[@]}" >"fuzz/last-$TARGET.log" 2>&1 || true
grep -E "^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs|stat::number_of_executed_units|stat::average_exec_per_sec|SUMMARY|deadly signal|Timeout|crash-|timeout-" "fuzz/last-$TARGET.log" || true
