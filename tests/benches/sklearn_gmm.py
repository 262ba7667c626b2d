"""Time scikit-learn's GaussianMixture per EM iteration on the data that
`em_iteration.rs` benchmarks (same SplitMix64 stream, same starting point).

Run with `bash tests/benches/sklearn.sh`, which sets up its own virtual
environment from PyPI. Prints one line per (N, K): seconds per iteration for
covariance_type "full" and "diag" (the two shapes a 1-D model can take).

The cost of one iteration is (time of fit with max_iter = 1 + R) − (time with
max_iter = 1), divided by R, so set-up and initialisation cancel out; the best
of three such measurements is reported.
"""

import math
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

MASK = (1 << 64) - 1


def splitmix64(state):
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def synthetic_data(n, k):
    stream = splitmix64(42)
    unit = lambda: ((next(stream) >> 11) + 1.0) / float(1 << 53)
    values = np.empty(n)
    for i in range(n):
        u, v = unit(), unit()
        values[i] = 4.0 * (i % k) + math.sqrt(-2.0 * math.log(u)) * math.cos(2.0 * math.pi * v)
    return values.reshape(-1, 1)


def fit_seconds(data, k, covariance_type, iterations):
    means = np.array([[4.0 * j + 1.0] for j in range(k)])
    precision = 1.0 / 1.5**2
    precisions = {"full": np.full((k, 1, 1), precision), "diag": np.full((k, 1), precision)}
    model = GaussianMixture(
        n_components=k,
        covariance_type=covariance_type,
        tol=0.0,
        max_iter=iterations,
        init_params="random_from_data",
        weights_init=np.full(k, 1.0 / k),
        means_init=means,
        precisions_init=precisions[covariance_type],
    )
    start = time.perf_counter()
    model.fit(data)
    return time.perf_counter() - start


def per_iteration(data, k, covariance_type, repeats=3):
    # Enough extra iterations that they take far longer than a fit's set-up.
    extra = max(10, 1_000_000 // len(data))
    best = math.inf
    for _ in range(repeats):
        short = fit_seconds(data, k, covariance_type, 1)
        long = fit_seconds(data, k, covariance_type, 1 + extra)
        best = min(best, (long - short) / extra)
    return best


def main():
    import sklearn

    warnings.simplefilter("ignore", ConvergenceWarning)
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    for n in (1_000, 100_000, 1_000_000):
        for k in (2, 5):
            data = synthetic_data(n, k)
            full = per_iteration(data, k, "full")
            diag = per_iteration(data, k, "diag")
            print(f"N={n:>9} K={k}: full {full * 1e3:9.3f} ms/iter   diag {diag * 1e3:9.3f} ms/iter")


if __name__ == "__main__":
    main()
