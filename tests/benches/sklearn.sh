#!/usr/bin/env bash
# Sets up a virtual environment with scikit-learn from PyPI (once) and times
# GaussianMixture per iteration on the benchmark's data.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "scikit-learn>=1.3,<2" "numpy<3"
fi
exec "$venv/bin/python" "$here/sklearn_gmm.py"
