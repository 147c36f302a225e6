"""lazylearn.regularization: penalties, clipping (against torch), early stopping."""
from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from strategies import arrays

import lazylearn.regularization as reg
from lazylearn.nn import Linear, Parameter
from lazylearn.optim import SGD


# -- penalties -------------------------------------------------------------------------------------
def _weights(seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(3, 4)), rng.normal(size=4), np.array([0.0, 1.5, -2.0])]


def _params(ws):
    return [Parameter(w.copy()) for w in ws]


def test_penalty_values_and_gradients_against_torch_autograd():
    ws, lam = _weights(), 0.3
    ts = [torch.tensor(w, requires_grad=True) for w in ws]
    l2 = lam / 2 * sum((t**2).sum() for t in ts)
    l1 = lam * sum(t.abs().sum() for t in ts)
    assert reg.l2_penalty(ws, lam) == pytest.approx(l2.item(), rel=1e-14)
    assert reg.l1_penalty(ws, lam) == pytest.approx(l1.item(), rel=1e-14)
    g2 = torch.autograd.grad(l2, ts)
    g1 = torch.autograd.grad(l1, ts)
    p2, p1 = _params(ws), _params(ws)
    reg.add_l2_grad_(p2, lam)  # grads were None: treated as zeros
    reg.add_l1_grad_(p1, lam)
    for p, ref in zip(p2, g2, strict=False):
        np.testing.assert_allclose(p.grad, ref.numpy(), rtol=1e-14)
    for p, ref in zip(p1, g1, strict=False):
        np.testing.assert_array_equal(p.grad, ref.numpy())  # including sign(0) = 0
    assert p1[2].grad[0] == 0.0


def test_add_grad_adds_to_the_data_gradient_in_place():
    p = Parameter(np.array([2.0, -1.0, 0.0]))
    g = np.array([0.1, 0.2, 0.3])
    p.grad = g
    reg.add_l2_grad_(p, 0.5)
    assert p.grad is g
    np.testing.assert_allclose(p.grad, [1.1, -0.3, 0.3])
    reg.add_l1_grad_([p], 0.1)
    np.testing.assert_allclose(p.grad, [1.2, -0.4, 0.3])
    f = Parameter(np.ones(2, dtype=np.float32))
    reg.add_l2_grad_([f], 0.5)
    assert f.grad.dtype == np.float32


@given(arrays((5,), limit=5.0), st.floats(0, 2))
def test_penalty_gradients_against_central_differences(w, lam):
    from conftest import numerical_gradient

    p = Parameter(w.copy())
    reg.add_l2_grad_(p, lam)
    np.testing.assert_allclose(p.grad, numerical_gradient(lambda v: reg.l2_penalty(v, lam), w), rtol=1e-5, atol=1e-6)
    away = w[np.abs(w) > 1e-3]  # |w| has no derivative at 0
    q = Parameter(away.copy())
    reg.add_l1_grad_(q, lam)
    np.testing.assert_allclose(q.grad, numerical_gradient(lambda v: reg.l1_penalty(v, lam), away), rtol=1e-5,
                               atol=1e-6)


def test_penalties_accept_parameters_and_single_arrays():
    p = Parameter(np.array([[1.0, -3.0]]))
    assert reg.l2_penalty(p, 2.0) == 10.0 and reg.l1_penalty([p], 2.0) == 8.0
    model = Linear(3, 2, rng=0)
    w, b = model.weight.data, model.bias.data
    assert reg.l2_penalty(model.parameters(), 0.5) == pytest.approx(0.25 * ((w**2).sum() + (b**2).sum()))
    model.weight.grad = np.full_like(w, 1e3)  # the penalty reads the weights, not the grads
    assert reg.l2_penalty(model.parameters(), 0.5) == pytest.approx(0.25 * ((w**2).sum() + (b**2).sum()))


def test_add_l2_grad_then_sgd_is_torchs_sgd_with_weight_decay():
    lam, rng = 0.2, np.random.default_rng(1)
    w0, grads = rng.normal(size=(4, 3)), rng.normal(size=(25, 4, 3))
    a = Parameter(w0.copy())
    opt_a = SGD([a], lr=0.1, momentum=0.9)
    t = torch.tensor(w0.copy(), requires_grad=True)
    opt_t = torch.optim.SGD([t], lr=0.1, momentum=0.9, weight_decay=lam, foreach=False)
    for g in grads:
        a.grad = g.copy()
        reg.add_l2_grad_([a], lam)
        t.grad = torch.tensor(g.copy())
        opt_a.step(), opt_t.step()
    np.testing.assert_allclose(a.data, t.detach().numpy(), rtol=1e-12, atol=1e-14)
    assert not np.allclose(a.data, w0, atol=0.1)


def test_soft_threshold_zeroes_the_small_weights_and_never_flips_a_sign():
    rng = np.random.default_rng(0)
    w = rng.normal(size=1000) * 0.3
    w[:10] = 0.0
    before = w.copy()
    p = Parameter(w)
    assert reg.soft_threshold_([p], 0.1) is None and p.data is w  # in place
    small = np.abs(before) <= 0.1
    assert np.all(w[small] == 0.0) and not np.signbit(w[small]).any()
    np.testing.assert_allclose(w[~small], before[~small] - 0.1 * np.sign(before[~small]), rtol=1e-15)
    assert np.all(np.sign(w[~small]) == np.sign(before[~small]))
    # against torch's softshrink, the same operator
    np.testing.assert_array_equal(w, torch.nn.functional.softshrink(torch.tensor(before), 0.1).numpy())
    f = np.array([0.5, -0.5], dtype=np.float32)
    reg.soft_threshold_(f, 0.2)
    assert f.dtype == np.float32 and np.allclose(f, [0.3, -0.3])


def test_proximal_l1_gives_exact_zeros_where_the_subgradient_jitters():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 10))
    y = X[:, :2] @ np.array([3.0, -2.0]) + 0.1 * rng.normal(size=100)
    lam, lr = 1.0, 0.05
    prox, sub = Parameter(np.zeros(10)), Parameter(np.zeros(10))
    for _ in range(500):
        for p in (prox, sub):
            p.grad = X.T @ (X @ p.data - y) / len(X)
        reg.add_l1_grad_(sub, lam)
        sub.data -= lr * sub.grad
        prox.data -= lr * prox.grad
        reg.soft_threshold_(prox, lr * lam)
    assert np.count_nonzero(prox.data[2:] == 0.0) == 8 and np.all(prox.data[:2] != 0)
    assert np.count_nonzero(sub.data[2:] == 0.0) < 8


def test_penalty_errors():
    with pytest.raises(ValueError, match=r"weight_decay must be a float in \[0, inf\); got -0.1"):
        reg.l2_penalty([np.ones(2)], -0.1)
    with pytest.raises(ValueError, match=r"weight must be a float in \[0, inf\)"):
        reg.add_l1_grad_([Parameter(np.ones(2))], -1)
    with pytest.raises(ValueError, match=r"threshold must be a float in \[0, inf\)"):
        reg.soft_threshold_(np.ones(2), -1)
    with pytest.raises(TypeError, match="parameters must be a Parameter, an array or an iterable"):
        reg.l1_penalty(3.0, 0.1)
    with pytest.raises(TypeError, match=r"parameters\[0\] must be an array of numbers"):
        reg.l1_penalty(["a"], 0.1)
    with pytest.raises(TypeError, match=r"parameters\[0\] must be a Parameter \(with a .grad\); got ndarray"):
        reg.add_l2_grad_([np.ones(2)], 0.1)
    with pytest.raises(TypeError, match=r"parameters\[0\] must be a Parameter or a float ndarray"):
        reg.soft_threshold_(np.ones(2, dtype=int), 0.1)


# -- clipping --------------------------------------------------------------------------------------
def _grad_pairs(grads):
    ours, theirs = [], []
    for g in grads:
        p = Parameter(np.zeros(np.shape(g) if g is not None else (2,)))
        p.grad = None if g is None else np.array(g, dtype=np.float64)
        t = torch.zeros(p.data.shape, dtype=torch.float64, requires_grad=True)
        t.grad = None if g is None else torch.tensor(g, dtype=torch.float64)
        ours.append(p), theirs.append(t)
    return ours, theirs


@pytest.mark.parametrize("norm_type", [2.0, 1, float("inf"), "inf", 3.0, 0.5])
@pytest.mark.parametrize("max_norm", [0.5, 1e3, 0.0])
def test_clip_grad_norm_matches_torch(norm_type, max_norm):
    rng = np.random.default_rng(2)
    ours, theirs = _grad_pairs([rng.normal(size=(3, 4)), None, rng.normal(size=5), -4 * rng.random(size=(2, 2))])
    total = reg.clip_grad_norm_(ours, max_norm, norm_type)
    ref = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type, foreach=False)
    assert isinstance(total, float)
    assert total == pytest.approx(ref.item(), rel=1e-12)
    for p, t in zip(ours, theirs, strict=False):
        if t.grad is None:
            assert p.grad is None
        else:
            np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-12, atol=1e-300)


@given(st.lists(arrays(st.tuples(st.integers(1, 4), st.integers(1, 3)), limit=100.0), min_size=1, max_size=3),
       st.floats(0.01, 50.0), st.sampled_from([1.0, 2.0, math.inf]))
def test_clip_grad_norm_matches_torch_property(grads, max_norm, norm_type):
    ours, theirs = _grad_pairs(grads)
    total = reg.clip_grad_norm(ours, max_norm, norm_type)
    ref = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    assert total == pytest.approx(ref.item(), rel=1e-12, abs=1e-300)
    for p, t in zip(ours, theirs, strict=False):
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-12, atol=1e-300)


def test_clip_grad_norm_single_parameter_no_grads_and_nonfinite():
    p = Parameter(np.zeros(2))
    p.grad = np.array([3.0, 4.0])
    assert reg.clip_grad_norm_(p, 10.0) == 5.0
    np.testing.assert_allclose(p.grad, [3.0, 4.0])  # coefficient clamped to 1
    assert reg.clip_grad_norm_([Parameter(np.zeros(2))], 1.0) == 0.0
    p.grad = np.array([np.inf, 1.0])
    with pytest.raises(RuntimeError, match="is non-finite, so it cannot be clipped"):
        reg.clip_grad_norm_(p, 1.0, error_if_nonfinite=True)
    assert reg.clip_grad_norm_(p, 1.0) == math.inf


def test_clip_grad_value_matches_torch():
    rng = np.random.default_rng(3)
    ours, theirs = _grad_pairs([3 * rng.normal(size=(4, 4)), None, rng.normal(size=3)])
    grad_ids = [id(p.grad) for p in ours]
    reg.clip_grad_value_(ours, 0.7)
    torch.nn.utils.clip_grad_value_(theirs, 0.7)
    for p, t, gid in zip(ours, theirs, grad_ids, strict=False):
        if t.grad is not None:
            np.testing.assert_array_equal(p.grad, t.grad.numpy())
            assert id(p.grad) == gid  # in place
    assert np.abs(ours[0].grad).max() == 0.7


def test_clipping_errors():
    p = Parameter(np.zeros(2))
    p.grad = np.ones(2)
    with pytest.raises(ValueError, match=r"max_norm must be a float in \[0, inf\); got -1"):
        reg.clip_grad_norm_([p], -1)
    with pytest.raises(ValueError, match=r"norm_type must be a float in \(0, inf\)"):
        reg.clip_grad_norm_([p], 1.0, norm_type=0)
    with pytest.raises(TypeError, match=r"parameters\[0\] must be a Parameter \(with a .grad\); got ndarray"):
        reg.clip_grad_norm_([np.ones(2)], 1.0)
    with pytest.raises(ValueError, match="clip_value must be a float"):
        reg.clip_grad_value_([p], -0.5)




def test_docstring_examples_run():
    result = doctest.testmod(reg, raise_on_error=False)
    assert result.failed == 0 and result.attempted >= 10
