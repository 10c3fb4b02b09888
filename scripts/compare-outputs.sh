#!/usr/bin/env bash
# Does this build write the same JSON Lines as an earlier commit? REV's release binary is built
# in a temporary git worktree under target/ (its CARGO_TARGET_DIR, target/compare-target, is
# kept, and so is the binary, by commit: a second run against the same REV builds nothing).
# Both binaries then run `check --format json` on
#   (a) every file of tests/fixtures the CLI reads (.txt .tsv .csv .html .xlsx .docx .pdf),
#       each checked as its own document;
#   (b) target/bench-corpus/all.txt (one ~105 MB document) and the folder
#       target/bench-corpus/docs (5,200 documents), built as scripts/bench-cli.sh builds them.
# The outputs are compared byte for byte and canonically (each line parsed, keys sorted:
# scripts/compare-outputs.py, streaming), and both verdicts are printed: outputs that differ
# only in key order (the report's "summary" moved after "forms") are canonically equal.
# Exit status and standard error are compared too. Exits 1 if the outputs differ canonically
# or an exit status differs, printing the first differing document and line; the outputs are
# then kept in target/compare-outputs/ (removed when equal).
# Usage: scripts/compare-outputs.sh REV
set -euo pipefail
cd "$(dirname "$0")/.."
REV="${1:?usage: scripts/compare-outputs.sh REV}"
SHA=$(git rev-parse --verify --quiet "$REV^{commit}") || { echo "compare-outputs: no commit $REV" >&2; exit 2; }
ROOT=$PWD
TARGET="$ROOT/target/compare-target"
OLD_BIN="$TARGET/bin/jixiao-$SHA"
if [ ! -x "$OLD_BIN" ]; then
  TREE="$ROOT/target/compare-worktree"
  rm -rf "$TREE" && git worktree prune
  git worktree add --detach "$TREE" "$SHA" >/dev/null
  trap 'git worktree remove --force "$TREE" >/dev/null 2>&1 || true' EXIT
  echo "building $REV (${SHA:0:10}) in $TREE …" >&2
  (cd "$TREE" && CARGO_TARGET_DIR="$TARGET" cargo build --release --quiet --bin jixiao)
  mkdir -p "$TARGET/bin"
  cp "$TARGET/release/jixiao" "$OLD_BIN.part" && mv "$OLD_BIN.part" "$OLD_BIN"
  git worktree remove --force "$TREE" >/dev/null 2>&1 || true
fi
cargo build --release --quiet --bin jixiao
NEW_BIN="$ROOT/target/release/jixiao"

# The benchmarks' corpus (built once).
DIR=target/bench-corpus
scripts/bench-corpus.sh

OUT=target/compare-outputs
rm -rf "$OUT" && mkdir -p "$OUT/old" "$OUT/new"
MANIFEST="$OUT/manifest.tsv"
: > "$MANIFEST"
N=0
compare() { # compare GROUP LABEL INPUT: runs both binaries on INPUT, adds the pair to the manifest
  local group=$1 label=$2 input=$3 old_rc=0 new_rc=0
  N=$((N + 1))
  "$OLD_BIN" check --format json "$input" > "$OUT/old/$N.jsonl" 2> "$OUT/old/$N.err" || old_rc=$?
  "$NEW_BIN" check --format json "$input" > "$OUT/new/$N.jsonl" 2> "$OUT/new/$N.err" || new_rc=$?
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$group" \
    "$OUT/old/$N.jsonl" "$OUT/new/$N.jsonl" "$old_rc" "$new_rc" "$OUT/old/$N.err" "$OUT/new/$N.err" \
    >> "$MANIFEST"
}
while IFS= read -r -d '' f; do
  compare "tests/fixtures" "$f" "$f"
done < <(find tests/fixtures -type f \( -iname '*.txt' -o -iname '*.tsv' -o -iname '*.csv' \
  -o -iname '*.html' -o -iname '*.xlsx' -o -iname '*.docx' -o -iname '*.pdf' \) -print0 | sort -z)
compare "one document, $DIR/all.txt" "$DIR/all.txt" "$DIR/all.txt"
compare "folder, $DIR/docs" "$DIR/docs" "$DIR/docs"

echo "this build against $REV (${SHA:0:10}):"
if python3 scripts/compare-outputs.py "$MANIFEST" "$REV"; then
  rm -rf "$OUT"
else
  echo "outputs kept in $OUT (manifest.tsv lists them)"
  exit 1
fi
