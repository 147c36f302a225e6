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


# (function, expected std, uniform bound or None) for a weight of shape (fan_out, fan_in) = (300, 200),
# the std from torch.nn.init's formulas: xavier gain*sqrt(2/(fan_in+fan_out)), kaiming gain/sqrt(fan)
FAN_OUT, FAN_IN = 300, 200


def _torch_std(kind, **kw):
    gain = kw.get("gain", 1.0)
    if kind == "xavier":
        return gain * math.sqrt(2.0 / (FAN_IN + FAN_OUT))
    fan = FAN_IN if kw.get("mode", "fan_in") == "fan_in" else FAN_OUT
    return torch.nn.init.calculate_gain(kw.get("nonlinearity", "leaky_relu"), kw.get("a", 0)) / math.sqrt(fan)


CASES = [
    (lambda s, rng: init.xavier_uniform_(np.empty(s), rng=rng), _torch_std("xavier"), True),
    (lambda s, rng: init.xavier_uniform_(np.empty(s), 5 / 3, rng=rng), _torch_std("xavier", gain=5 / 3), True),
    (lambda s, rng: init.xavier_normal_(np.empty(s), rng=rng), _torch_std("xavier"), False),
    (lambda s, rng: init.xavier_normal_(np.empty(s), 2.0, rng=rng), _torch_std("xavier", gain=2.0), False),
    (lambda s, rng: init.kaiming_uniform_(np.empty(s), rng=rng), _torch_std("kaiming"), True),
    (lambda s, rng: init.kaiming_uniform_(np.empty(s), 0, "fan_out", rng=rng), _torch_std("kaiming", mode="fan_out"),
     True),
    (lambda s, rng: init.kaiming_uniform_(np.empty(s), 0.3, "fan_in", "leaky_relu", rng=rng),
     _torch_std("kaiming", a=0.3), True),
    (lambda s, rng: init.kaiming_normal_(np.empty(s), rng=rng), _torch_std("kaiming"), False),
    (lambda s, rng: init.kaiming_normal_(np.empty(s), nonlinearity="tanh", rng=rng),
     _torch_std("kaiming", nonlinearity="tanh"), False),
    (lambda s, rng: init.kaiming_normal_(np.empty(s), 0.5, rng=rng), _torch_std("kaiming", a=0.5), False),
    (lambda s, rng: init.kaiming_normal_(np.empty(s), 0, "fan_out", "relu", rng=rng),
     _torch_std("kaiming", mode="fan_out", nonlinearity="relu"), False),
    (lambda s, rng: init.xavier_uniform(s, rng=rng), _torch_std("xavier"), True),
    (lambda s, rng: init.xavier_uniform(s, 1.5, rng), _torch_std("xavier", gain=1.5), True),
    (lambda s, rng: init.kaiming_normal(s, rng=rng), _torch_std("kaiming"), False),
    (lambda s, rng: init.kaiming_normal(s, 0.5, "fan_out", rng), _torch_std("kaiming", a=0.5, mode="fan_out"), False),
    (lambda s, rng: init.normal_(np.empty(s), 0.0, 0.01, rng=rng), 0.01, False),
    (lambda s, rng: init.uniform_(np.empty(s), -0.2, 0.2, rng=rng), 0.2 / math.sqrt(3), True),
]


@pytest.mark.parametrize("make, std, uniform", CASES)
def test_shape_bound_std_and_reproducibility(make, std, uniform):
    state = np.random.get_state()[1].copy()
    w = make((FAN_OUT, FAN_IN), 0)
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # the global generator is untouched
    assert w.shape == (FAN_OUT, FAN_IN) and w.dtype == np.float64
    assert abs(w.mean()) < 4 * std / math.sqrt(w.size)
    assert w.std() == pytest.approx(std, rel=0.01)  # 60000 samples: the std's relative error is ~0.3%
    if uniform:
        bound = math.sqrt(3) * std
        assert np.abs(w).max() <= bound
        assert np.abs(w).max() > 0.999 * bound  # the bound is reached, not a narrower interval
    else:
        assert np.abs(w).max() > 3.5 * std  # normal tails, not a uniform
    np.testing.assert_array_equal(w, make((FAN_OUT, FAN_IN), 0))
    np.testing.assert_array_equal(w, make((FAN_OUT, FAN_IN), np.random.default_rng(0)))
    assert not np.array_equal(w, make((FAN_OUT, FAN_IN), 1))


def test_same_scales_as_torch_for_conv_shaped_weights():
    shape = (200, 8, 3, 3)  # fan_in = 8*9 = 72, fan_out = 200*9
    torch.manual_seed(0)
    for ours, theirs in [
        (lambda x: init.xavier_uniform_(x, rng=0), torch.nn.init.xavier_uniform_),
        (lambda x: init.kaiming_normal_(x, rng=0), torch.nn.init.kaiming_normal_),
        (lambda x: init.kaiming_uniform_(x, mode="fan_out", nonlinearity="relu", rng=0),
         lambda x: torch.nn.init.kaiming_uniform_(x, mode="fan_out", nonlinearity="relu")),
    ]:
        # same fans: compare the std of large samples drawn with both
        ref = theirs(torch.empty(*shape, dtype=torch.float64)).numpy().std()
        assert ours(np.empty(shape)).std() == pytest.approx(ref, rel=0.03)


def test_in_place_versions_fill_parameters_and_arrays_and_return_them():
    p = Parameter(np.zeros((30, 20)))
    data = p.data
    assert init.xavier_uniform_(p, rng=3) is p
    assert p.data is data
    np.testing.assert_array_equal(p.data, init.xavier_uniform((30, 20), rng=3))
    a = np.zeros((30, 20), dtype=np.float32)
    assert init.kaiming_normal_(a, rng=4) is a
    assert a.dtype == np.float32
    np.testing.assert_allclose(a, init.kaiming_normal((30, 20), rng=4).astype(np.float32))
    assert init.constant_(p, 0.25) is p and np.all(p.data == 0.25) and p.data is data
    assert init.zeros_(a) is a and not a.any() and a.dtype == np.float32
    assert np.all(init.ones_(p).data == 1.0)
    assert init.normal_(p, 3.0, 0.0, rng=0) is p and np.all(p.data == 3.0)
    assert init.uniform_(a, 2.0, 2.0, rng=0) is a and np.all(a == 2.0)


def test_argument_order_is_torchs():
    # positional arguments mean what they mean in torch.nn.init; rng is keyword-only there
    a = init.kaiming_uniform_(np.empty((300, 200)), 0.5, "fan_out", "leaky_relu", rng=0)
    assert a.std() == pytest.approx(_torch_std("kaiming", a=0.5, mode="fan_out"), rel=0.01)
    b = init.xavier_normal_(np.empty((300, 200)), 3.0, rng=0)
    assert b.std() == pytest.approx(_torch_std("xavier", gain=3.0), rel=0.01)
    with pytest.raises(TypeError):
        init.xavier_uniform_(np.empty((3, 4)), 1.0, 0)  # rng is keyword-only
    with pytest.raises(TypeError):
        init.kaiming_normal_(np.empty((3, 4)), 0, "fan_in", "relu", 0)
    # the shape-taking forms of chapter 6: xavier_uniform(shape, gain, rng), kaiming_normal(shape, a, mode, rng)
    np.testing.assert_array_equal(init.xavier_uniform((30, 20), 1.0, 7), init.xavier_uniform((30, 20), rng=7))
    np.testing.assert_array_equal(init.kaiming_normal((30, 20), 0.0, "fan_in", 7), init.kaiming_normal((30, 20), rng=7))
    assert not hasattr(init, "he_normal") and not hasattr(init, "he_uniform")


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform((5,))
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.kaiming_normal_(np.zeros(5))
    with pytest.raises(ValueError, match="shape must hold non-negative ints"):
        init.kaiming_normal((3, -1))
    with pytest.raises(TypeError, match="shape must be a tuple of ints"):
        init.xavier_uniform(None)
    with pytest.raises(ValueError, match="mode must be 'fan_in' or 'fan_out'; got 'fan_avg'"):
        init.kaiming_uniform_(np.zeros((3, 4)), mode="fan_avg")
    with pytest.raises(ValueError, match="with a zero fan_in"):
        init.kaiming_normal((3, 0))
    with pytest.raises(ValueError, match=r"gain must be a float in \[0, inf\)"):
        init.xavier_uniform((3, 4), gain=-1.0)
    with pytest.raises(TypeError, match="gain must be a float"):
        init.xavier_uniform_(np.zeros((3, 4)), np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng must be None, an int seed or a numpy Generator"):
        init.kaiming_normal((3, 4), rng="seed")
    with pytest.raises(TypeError, match="tensor must be a Parameter or a float ndarray; got ndarray of dtype int64"):
        init.xavier_uniform_(np.zeros((3, 4), dtype=np.int64))
    with pytest.raises(TypeError, match="tensor must be a Parameter or a float ndarray; got list"):
        init.zeros_([[0.0, 0.0]])
    with pytest.raises(ValueError, match=r"std must be a float in \[0, inf\)"):
        init.normal_(np.zeros(3), 0.0, -1.0)
    with pytest.raises(ValueError, match="b must be a float in"):
        init.uniform_(np.zeros(3), 1.0, 0.0)


def test_docstring_examples_run():
    result = doctest.testmod(init, raise_on_error=False)
    assert result.failed == 0 and result.attempted >= 10


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

