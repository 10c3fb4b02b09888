#!/usr/bin/env bash
# Runs every test of jixiao on this machine, installing what they need first (see setup.sh):
# formatting, lints (native and wasm32), the Rust tests, the web build, the page's type check and
# the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="${XDG_CACHE_HOME:-$HOME/.cache}/jixiao/bin:$HOME/.cargo/bin:$PATH"

echo "== actionlint (.github/workflows, with shellcheck on their run: steps)"
actionlint
# ... and a broken workflow must fail it with each kind of mistake (an action's input, a job's
# needs, a run: step's shell), or the lint above could pass without looking.
if broken=$(actionlint -no-color -oneline -stdin-filename broken.yml - 2>&1 <<'YAML'
on: push
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - run: ls $DIR
      - uses: actions/upload-pages-artifact@v5
        with:
          paths: dist
  deploy:
    needs: biuld
    runs-on: ubuntu-24.04
    steps:
      - run: echo deployed
YAML
); then
  echo "actionlint passed a broken workflow" >&2
  exit 1
fi
for expected in 'input "paths" is not defined' '"biuld" which does not exist' 'SC2086'; do
  if ! grep -qF "$expected" <<<"$broken"; then
    printf 'actionlint did not report %s in a broken workflow; it said:\n%s\n' "$expected" "$broken" >&2
    exit 1
  fi
done

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy (native, all targets)"
cargo clippy --all-targets -- -D warnings
echo "== cargo clippy (wasm32 bindings: the first module, the full one with the PDF reader, the export one)"
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features office,edit,pdf -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features export -- -D warnings
echo "== cargo test"
cargo test
echo "== web build"
scripts/build-web.sh
echo "== tsc --noEmit (the page's scripts against pkg/report.d.ts and pkg/jixiao.d.ts)"
node_modules/.bin/tsc --noEmit -p tsconfig.json
node_modules/.bin/tsc --noEmit -p tsconfig.sw.json
echo "== browser tests (headless Chromium)"
node --test --test-concurrency=1 tests/browser/
