#!/usr/bin/env bash
# Builds the npm package course authors install:
#   target/npm/em-playground-VERSION.tgz   (`npm pack` output; VERSION = the crate's)
# It holds the element module (em-playground.js, which finds its stylesheet,
# modules, engine and data next to itself through import.meta.url), the
# engine (engine/em-playground.js + engine/em-playground_bg.wasm), the data
# sets, a README for authors and the licences. No build step is needed on the
# author's side.
#
#   scripts/pack.sh              release build (trunk build --release), then pack
#   scripts/pack.sh --no-build   pack the dist/ already built
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tests/e2e/node_modules/.bin:$PATH"

if [ "${1:-}" != "--no-build" ]; then
  scripts/setup.sh
  trunk build --release
fi

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
staging=target/npm/package
rm -rf "$staging" "target/npm/em-playground-$version.tgz"
mkdir -p "$staging"

# The element and what it imports or loads, exactly as dist/www/ serves them
# (not the standalone page's page.js/page.css, nor the examples).
for file in em-playground.js em-playground.css dom.js i18n.js plane.js settings.js worked.js \
  embed.html embed.js embed.css embed-panel.js em-playground-resizer.js anywidget.js exercise.js data-file.js choose-k.js api.js charts.js shell.js favicon.svg \
  LICENSE-MIT LICENSE-APACHE; do
  cp "dist/www/$file" "$staging/"
done
cp -r dist/www/engine dist/www/data "$staging/"
sed "s/@VERSION@/$version/g" scripts/npm/README.md > "$staging/README.md"

cat > "$staging/package.json" <<JSON
{
  "name": "em-playground",
  "version": "$version",
  "description": "A custom element that steps the Expectation–Maximization algorithm in the browser: three coins, binomial, Poisson, exponential and Gaussian mixtures (1-D and 2-D), with live charts.",
  "keywords": ["expectation-maximization", "em-algorithm", "gaussian-mixture", "teaching", "web-component", "webassembly"],
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "exports": {
    ".": "./em-playground.js",
    "./em-playground.js": "./em-playground.js",
    "./em-playground.css": "./em-playground.css",
    "./engine/*": "./engine/*",
    "./data/*": "./data/*",
    "./package.json": "./package.json"
  },
  "sideEffects": ["./em-playground.js"],
  "files": ["*.js", "*.css", "engine/", "data/", "README.md", "LICENSE-MIT", "LICENSE-APACHE"]
}
JSON

(cd "$staging" && npm pack --pack-destination .. --loglevel=error >/dev/null)
echo "target/npm/em-playground-$version.tgz"

# The Jupyter package (anywidget): target/python/em_playground-VERSION-py3-none-any.whl.
# Its front end is one ES module with the element, the stylesheet (as text)
# and the engine (as bytes) inlined by esbuild, because anywidget loads a
# module from a string and nothing can be found next to it.
build=target/anywidget-build
python_staging=target/python/em-playground
rm -rf "$build" "$python_staging" target/python/em_playground-*.whl
mkdir -p "$build" "$python_staging/em_playground/static"
cp dist/www/*.js dist/www/em-playground.css "$build/"
cp -r dist/www/engine "$build/"
cp scripts/anywidget/widget.js "$build/anywidget-entry.js"
esbuild "$build/anywidget-entry.js" --bundle --format=esm --minify --log-level=warning \
  --loader:.css=text --loader:.wasm=binary --outfile="$python_staging/em_playground/static/widget.js"
sed "s/@VERSION@/$version/g" scripts/anywidget/em_playground/__init__.py > "$python_staging/em_playground/__init__.py"
sed "s/@VERSION@/$version/g" scripts/anywidget/pyproject.toml > "$python_staging/pyproject.toml"
cp scripts/anywidget/README.md dist/www/LICENSE-MIT dist/www/LICENSE-APACHE "$python_staging/"
python3 -m pip wheel --quiet --no-deps --wheel-dir target/python "$python_staging"
echo "target/python/em_playground-$version-py3-none-any.whl"
