#!/usr/bin/env bash
# Runs every test of jixiao on this machine, installing what they need first (see setup.sh):
# formatting, lints (native and wasm32), the Rust tests, the web build, the page's type check and
# the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$HOME/.cargo/bin:$PATH"

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy (native, all targets)"
cargo clippy --all-targets -- -D warnings
echo "== cargo clippy (wasm32 bindings: the first module and the full one, with the PDF reader)"
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features office,edit,pdf -- -D warnings
echo "== cargo test"
cargo test
echo "== web build"
scripts/build-web.sh
echo "== tsc --noEmit (the page's scripts against pkg/report.d.ts and pkg/jixiao.d.ts)"
node_modules/.bin/tsc --noEmit -p tsconfig.json
node_modules/.bin/tsc --noEmit -p tsconfig.sw.json
echo "== browser tests (headless Chromium)"
node --test --test-concurrency=1 tests/browser/
