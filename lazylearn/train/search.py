"""Random search over hyperparameters (Bergstra and Bengio 2012)."""
from __future__ import annotations

import math
import numbers

from .._validation import check_rng, check_scalar

__all__ = ["random_search", "loguniform"]


class loguniform:
    """A distribution for :func:`random_search`: ``exp(U(log low, log high))``, for learning rates.

    Examples:
        >>> import numpy as np
        >>> lr = loguniform(1e-4, 1.0)(np.random.default_rng(0))
        >>> 1e-4 <= lr <= 1.0
        True
    """

    def __init__(self, low, high):
        self.low = float(check_scalar(low, "low", min_val=0, include_min=False))
        self.high = float(check_scalar(high, "high", min_val=self.low))

    def __call__(self, rng):
        return float(math.exp(rng.uniform(math.log(self.low), math.log(self.high))))

    def __repr__(self) -> str:
        return f"loguniform({self.low!r}, {self.high!r})"


def _sample(spec, rng, name):
    if callable(spec):
        return spec(rng)
    if isinstance(spec, list) and spec:
        return spec[int(rng.integers(len(spec)))]
    if isinstance(spec, tuple) and len(spec) == 2 and all(isinstance(v, numbers.Real) for v in spec):
        return float(rng.uniform(*spec))
    raise TypeError(
        f"space[{name!r}] must be a function of rng, a non-empty list of choices or a (low, high) "
        f"pair of numbers; got {spec!r}."
    )


def random_search(objective, space, n_trials, rng=None) -> list:
    """Evaluate ``objective`` at ``n_trials`` random points of ``space``; the trials, best first.

    Each trial draws every hyperparameter independently: from ``spec(rng)`` for a function (such as
    :class:`loguniform`), uniformly from a list, or uniformly from a ``(low, high)`` pair.

    Args:
        objective: a function ``objective(**params) -> float`` to minimize (e.g. a validation loss).
        space: a dict mapping each hyperparameter name to its distribution.
        n_trials: the number of points (>= 1).
        rng: None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        a list of ``(params, value)`` pairs sorted by value (the best first; NaN last).

    Examples:
        >>> trials = random_search(lambda x, k: (x - 1) ** 2 + k, {"x": (0.0, 2.0), "k": [0, 10]}, 20, rng=0)
        >>> best_params, best_value = trials[0]
        >>> best_params["k"], len(trials)
        (0, 20)
    """
    if not callable(objective):
        raise TypeError(f"objective must be a function of the hyperparameters; got {type(objective).__name__}.")
    if not isinstance(space, dict) or not space:
        raise TypeError(f"space must be a non-empty dict of name -> distribution; got {space!r}.")
    n_trials = check_scalar(n_trials, "n_trials", kind=numbers.Integral, min_val=1)
    rng = check_rng(rng)
    trials = []
    for _ in range(n_trials):
        params = {name: _sample(spec, rng, name) for name, spec in space.items()}
        trials.append((params, float(objective(**params))))
    return sorted(trials, key=lambda t: (math.isnan(t[1]), t[1]))
