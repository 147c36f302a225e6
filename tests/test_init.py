"""lazylearn.init: bounds, variances, reproducibility, and calculate_gain against torch."""
from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
import torch

import lazylearn.init as init
from lazylearn.nn import Parameter


@pytest.mark.parametrize(
    "name, param",
    [("linear", None), ("conv1d", None), ("conv2d", None), ("conv3d", None), ("conv_transpose1d", None),
     ("conv_transpose2d", None), ("conv_transpose3d", None), ("sigmoid", None), ("tanh", None),
     ("relu", None), ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", 3), ("selu", None)],
)
def test_calculate_gain_matches_torch(name, param):
    assert init.calculate_gain(name, param) == pytest.approx(torch.nn.init.calculate_gain(name, param), rel=1e-15)


def test_calculate_gain_errors():
    with pytest.raises(ValueError, match="Unsupported nonlinearity 'softplus'"):
        init.calculate_gain("softplus")
    with pytest.raises(ValueError, match="negative_slope True not a valid number"):
        init.calculate_gain("leaky_relu", True)
    with pytest.raises(ValueError, match="negative_slope 0.1 not a valid number"):
        init.calculate_gain("leaky_relu", "0.1")


# (function, expected std, uniform bound or None) for a weight of shape (fan_out, fan_in) = (300, 200)
FAN_OUT, FAN_IN = 300, 200
CASES = [
    (lambda s, rng: init.xavier_uniform(s, rng=rng), math.sqrt(2 / 500), math.sqrt(6 / 500)),
    (lambda s, rng: init.xavier_uniform(s, gain=5 / 3, rng=rng), 5 / 3 * math.sqrt(2 / 500), 5 / 3 * math.sqrt(6 / 500)),
    (lambda s, rng: init.xavier_normal(s, rng=rng), math.sqrt(2 / 500), None),
    (lambda s, rng: init.xavier_normal(s, rng, gain=2.0), 2 * math.sqrt(2 / 500), None),
    (lambda s, rng: init.he_uniform(s, rng), math.sqrt(2 / 200), math.sqrt(6 / 200)),
    (lambda s, rng: init.he_uniform(s, rng, mode="fan_out"), math.sqrt(2 / 300), math.sqrt(6 / 300)),
    (lambda s, rng: init.he_normal(s, rng), math.sqrt(2 / 200), None),
    (lambda s, rng: init.he_normal(s, rng, nonlinearity="tanh"), 5 / 3 / math.sqrt(200), None),
    (lambda s, rng: init.he_normal(s, rng, a=0.5), math.sqrt(2 / 1.25 / 200), None),
]


@pytest.mark.parametrize("make, std, bound", CASES)
def test_shape_bound_std_and_reproducibility(make, std, bound):
    w = make((FAN_OUT, FAN_IN), 0)
    assert w.shape == (FAN_OUT, FAN_IN) and w.dtype == np.float64
    assert abs(w.mean()) < 4 * std / math.sqrt(w.size)
    assert w.std() == pytest.approx(std, rel=0.02)  # 60000 samples: the std's relative error is ~0.3%
    if bound is not None:
        assert np.abs(w).max() <= bound
        assert np.abs(w).max() > 0.999 * bound  # the bound is reached, not a narrower interval
    else:
        assert np.abs(w).max() > 3.5 * std  # normal tails, not a uniform
    np.testing.assert_array_equal(w, make((FAN_OUT, FAN_IN), 0))
    np.testing.assert_array_equal(w, make((FAN_OUT, FAN_IN), np.random.default_rng(0)))
    assert not np.array_equal(w, make((FAN_OUT, FAN_IN), 1))


def test_same_scales_as_torch_for_conv_shaped_weights():
    shape = (16, 8, 3, 3)  # fan_in = 8*9 = 72, fan_out = 16*9 = 144
    torch.manual_seed(0)
    for ours, theirs in [
        (lambda s: init.xavier_uniform(s, rng=0), torch.nn.init.xavier_uniform_),
        (lambda s: init.he_normal(s, 0), torch.nn.init.kaiming_normal_),
        (lambda s: init.he_uniform(s, 0, mode="fan_out", nonlinearity="relu"),
         lambda x: torch.nn.init.kaiming_uniform_(x, mode="fan_out", nonlinearity="relu")),
    ]:
        # same fans: compare the std of large samples drawn with both
        big = (200, *shape[1:])
        ref = theirs(torch.empty(*big, dtype=torch.float64)).numpy().std()
        assert ours(big).std() == pytest.approx(ref, rel=0.03)


def test_in_place_versions_fill_parameters_and_arrays():
    p = Parameter(np.zeros((30, 20)))
    data = p.data
    assert init.xavier_uniform_(p, rng=3) is p
    assert p.data is data
    np.testing.assert_array_equal(p.data, init.xavier_uniform((30, 20), rng=3))
    a = np.zeros((30, 20), dtype=np.float32)
    assert init.kaiming_normal_(a, rng=4) is a
    assert a.dtype == np.float32
    np.testing.assert_allclose(a, init.he_normal((30, 20), 4).astype(np.float32))
    init.xavier_normal_(a, gain=2.0, rng=5)
    np.testing.assert_allclose(a, init.xavier_normal((30, 20), 5, gain=2.0).astype(np.float32))
    init.kaiming_uniform_(p, a=0.1, mode="fan_out", nonlinearity="leaky_relu", rng=6)
    np.testing.assert_array_equal(p.data, init.he_uniform((30, 20), 6, a=0.1, mode="fan_out"))


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform((5,))
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.kaiming_normal_(np.zeros(5))
    with pytest.raises(ValueError, match="shape must hold non-negative ints"):
        init.he_normal((3, -1))
    with pytest.raises(TypeError, match="shape must be a tuple of ints"):
        init.xavier_normal(None)
    with pytest.raises(ValueError, match="mode must be 'fan_in' or 'fan_out'; got 'fan_avg'"):
        init.he_uniform((3, 4), mode="fan_avg")
    with pytest.raises(ValueError, match="with a zero fan_in"):
        init.he_uniform((3, 0))
    with pytest.raises(ValueError, match=r"gain must be a float in \[0, inf\)"):
        init.xavier_uniform((3, 4), gain=-1.0)
    with pytest.raises(TypeError, match="gain must be a float"):
        init.xavier_uniform((3, 4), gain=np.random.default_rng(0))
    # all four take (shape, rng): a positional seed is the seed, never the gain
    for fn in (init.xavier_uniform, init.xavier_normal, init.he_uniform, init.he_normal):
        np.testing.assert_array_equal(fn((30, 20), 7), fn((30, 20), rng=7))
        assert np.abs(fn((30, 20), 7)).max() < 1.5, fn.__name__
    with pytest.raises(TypeError):
        init.xavier_uniform((3, 4), 0, 1.0)  # gain is keyword-only
    with pytest.raises(TypeError, match="rng must be None, an int seed or a numpy Generator"):
        init.he_normal((3, 4), rng="seed")
    with pytest.raises(TypeError, match="tensor must be a Parameter or a float ndarray; got ndarray of dtype int64"):
        init.xavier_uniform_(np.zeros((3, 4), dtype=np.int64))
    with pytest.raises(TypeError, match="tensor must be a Parameter or a float ndarray; got list"):
        init.xavier_uniform_([[0.0, 0.0]])


def test_docstring_examples_run():
    result = doctest.testmod(init, raise_on_error=False)
    assert result.failed == 0 and result.attempted >= 6


# -- prior_bias (RetinaNet's prior probability init) -------------------------------------------------
@pytest.mark.parametrize("pi", [1e-6, 0.01, 0.25, 0.5, 0.9, 1 - 1e-9])
def test_prior_bias_makes_the_sigmoid_equal_pi(pi):
    b = init.prior_bias(pi)
    assert isinstance(b, float)
    assert torch.sigmoid(torch.tensor(b, dtype=torch.float64)).item() == pytest.approx(pi, rel=1e-12)
    assert b == pytest.approx(-math.log((1 - pi) / pi), rel=1e-12, abs=1e-15)


def test_prior_bias_default_and_bad_input():
    assert init.prior_bias() == pytest.approx(-math.log(99), rel=1e-15)
    for bad in (0, 1, -0.1, 1.5):
        with pytest.raises(ValueError, match=r"pi must be a float in \(0, 1\)"):
            init.prior_bias(bad)
    with pytest.raises(TypeError, match="pi must be"):
        init.prior_bias("0.01")

