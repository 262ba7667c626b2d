#!/usr/bin/env bash
# Installs everything building, serving and testing need, from the package
# registries only (crates.io, npm, Debian). Each step is skipped when its tool
# is already there at the right version, so a second run takes about a second.
#
#   scripts/setup.sh            build tools (for serving)
#   scripts/setup.sh --browser  build tools and Chromium + ChromeDriver (for tests)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tests/e2e/node_modules/.bin:$PATH"

TRUNK_VERSION=0.21.14
# wasm-bindgen's CLI must match the library version Cargo.lock pins.
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

log() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "installing Trunk $TRUNK_VERSION (about 6 minutes, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $BINDGEN_VERSION (about 2 minutes, once)"
  # Not --locked: its lockfile wants a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION"
fi

# wasm-opt (npm binaryen 132; Debian's older binaryen breaks the wasm) and Playwright.
if [ ! -x tests/e2e/node_modules/.bin/wasm-opt ] || [ ! -d tests/e2e/node_modules/playwright-core ] \
  || [ ! -x tests/e2e/node_modules/.bin/esbuild ] \
  || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  log "installing npm packages (binaryen, playwright-core, esbuild)"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

# Chromium for the browser tests, and a small CJK font so screenshots of the
# Chinese page show characters rather than empty boxes.
if [ "${1:-}" = "--browser" ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
  || [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; }; then
  log "installing Chromium, ChromeDriver and a CJK font from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
fi

# Python with anywidget, for the Jupyter package's tests (tests/python/).
ANYWIDGET_VERSION=0.11.0
if [ "${1:-}" = "--browser" ] && ! tests/python/.venv/bin/python -c "import anywidget, sys; sys.exit(anywidget.__version__ != '$ANYWIDGET_VERSION')" 2>/dev/null; then
  log "installing anywidget $ANYWIDGET_VERSION into tests/python/.venv"
  python3 -m venv tests/python/.venv
  tests/python/.venv/bin/pip install --quiet "anywidget==$ANYWIDGET_VERSION"
fi
