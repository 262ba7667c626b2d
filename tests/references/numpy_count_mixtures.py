"""Reference values for tests/reference_counts.rs: a short, independent numpy
EM for mixtures of binomials, Poissons and exponentials, written from the
textbook updates (not from the engine):

  E-step  γᵢₖ = wₖ f(xᵢ | θₖ) / Σₗ wₗ f(xᵢ | θₗ)          (log-sum-exp)
  M-step  wₖ = Σᵢ γᵢₖ / N   (unless the weights are fixed)
          binomial    pₖ = Σᵢ γᵢₖ xᵢ / Σᵢ γᵢₖ nᵢ
          Poisson     λₖ = Σᵢ γᵢₖ xᵢ / Σᵢ γᵢₖ
          exponential λₖ = Σᵢ γᵢₖ / Σᵢ γᵢₖ xᵢ
  log L = Σᵢ log Σₖ wₖ f(xᵢ | θₖ), with the full densities (C(n, x), x!).

Run with the virtual environment tests/benches/sklearn.sh creates:
    tests/benches/.venv/bin/python tests/references/numpy_count_mixtures.py
"""
import csv
import math
import pathlib

import numpy as np

here = pathlib.Path(__file__).resolve().parent
data_dir = here.parent.parent / "www" / "data"

# The durations for the exponential mixture, also typed in the Rust test.
DURATIONS = [0.12, 0.31, 0.05, 0.44, 0.09, 0.27, 0.18, 0.02, 0.36, 0.21,
             1.9, 3.4, 0.8, 5.2, 2.7, 4.1, 1.2, 6.3, 2.2, 3.0]


def log_binomial(n, x):
    return np.array([math.lgamma(a + 1) - math.lgamma(b + 1) - math.lgamma(a - b + 1) for a, b in zip(n, x)])


def em(log_density, update, weights, params, steps, fixed_weights=False):
    weights = np.array(weights, float)
    params = np.array(params, float)
    for _ in range(steps):
        joint = np.log(weights)[None, :] + log_density(params)
        top = joint.max(axis=1, keepdims=True)
        gamma = np.exp(joint - top)
        gamma /= gamma.sum(axis=1, keepdims=True)
        if not fixed_weights:
            weights = gamma.mean(axis=0)
        params = update(gamma)
    joint = np.log(weights)[None, :] + log_density(params)
    top = joint.max(axis=1)
    log_l = float(np.sum(top + np.log(np.exp(joint - top[:, None]).sum(axis=1))))
    return weights, params, log_l


def show(name, result):
    weights, params, log_l = result
    print(f"{name}: weights {[float(w) for w in weights]!r}")
    print(f"{name}: params  {[float(p) for p in params]!r}")
    print(f"{name}: log L   {log_l!r}")


# Binomial: Do & Batzoglou (2008), heads out of 10, weights fixed at 1/2.
rows = list(csv.DictReader(open(data_dir / "do_batzoglou_coins.csv")))
heads = np.array([float(r["heads"]) for r in rows])
tosses = np.array([float(r["tosses"]) for r in rows])
coefficient = log_binomial(tosses, heads)[:, None]
binomial_density = lambda p: coefficient + heads[:, None] * np.log(p)[None, :] + (tosses - heads)[:, None] * np.log(1 - p)[None, :]
binomial_update = lambda g: (g * heads[:, None]).sum(axis=0) / (g * tosses[:, None]).sum(axis=0)
for steps in (1, 10):
    show(f"do-batzoglou {steps}", em(binomial_density, binomial_update, [0.5, 0.5], [0.6, 0.5], steps, fixed_weights=True))
show("do-batzoglou free 200", em(binomial_density, binomial_update, [0.3, 0.7], [0.6, 0.5], 200))

# Poisson: Hasselblad (1969), 1,096 days, two components.
deaths = np.array([float(r["deaths"]) for r in csv.DictReader(open(data_dir / "hasselblad_deaths.csv"))])
log_factorial = np.array([math.lgamma(x + 1) for x in deaths])[:, None]
poisson_density = lambda lam: deaths[:, None] * np.log(lam)[None, :] - lam[None, :] - log_factorial
poisson_update = lambda g: (g * deaths[:, None]).sum(axis=0) / g.sum(axis=0)
show("hasselblad 1", em(poisson_density, poisson_update, [0.5, 0.5], [1.0, 3.0], 1))
show("hasselblad 5000", em(poisson_density, poisson_update, [0.5, 0.5], [1.0, 3.0], 5000))

# Exponential: the durations above, two components.
x = np.array(DURATIONS)
exponential_density = lambda lam: np.log(lam)[None, :] - lam[None, :] * x[:, None]
exponential_update = lambda g: g.sum(axis=0) / (g * x[:, None]).sum(axis=0)
show("durations 1", em(exponential_density, exponential_update, [0.5, 0.5], [0.5, 5.0], 1))
show("durations 2000", em(exponential_density, exponential_update, [0.5, 0.5], [0.5, 5.0], 2000))
