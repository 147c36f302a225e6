"""lazylearn.nn.functional against torch.nn.functional (float64), including extreme inputs."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from strategies import binary_targets, extreme_logits, logits_and_labels

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
        (F.log_sigmoid(x), tF.logsigmoid(t)),
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
    np.testing.assert_allclose(F.log_sigmoid(np.array([-1000.0, 1000.0])), [-1000.0, 0.0])


@pytest.mark.parametrize("fn", [F.sigmoid, F.log_sigmoid, F.softplus, F.relu, F.softmax, F.log_softmax, F.logsumexp])
def test_float32_stays_float32(fn):
    x = np.linspace(-5, 5, 12, dtype=np.float32).reshape(3, 4)
    assert fn(x).dtype == np.float32


def test_reduce_validates_and_reduces():
    v = np.array([[1.0, 2.0], [3.0, 6.0]])
    assert F._reduce(v, "none") is v
    assert F._reduce(v, "sum") == 12.0
    assert F._reduce(v, "mean") == 3.0
    assert F._reduce(v, "mean", denominator=6.0) == 2.0
    assert F._reduce(v, "batchmean", allowed=("none", "mean", "sum", "batchmean")) == 6.0
    with pytest.raises(ValueError, match="reduction must be one of 'none', 'mean', 'sum'; got 'batchmean'"):
        F._reduce(v, "batchmean")
    with pytest.raises(ValueError, match="reduction"):
        F._reduce(v, "Mean")
    assert F._reduce(v.astype(np.float32), "mean").dtype == np.float32


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


@given(st.data(), st.sampled_from([0.0, 0.25, 1.0, 2.0, 3.5]))
def test_sigmoid_focal_loss_grad_is_finite_and_matches_torch_autograd(data, gamma):
    x = data.draw(extreme_logits((4,)))
    y = data.draw(binary_targets((4,)))
    grad = F.sigmoid_focal_loss_grad(x, y, 0.25, gamma)
    assert np.all(np.isfinite(grad))
    tx = torch.tensor(x, requires_grad=True)
    ty = torch.tensor(y)
    p = torch.sigmoid(tx)
    p_t = p * ty + (1 - p) * (1 - ty)
    loss = (0.25 * ty + 0.75 * (1 - ty)) * tF.binary_cross_entropy_with_logits(tx, ty, reduction="none") * (1 - p_t) ** gamma
    loss.sum().backward()
    finite = np.isfinite(tx.grad.numpy())
    close(grad[finite], tx.grad.numpy()[finite], rtol=1e-6, atol=1e-10)


@given(logits_and_labels())
def test_cross_entropy_grad_is_softmax_minus_one_hot(xy):
    x, y = xy
    grad = F.cross_entropy_grad(x, y)
    assert np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad.sum(axis=1), 0, atol=1e-12)  # each row of softmax - onehot sums to 0
    tx = torch.tensor(x, requires_grad=True)
    tF.cross_entropy(tx, torch.tensor(y), reduction="sum").backward()
    close(grad, tx.grad, atol=1e-12)
