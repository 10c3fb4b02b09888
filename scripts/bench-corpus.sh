#!/usr/bin/env bash
# Builds the benchmarks' corpus once: target/bench-corpus/docs/ (the corpus files copied 1,300
# times, one file per document, 105.5 MB) and all.txt (the same as one document). Used by
# scripts/bench-cli.sh and scripts/compare-outputs.sh. Usage: scripts/bench-corpus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=target/bench-corpus
if [ ! -f "$DIR/.complete" ]; then
  rm -rf "$DIR" && mkdir -p "$DIR/docs"
  for i in $(seq 1 1300); do
    for f in tests/fixtures/corpus/*.txt; do cp "$f" "$DIR/docs/$i-$(basename "$f")"; done
  done
  cat "$DIR"/docs/*.txt > "$DIR/all.txt"
  touch "$DIR/.complete"
fi
