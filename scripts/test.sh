#!/usr/bin/env bash
# Runs every check and test: formatting, lints, native unit/reference/property
# tests, wasm-bindgen tests in headless Chromium, then the release build and
# the end-to-end tests (Playwright + Chromium) against it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$HOME/.cargo/bin:$PWD/tests/e2e/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lints"
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings

step "native tests (engine, charts, properties)"
cargo test

step "wasm-bindgen tests in headless Chromium"
cargo test --target wasm32-unknown-unknown --test web

step "release build and the npm package"
trunk build --release
scripts/pack.sh --no-build

step "the Jupyter package (anywidget wrapper), from its wheel"
tests/python/.venv/bin/pip install --quiet --no-deps --force-reinstall target/python/em_playground-*.whl
tests/python/.venv/bin/python -m unittest discover -s tests/python -v

step "end-to-end tests in headless Chromium"
node --test --test-concurrency=1 tests/e2e/
