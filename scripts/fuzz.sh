#!/usr/bin/env bash
# Fuzzes jixiao with cargo-fuzz (libFuzzer, nightly toolchain), seeded from the real forms.
# Usage: scripts/fuzz.sh [TARGET] [SECONDS] [JOBS] [MAX_LEN]
#   TARGET: text (default), bytes, csv, office, html, pdf, report (downloaded reports read back)
#   MAX_LEN: the longest input libFuzzer makes, in bytes (-max_len; default 102400). Below the
#     default the run keeps its own corpus, fuzz/corpus/TARGET-MAX_LEN (longer inputs would be
#     cut).
# A crash or a hang (over 1 s on any input) stops the run and is saved in
# fuzz/artifacts/TARGET/; copy it into tests/fixtures/fuzz/ as a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${1:-text}"
SECONDS_TO_RUN="${2:-600}"
JOBS="${3:-1}"
MAX_LEN="${4:-102400}"
export PATH="$HOME/.cargo/bin:$PATH"
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
CORPUS="fuzz/corpus/$TARGET"
[ "$MAX_LEN" -lt 102400 ] && CORPUS="fuzz/corpus/$TARGET-$MAX_LEN"
mkdir -p "$CORPUS"
SEEDS=text
[ -d "fuzz/seeds/$TARGET" ] && SEEDS="$TARGET"
cp -n fuzz/seeds/"$SEEDS"/* "$CORPUS/" 2>/dev/null || true
if [ "$TARGET" = report ]; then
  # Seeds: the CLI's reports on the corpus, one document a file.
  cargo run -q --release -- check --format json tests/fixtures/corpus/*.txt 2>/dev/null \
    | split -l 1 - "$CORPUS/seed-" || true
fi
PARALLEL=()
[ "$JOBS" -gt 1 ] && PARALLEL=(-jobs="$JOBS" -workers="$JOBS")
cargo +nightly fuzz run "$TARGET" "$CORPUS" -- \
  -max_total_time="$SECONDS_TO_RUN" -timeout=1 -max_len="$MAX_LEN" -rss_limit_mb=2048 \
  -print_final_stats=1 "${PARALLEL[@]}" >"fuzz/last-$TARGET.log" 2>&1 || true
grep -E "^#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|SUMMARY|deadly signal|Timeout|crash-|timeout-" "fuzz/last-$TARGET.log" || true
