"""Shared pytest configuration: the hypothesis profile and small helpers used across test files."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

# Property tests run few, undeadlined examples so the suite stays fast on two CI cores.
settings.register_profile(
    "ci", deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", deadline=None, max_examples=500)
settings.load_profile("ci")


@pytest.fixture
def torch64():
    """PyTorch with float64 as default dtype for the duration of one test."""
    import torch

    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        yield torch
    finally:
        torch.set_default_dtype(old)


def numerical_gradient(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of the scalar function ``f`` at ``x`` (float64), element by element."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = float(f(x))
        flat[i] = old - eps
        down = float(f(x))
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad


@pytest.fixture
def num_grad():
    """The central-difference gradient helper, as a fixture."""
    return numerical_gradient
