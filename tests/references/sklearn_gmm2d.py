"""Reference values for tests/reference_2d.rs: scikit-learn's GaussianMixture
on Old Faithful (eruption duration, waiting time; 272 points) from fixed
starts, with reg_covar = 0 (exact EM) and tol = 0, so every fit runs all of
max_iter = 20,000 iterations and sits at its fixed point to rounding (the
K = 3 fit converges slowly: stopping on a 1e-13 change leaves its weights
off by 3e-6 relative). scikit-learn warns that these fits did not converge;
that is the tol = 0.

Run with the virtual environment tests/benches/sklearn.sh creates:
    tests/benches/.venv/bin/python tests/references/sklearn_gmm2d.py
"""
import csv
import warnings
import pathlib

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture

here = pathlib.Path(__file__).resolve().parent
rows = list(csv.DictReader(open(here.parent.parent / "www" / "data" / "old_faithful.csv")))
X = np.array([[float(r["eruptions"]), float(r["waiting"])] for r in rows])

STARTS = {
    2: dict(weights=[0.5, 0.5], means=[[2.0, 55.0], [4.5, 80.0]],
            covariances=[[[0.5, 0.0], [0.0, 50.0]], [[0.5, 0.0], [0.0, 50.0]]]),
    3: dict(weights=[1 / 3, 1 / 3, 1 / 3], means=[[2.0, 55.0], [3.5, 70.0], [4.5, 80.0]],
            covariances=[[[0.3, 0.0], [0.0, 30.0]]] * 3),
}


def precisions(kind, covariances):
    full = [np.linalg.inv(np.array(c)) for c in covariances]
    if kind == "full":
        return np.array(full)
    if kind == "diag":
        return np.array([np.diag(p) for p in full])
    if kind == "spherical":
        return np.array([p[0, 0] for p in full])
    return full[0]  # tied: the starts above share one covariance


warnings.simplefilter("ignore")
print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}")
for k, kinds in [(2, ["full", "diag", "spherical", "tied"]), (3, ["full"])]:
    start = STARTS[k]
    for kind in kinds:
        model = GaussianMixture(n_components=k, covariance_type=kind, tol=0.0, max_iter=20_000,
                                reg_covar=0.0, weights_init=start["weights"], means_init=start["means"],
                                precisions_init=precisions(kind, start["covariances"]))
        model.fit(X)
        print(f"K = {k}, {kind}: {model.n_iter_} iterations")
        print(f"  log L = {model.score(X) * len(X):.10f}")
        print(f"  weights = {np.array2string(model.weights_, precision=10, separator=', ')}")
        print(f"  means = {np.array2string(model.means_, precision=10, separator=', ')}")
        print(f"  covariances = {np.array2string(np.asarray(model.covariances_), precision=10, separator=', ')}")
