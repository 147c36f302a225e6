"""lazylearn.nn.functional against torch.nn.functional (float64), including extreme inputs."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given
from strategies import extreme_logits

from lazylearn.nn import _reduction
from lazylearn.nn import functional as F

tF = torch.nn.functional
RTOL = 1e-7
pytestmark = pytest.mark.filterwarnings("ignore:reduction. 'mean' divides:UserWarning")


def close(actual, expected, rtol=RTOL, atol=1e-12):
    expected = expected.detach().numpy() if isinstance(expected, torch.Tensor) else expected
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


@given(extreme_logits((3, 5)))
def test_activations_match_torch_on_extreme_inputs(x):
    t = torch.tensor(x)
    pairs = [
        (F.sigmoid(x), torch.sigmoid(t)),
        (F.logsigmoid(x), tF.logsigmoid(t)),
        (F.softplus(x), tF.softplus(t)),  # torch returns x above 20: off by < 1e-10 relative
        (F.relu(x), torch.relu(t)),
        (F.softmax(x, dim=1), torch.softmax(t, dim=1)),
        (F.softmax(x, dim=0), torch.softmax(t, dim=0)),
        (F.log_softmax(x, dim=1), torch.log_softmax(t, dim=1)),
        (F.log_softmax(x, dim=0), torch.log_softmax(t, dim=0)),
        (F.logsumexp(x, dim=1), torch.logsumexp(t, dim=1)),
        (F.logsumexp(x, dim=0, keepdim=True), torch.logsumexp(t, dim=0, keepdim=True)),
    ]
    for ours, theirs in pairs:
        assert ours.shape == tuple(theirs.shape)
        assert np.all(np.isfinite(ours))
        close(ours, theirs)


def test_logsumexp_of_minus_infinity_row_is_minus_infinity():
    x = np.array([[-np.inf, -np.inf], [0.0, np.log(3.0)]])
    np.testing.assert_allclose(F.logsumexp(x, dim=1), [-np.inf, np.log(4.0)])


def test_sigmoid_is_exact_in_both_tails():
    x = np.array([-700.0, -40.0, -3.0, 0.0, 3.0, 40.0])
    np.testing.assert_allclose(F.sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-15, atol=0)
    assert F.sigmoid(np.array([-700.0]))[0] > 0  # e^-700 itself, not a rounded 0
    assert F.sigmoid(np.array([-1000.0]))[0] == 0.0 and F.sigmoid(np.array([1000.0]))[0] == 1.0
    np.testing.assert_allclose(F.logsigmoid(np.array([-1000.0, 1000.0])), [-1000.0, 0.0])


@pytest.mark.parametrize("fn", [F.sigmoid, F.logsigmoid, F.softplus, F.relu, F.softmax, F.log_softmax, F.logsumexp])
def test_float32_stays_float32(fn):
    x = np.linspace(-5, 5, 12, dtype=np.float32).reshape(3, 4)
    assert fn(x).dtype == np.float32


def test_reduction_helper_reduces_and_differentiates(num_grad):
    v = np.array([[1.0, 2.0], [3.0, 6.0]])
    assert _reduction.reduce(v, "none") is v
    assert _reduction.reduce(v, "sum") == 12.0
    assert _reduction.reduce(v, "mean") == 3.0
    assert _reduction.reduce(v, "mean", denominator=6.0) == 2.0
    assert _reduction.reduce(v, "batchmean") == 6.0
    assert _reduction.reduce(v.astype(np.float32), "mean").dtype == np.float32
    # the derivative of each reduction, checked against central differences of reduce itself
    g = np.array([[0.5, -1.0], [2.0, 0.0]])
    for reduction, upstream in [("sum", 1.5), ("mean", 1.5), ("batchmean", 1.5), ("none", g)]:
        local = np.broadcast_to(_reduction.backward(upstream, v.shape, v.dtype, reduction), v.shape)
        def f(z, r=reduction, u=upstream):
            return np.sum(np.asarray(_reduction.reduce(z, r)) * u)
        np.testing.assert_allclose(local, num_grad(f, v), rtol=1e-7)
    assert _reduction.check("batchmean", _reduction.KL_REDUCTIONS) == "batchmean"
    with pytest.raises(ValueError, match="reduction must be one of 'none', 'mean', 'sum'; got 'batchmean'"):
        _reduction.check("batchmean")
    with pytest.raises(ValueError, match="reduction"):
        _reduction.check("Mean")
    with pytest.raises(ValueError, match="reduction"):
        _reduction.check(None)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_loss_functions_match_torch_functional(reduction):
    rng = np.random.default_rng(0)
    x, y = rng.normal(scale=3, size=(5, 4)), rng.uniform(size=(5, 4))
    labels = rng.integers(0, 4, size=5)
    w = np.array([0.3, 1.0, 2.0, 0.5])
    tx, ty, tw = torch.tensor(x), torch.tensor(y), torch.tensor(w)
    p = F.sigmoid(x)
    close(F.mse_loss(x, y, reduction), tF.mse_loss(tx, ty, reduction=reduction))
    close(F.l1_loss(x, y, reduction), tF.l1_loss(tx, ty, reduction=reduction))
    close(F.huber_loss(x, y, reduction, 0.5), tF.huber_loss(tx, ty, reduction=reduction, delta=0.5))
    close(F.binary_cross_entropy(p, y, w, reduction),
          tF.binary_cross_entropy(torch.tensor(p), ty, weight=tw, reduction=reduction))
    close(F.binary_cross_entropy_with_logits(x, y, w, reduction, pos_weight=w[::-1].copy()),
          tF.binary_cross_entropy_with_logits(tx, ty, weight=tw, reduction=reduction, pos_weight=tw.flip(0)))
    close(F.cross_entropy(x, labels, w, reduction),
          tF.cross_entropy(tx, torch.tensor(labels), weight=tw, reduction=reduction))
    q = y / y.sum(1, keepdims=True)
    close(F.cross_entropy(x, q, w, reduction), tF.cross_entropy(tx, torch.tensor(q), weight=tw, reduction=reduction))
    logq = F.log_softmax(x, dim=1)
    with np.errstate(all="ignore"):
        close(F.kl_div(logq, q, reduction), tF.kl_div(torch.tensor(logq), torch.tensor(q), reduction=reduction))


def test_sigmoid_focal_loss_has_torchvisions_signature_and_default_none():
    rng = np.random.default_rng(1)
    x, y = rng.normal(scale=2, size=(3, 4)), (rng.uniform(size=(3, 4)) < 0.5).astype(float)
    out = F.sigmoid_focal_loss(x, y)  # defaults alpha=0.25, gamma=2, reduction="none"
    assert out.shape == (3, 4)
    p = 1 / (1 + np.exp(-x))
    ce = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    p_t = p * y + (1 - p) * (1 - y)
    expected = (0.25 * y + 0.75 * (1 - y)) * ce * (1 - p_t) ** 2
    np.testing.assert_allclose(out, expected, rtol=1e-10)
    np.testing.assert_allclose(F.sigmoid_focal_loss(x, y, alpha=-1, gamma=0, reduction="mean"), ce.mean(), rtol=1e-10)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_new_functional_entries_match_torch(torch64, reduction):
    rng = np.random.default_rng(3)
    x, y = rng.normal(scale=2, size=(6, 5)), rng.normal(scale=2, size=(6, 5))
    labels = rng.integers(0, 5, size=6)
    w = np.array([0.3, 1.0, 2.0, 0.5, 1.5])
    tx, ty, tl, tw = torch.tensor(x), torch.tensor(y), torch.tensor(labels), torch.tensor(w)
    for beta in [0.0, 0.5, 1.0, 3.0]:
        close(F.smooth_l1_loss(x, y, reduction, beta), tF.smooth_l1_loss(tx, ty, reduction=reduction, beta=beta))
    q = np.abs(y) / np.abs(y).sum(1, keepdims=True)
    for eps in [0.0, 0.1, 1.0]:
        for weight, tweight in [(None, None), (w, tw)]:
            close(F.cross_entropy(x, labels, weight, reduction, label_smoothing=eps),
                  tF.cross_entropy(tx, tl, weight=tweight, reduction=reduction, label_smoothing=eps))
            close(F.cross_entropy(x, q, weight, reduction, label_smoothing=eps),
                  tF.cross_entropy(tx, torch.tensor(q), weight=tweight, reduction=reduction, label_smoothing=eps))
    close(F.kl_div(F.log_softmax(x, dim=1), q, "batchmean"),
          tF.kl_div(torch.log_softmax(tx, dim=1), torch.tensor(q), reduction="batchmean"))


def test_functional_entries_take_lists_tuples_and_numbers(torch64):
    assert float(F.cross_entropy([[0.0, 0.0], [0.0, 0.0]], [0, 1])) == pytest.approx(np.log(2))
    assert float(F.cross_entropy(np.zeros((2, 3)), (0, 2))) == pytest.approx(np.log(3))
    close(F.cross_entropy([[1.0, 2.0]], [[0.25, 0.75]]),
          tF.cross_entropy(torch.tensor([[1.0, 2.0]]), torch.tensor([[0.25, 0.75]])))
    assert float(F.mse_loss(3, 1)) == 4.0
    assert float(F.binary_cross_entropy_with_logits([0.0], (1,))) == pytest.approx(np.log(2))
    assert float(F.binary_cross_entropy([0.5], [1])) == pytest.approx(np.log(2))
    assert float(F.kl_div([0.0], [1.0], "sum")) == 0.0
    np.testing.assert_allclose(F.sigmoid_focal_loss([0.0], [1]), [0.25 * 0.25 * np.log(2)])
    np.testing.assert_allclose(F.softmax([1, 1]), [0.5, 0.5])
    np.testing.assert_allclose(F.log_softmax((0, 0)), np.log([0.5, 0.5]))
    np.testing.assert_allclose(F.logsumexp([0, 0]), np.log(2))
    np.testing.assert_allclose(F.sigmoid(0), 0.5)
    np.testing.assert_allclose(F.logsigmoid([0]), [-np.log(2)])
    np.testing.assert_allclose(F.relu([-1, 2]), [0, 2])
    assert float(F.jaccard_loss([[1000.0]], [[1.0]])) == 0.0
    assert float(F.dice_loss([[1000.0]], [[1.0]])) == 0.0
    assert float(F.softmax_focal_loss([[0.0, 0.0]], [1], gamma=0.0, reduction="sum")) == pytest.approx(np.log(2))


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: F.cross_entropy([[0.0, 1.0]], ["a"]), TypeError, "target must hold integer class labels"),
        (lambda: F.cross_entropy([[0.0, 1.0]], [2]), ValueError, r"target must hold class labels in \[0, 1\]"),
        (lambda: F.cross_entropy([0.0, 1.0], [1]), ValueError, r"input of shape \(N, C\)"),
        (lambda: F.cross_entropy("x", [1]), TypeError, "input must be an array of numbers"),
        (lambda: F.cross_entropy([[0.0, 1.0]], [1], label_smoothing=1.5), ValueError, "label_smoothing"),
        (lambda: F.cross_entropy([[0.0, 1.0]], [1], [1.0]), ValueError, r"weight must have one entry per class \(2\)"),
        (lambda: F.cross_entropy([[0.0, 1.0]], [1], reduction="avg"), ValueError, "reduction must be one of"),
        (lambda: F.mse_loss([1.0, 2.0], [1.0]), ValueError, "input and target must have the same shape"),
        (lambda: F.mse_loss(None, [1.0]), TypeError, "input must be an array of numbers"),
        (lambda: F.mse_loss([1.0], [np.nan]), ValueError, "target must be finite"),
        (lambda: F.smooth_l1_loss([1.0], [1.0], beta=-1.0), ValueError, "beta must be a float in"),
        (lambda: F.huber_loss([1.0], [1.0], delta=0.0), ValueError, "delta must be a float in"),
        (lambda: F.msle_loss([-1.0], [1.0]), ValueError, r"input > -1"),
        (lambda: F.binary_cross_entropy([1.5], [1.0]), ValueError, "input must hold probabilities"),
        (lambda: F.binary_cross_entropy_with_logits([0.0], [2.0]), ValueError, "target must hold probabilities"),
        (lambda: F.binary_cross_entropy_with_logits([0.0, 1.0], [0.0, 1.0], pos_weight=[1.0, 2.0, 3.0]),
         ValueError, "pos_weight must broadcast"),
        (lambda: F.kl_div([0.0], [1.0], "bad"), ValueError, "'batchmean'"),
        (lambda: F.kl_div([0.0], [1.0], log_target=1), TypeError, "log_target must be a bool"),
        (lambda: F.sigmoid_focal_loss([0.0], [1.0], alpha=2.0), ValueError, "alpha must be a float in"),
        (lambda: F.sigmoid_focal_loss([0.0], [1.0], gamma=-1), ValueError, "gamma must be a float in"),
        (lambda: F.softmax_focal_loss([[0.0, 1.0]], [1], alpha=[1.0]), ValueError, r"alpha must have one entry"),
        (lambda: F.jaccard_loss([[0.0]], [[1.0]], smooth=0), ValueError, "smooth must be a float in"),
        (lambda: F.softmax([[0.0, 1.0]], dim=2), ValueError, r"dim must be in \[-2, 1\]"),
        (lambda: F.logsumexp([0.0], dim=1.5), TypeError, "dim must be an int"),
        (lambda: F.sigmoid("abc"), TypeError, "input must be an array of numbers"),
    ],
)
def test_functional_bad_input_names_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_bce_with_logits_is_accurate_where_the_loss_is_tiny():
    """y = 1, x = 30 (and its mirror y = 0, x = -30): about 9.36e-14, computed without cancellation.

    softplus(x) - x y cancels there and keeps two digits (9.24e-14); the reference is
    log1p(exp(-30)) in Python floats, a different formula.
    """
    exact = math.log1p(math.exp(-30.0))
    for x, y in ((30.0, 1.0), (-30.0, 0.0)):
        value = float(F.binary_cross_entropy_with_logits([x], [y]))
        assert value == pytest.approx(exact, rel=1e-14), (x, y, value)
        pw = float(F.binary_cross_entropy_with_logits([x], [y], pos_weight=[3.0]))
        assert pw == pytest.approx(exact * (3.0 if y else 1.0), rel=1e-14), (x, y, pw)
    # soft targets: y softplus(-x) + (1 - y) softplus(x), term by term
    x, y = np.array([30.0, -30.0, 2.0]), np.array([0.25, 0.75, 0.5])
    def softplus(v):
        return max(v, 0.0) + math.log1p(math.exp(-abs(v)))

    want = [yi * softplus(-xi) + (1 - yi) * softplus(xi) for xi, yi in zip(x.tolist(), y.tolist(), strict=True)]
    np.testing.assert_allclose(F.binary_cross_entropy_with_logits(x, y, reduction="none"), want, rtol=1e-14)
