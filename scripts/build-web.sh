#!/usr/bin/env bash
# Builds the page into dist/: the wasm module (wasm-pack, pinned wasm-bindgen, wasm-opt from npm
# binaryen with the flags in wasm-pack.toml), TypeScript types, the service worker with a
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

OFFICE_OUT=$(toml "['office']['out-dir']")
OFFICE_ARGS=$(toml "['office']['cargo-args']" | python3 -c "import sys,ast;print(' '.join(ast.literal_eval(sys.stdin.read())))")

# shellcheck disable=SC2086
wasm-pack build --target "$TARGET" --release --mode no-install --out-dir "$OUT" -- $CARGO_ARGS
# shellcheck disable=SC2086
node_modules/.bin/wasm-opt $FLAGS "$OUT/jixiao_bg.wasm" -o "$OUT/jixiao_bg.wasm"
# The second module, with the .xlsx/.docx readers, loaded only when such a file is dropped.
# shellcheck disable=SC2086
wasm-pack build --target "$TARGET" --release --mode no-install --out-dir "$OFFICE_OUT" \
  --out-name jixiao_office --no-typescript -- $OFFICE_ARGS
# shellcheck disable=SC2086
node_modules/.bin/wasm-opt $FLAGS "$OFFICE_OUT/jixiao_office_bg.wasm" -o "$OFFICE_OUT/jixiao_office_bg.wasm"
node_modules/.bin/json2ts --input schema/report.schema.json --output "$OUT/report.d.ts" \
  --bannerComment "// Generated from schema/report.schema.json by json-schema-to-typescript." >/dev/null
node scripts/assemble-web.mjs
