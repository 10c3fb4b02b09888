#!/usr/bin/env bash
# Builds the page into dist/: the wasm module (wasm-pack, pinned wasm-bindgen, wasm-opt from npm
# binaryen with the flags in wasm-pack.toml), TypeScript types (the report, and the vocabulary,
# registry and actions of the bindings), the service worker with a
# versioned cache, and the single-file dist/jixiao.html that works from disk.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh "$@"
export PATH="$HOME/.cargo/bin:$PATH"

toml() { python3 -c "import tomllib;d=tomllib.load(open('wasm-pack.toml','rb'));print(d$1)"; }
OUT=$(toml "['build']['out-dir']")
TARGET=$(toml "['build']['target']")
CARGO_ARGS=$(toml "['build']['cargo-args']" | python3 -c "import sys,ast;print(' '.join(ast.literal_eval(sys.stdin.read())))")
FLAGS=$(toml "['wasm-opt']['flags']" | python3 -c "import sys,ast;print(' '.join(ast.literal_eval(sys.stdin.read())))")

FULL_OUT=$(toml "['full']['out-dir']")
FULL_ARGS=$(toml "['full']['cargo-args']" | python3 -c "import sys,ast;print(' '.join(ast.literal_eval(sys.stdin.read())))")

# shellcheck disable=SC2086
wasm-pack build --target "$TARGET" --release --mode no-install --out-dir "$OUT" -- $CARGO_ARGS
# shellcheck disable=SC2086
node_modules/.bin/wasm-opt $FLAGS "$OUT/jixiao_bg.wasm" -o "$OUT/jixiao_bg.wasm"
# The full module (.xlsx/.docx readers, editing), loaded on demand; the single file inlines it.
# shellcheck disable=SC2086
wasm-pack build --target "$TARGET" --release --mode no-install --out-dir "$FULL_OUT" \
  --out-name jixiao_full -- $FULL_ARGS
# shellcheck disable=SC2086
node_modules/.bin/wasm-opt $FLAGS "$FULL_OUT/jixiao_full_bg.wasm" -o "$FULL_OUT/jixiao_full_bg.wasm"
# The export module (findings and corrected forms as .xlsx, findings as CSV), loaded on demand;
# the single file inlines it beside the full one.
EXPORT_OUT=$(toml "['export']['out-dir']")
EXPORT_ARGS=$(toml "['export']['cargo-args']" | python3 -c "import sys,ast;print(' '.join(ast.literal_eval(sys.stdin.read())))")
# shellcheck disable=SC2086
wasm-pack build --target "$TARGET" --release --mode no-install --out-dir "$EXPORT_OUT" \
  --out-name jixiao_export -- $EXPORT_ARGS
# shellcheck disable=SC2086
node_modules/.bin/wasm-opt $FLAGS "$EXPORT_OUT/jixiao_export_bg.wasm" -o "$EXPORT_OUT/jixiao_export_bg.wasm"
node_modules/.bin/json2ts --input schema/report.schema.json --output "$OUT/report.d.ts" \
  --bannerComment "// Generated from schema/report.schema.json by json-schema-to-typescript." >/dev/null
node_modules/.bin/json2ts --input schema/page.schema.json --output "$OUT/page.d.ts" \
  --bannerComment "// Generated from schema/page.schema.json by json-schema-to-typescript." >/dev/null
cp "$OUT/report.d.ts" "$OUT/page.d.ts" "$FULL_OUT/"
cp "$OUT/report.d.ts" "$OUT/page.d.ts" "$EXPORT_OUT/"
node scripts/assemble-web.mjs
