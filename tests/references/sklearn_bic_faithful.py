"""Reference values for tests/reference_choose_k.rs: scikit-learn's
GaussianMixture.bic on Old Faithful's 272 eruption durations for K = 1 and
K = 2, with reg_covar = 0 (exact maximum likelihood, no added variance),
20 initialisations and a tolerance far below the test's 0.01 on BIC.

Run with the virtual environment tests/benches/sklearn.sh creates:
    tests/benches/.venv/bin/python tests/references/sklearn_bic_faithful.py
"""
import csv
import pathlib
import warnings

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture

here = pathlib.Path(__file__).resolve().parent
rows = list(csv.DictReader(open(here.parent.parent / "www" / "data" / "old_faithful.csv")))
X = np.array([[float(r["eruptions"])] for r in rows])
assert X.shape == (272, 1)

print(f"scikit-learn {sklearn.__version__}, N = {len(X)}")
warnings.simplefilter("ignore")  # tol = 1e-12 may end at max_iter: that is wanted
for k in (1, 2):
    gm = GaussianMixture(k, reg_covar=0, n_init=20, tol=1e-12, max_iter=100_000, random_state=0).fit(X)
    log_l = gm.score(X) * len(X)
    print(f"K = {k}: bic = {gm.bic(X):.6f}  log L = {log_l:.6f}  parameters = {gm._n_parameters()}")
