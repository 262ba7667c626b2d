#!/usr/bin/env bash
# Builds the page (release) and serves it on http://127.0.0.1:8080/, rebuilding on change.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/tests/e2e/node_modules/.bin:$PATH"
echo "EM playground: http://127.0.0.1:8080/ (Ctrl-C stops)"
exec trunk serve --release "$@"
