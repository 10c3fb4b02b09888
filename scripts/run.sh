#!/usr/bin/env bash
# Builds the page and serves it on 127.0.0.1 (an example form is loaded on first visit).
# Usage: scripts/run.sh [PORT]   (default 8000)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-web.sh
PORT="${1:-${PORT:-8000}}"
URL="http://127.0.0.1:$PORT/"
echo "jixiao: $URL  (单文件离线版：dist/jixiao.html；Ctrl-C 结束)"
if command -v xdg-open >/dev/null && [ -n "${DISPLAY:-}" ]; then (sleep 1; xdg-open "$URL") & fi
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist
