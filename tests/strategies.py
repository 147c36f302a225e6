"""Hypothesis strategies shared by the test files: bounded float arrays, (N, C) shapes, labels."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

__all__ = ["floats", "arrays", "batch_shapes", "logits_and_labels", "extreme_logits", "binary_targets"]


def floats(limit: float = 10.0):
    """Finite float64 values in [-limit, limit]."""
    return st.floats(-limit, limit, allow_nan=False, allow_infinity=False, width=64)


def batch_shapes(min_n: int = 1, max_n: int = 6, min_c: int = 1, max_c: int = 6):
    """(N, C) shapes."""
    return st.tuples(st.integers(min_n, max_n), st.integers(min_c, max_c))


def arrays(shape, limit: float = 10.0):
    """float64 arrays of ``shape`` (a tuple or a strategy) with values in [-limit, limit]."""
    return hnp.arrays(np.float64, shape, elements=floats(limit))


def extreme_logits(shape):
    """Logits that mix ordinary values with the extremes +-1000, +-100, +-40."""
    special = st.sampled_from([-1000.0, 1000.0, -100.0, 100.0, -40.0, 40.0, 0.0])
    return hnp.arrays(np.float64, shape, elements=st.one_of(special, floats(50.0)))


@st.composite
def logits_and_labels(draw, max_n: int = 6, max_c: int = 5, extreme: bool = True):
    """(logits (N, C), labels (N,)) with C >= 2."""
    n = draw(st.integers(1, max_n))
    c = draw(st.integers(2, max_c))
    logits = draw(extreme_logits((n, c)) if extreme else arrays((n, c)))
    labels = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, c - 1)))
    return logits, labels


def binary_targets(shape):
    """0/1 float64 targets."""
    return hnp.arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0]))
