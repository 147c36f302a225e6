"""The PyTorch side of the comparisons chapter 4 makes (book/ch04-choosing-a-loss.md).

The book is built without PyTorch, so the page shows lazylearn's numbers and says that they are
PyTorch's; these tests hold it to that, on the page's own inputs, in float64.
"""

import numpy as np
import pytest

from lazylearn.data import load_digits, one_hot, standardize
from lazylearn.losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HuberLoss,
    KLDivLoss,
    L1Loss,
    MSELoss,
    MSLELoss,
    SmoothL1Loss,
)
from lazylearn.nn import Linear, LogSoftmax
from lazylearn.nn import functional as F
from lazylearn.optim import SGD

torch = pytest.importorskip("torch")
tF = torch.nn.functional

#: the table of section "Computing losses without overflow"
ZS = np.array([-1000.0, -100.0, -30.0, 0.0, 30.0, 100.0, 1000.0])


def t(a):
    return torch.tensor(np.asarray(a, dtype=np.float64))


def test_bce_on_the_sigmoid_is_clamped_at_100_as_in_pytorch():
    """4h: BCELoss(sigmoid(z), 1) gives 100 at z = -1000 in both, and the same numbers elsewhere."""
    ones = np.ones_like(ZS)
    ours = BCELoss(reduction="none")(F.sigmoid(ZS), ones)
    theirs = torch.nn.BCELoss(reduction="none")(torch.sigmoid(t(ZS)), t(ones)).numpy()
    assert theirs[0] == 100.0 and ours[0] == 100.0
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)
    # y = 0 meets the clamp from the other side, at z = +1000 (and z = +100, where 1 - p rounds to 0)
    zeros = np.zeros_like(ZS)
    ours0 = BCELoss(reduction="none")(F.sigmoid(ZS), zeros)
    theirs0 = torch.nn.BCELoss(reduction="none")(torch.sigmoid(t(ZS)), t(zeros)).numpy()
    assert theirs0[-1] == 100.0
    np.testing.assert_allclose(ours0, theirs0, rtol=1e-12, atol=1e-15)


def test_bce_with_logits_gives_the_exact_values_as_pytorch():
    """4h: BCEWithLogitsLoss is finite and exact at |z| = 1000, as torch's is for y = 1."""
    ones = np.ones_like(ZS)
    loss_fn = BCEWithLogitsLoss(reduction="none")
    ours = loss_fn(ZS, ones)
    theirs = torch.nn.BCEWithLogitsLoss(reduction="none")(t(ZS), t(ones)).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ours, np.logaddexp(0.0, -ZS), rtol=1e-12, atol=0)
    z_t = t(ZS).requires_grad_()
    torch.nn.BCEWithLogitsLoss(reduction="sum")(z_t, t(ones)).backward()
    np.testing.assert_allclose(loss_fn.backward(), z_t.grad.numpy(), rtol=1e-12, atol=1e-15)
    # the mirror case the page mentions: label 0, z = -30, where torch keeps two digits
    exact = np.log1p(np.exp(-30.0))
    theirs = torch.nn.functional.binary_cross_entropy_with_logits(t([-30.0]), t([0.0])).item()
    ours = BCEWithLogitsLoss()(np.array([-30.0]), np.array([0.0])).item()
    assert abs(ours / exact - 1) < 1e-14
    assert 1e-3 < abs(theirs / exact - 1) < 0.1 and abs(theirs - exact) < 2e-15


def test_softmax_of_1000_and_0_as_pytorch():
    z = np.array([[1000.0, 0.0]])
    np.testing.assert_array_equal(F.softmax(z, dim=1), torch.softmax(t(z), dim=1).numpy())
    np.testing.assert_array_equal(F.log_softmax(z, dim=1), torch.log_softmax(t(z), dim=1).numpy())


def test_regression_losses_of_the_outlier_example_as_pytorch():
    """4a and 4b: the page's MSE, L1, Huber and SmoothL1 numbers and gradients are PyTorch's."""
    x = np.array([3.0, -2.0, 0.0, 5.0, 4.0])
    y = np.array([6.0, -4.0, 0.0, 10.0, -8.0])
    pairs = [(MSELoss(), tF.mse_loss, {}), (L1Loss(), tF.l1_loss, {}),
             (HuberLoss(delta=1.0), tF.huber_loss, {"delta": 1.0}),
             (HuberLoss(delta=2.0), tF.huber_loss, {"delta": 2.0}),
             (SmoothL1Loss(beta=2.0), tF.smooth_l1_loss, {"beta": 2.0})]
    for w in (44 / 54, 36 / 19, 2.0, 0.3):
        for ours_fn, theirs_fn, kw in pairs:
            pred = t(w * x).requires_grad_()
            theirs = theirs_fn(pred, t(y), **kw)
            theirs.backward()
            assert np.isclose(ours_fn(w * x, y).item(), theirs.item(), rtol=1e-12, atol=0)
            np.testing.assert_allclose(ours_fn.backward(), pred.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_msle_is_pytorch_mse_of_log1p():
    """4c: MSLELoss is torch's mse_loss of log1p, on the page's two predictors."""
    targets = np.array([1.0, 10.0, 100.0, 1000.0])
    for pred in (1.1 * targets, targets + 10, 0.5 * targets, 1.5 * targets):
        theirs = tF.mse_loss(torch.log1p(t(pred)), torch.log1p(t(targets))).item()
        assert np.isclose(MSLELoss()(pred, targets).item(), theirs, rtol=1e-12, atol=0)


def test_integer_and_one_hot_targets_train_the_same_in_pytorch_and_lazylearn():
    """4f: 50 full-batch steps with integer labels and with one-hot targets, in both libraries."""
    X, y = load_digits()
    X = standardize(X)[0]
    Y = one_hot(y, 10)
    model = Linear(64, 10, rng=0)
    W0, b0 = model.weight.data.copy(), model.bias.data.copy()
    optimizer, loss_fn = SGD(model.parameters(), lr=0.5), CrossEntropyLoss()
    for _ in range(50):
        model.zero_grad()
        loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        optimizer.step()
    finals = []
    for target in (torch.tensor(y), t(Y)):
        lin = torch.nn.Linear(64, 10).double()
        with torch.no_grad():
            lin.weight.copy_(t(W0))
            lin.bias.copy_(t(b0))
        opt = torch.optim.SGD(lin.parameters(), lr=0.5)
        for _ in range(50):
            opt.zero_grad()
            torch.nn.CrossEntropyLoss()(lin(t(X)), target).backward()
            opt.step()
        finals.append(lin.weight.detach().numpy())
    assert np.max(np.abs(finals[0] - finals[1])) < 1e-12
    np.testing.assert_allclose(model.weight.data, finals[0], rtol=0, atol=1e-10)


def test_kl_equals_cross_entropy_minus_entropy_in_pytorch():
    """4g: torch's KLDivLoss('batchmean') = CE(soft targets) - H(q), same logit gradients; 'mean' is /N C."""
    rng = np.random.default_rng(0)
    z = rng.normal(scale=3.0, size=(200, 10))
    labels = rng.integers(0, 10, size=200)
    eps = 0.1
    q = (1 - eps) * one_hot(labels, 10) + eps / 10
    entropy = -np.mean(np.sum(q * np.log(q), axis=1))

    z_ce, z_kl = t(z).requires_grad_(), t(z).requires_grad_()
    ce = tF.cross_entropy(z_ce, t(q))
    kl = tF.kl_div(tF.log_softmax(z_kl, dim=1), t(q), reduction="batchmean")
    ce.backward()
    kl.backward()
    assert abs(ce.item() - kl.item() - entropy) < 1e-12
    np.testing.assert_allclose(z_ce.grad.numpy(), z_kl.grad.numpy(), rtol=0, atol=1e-12)
    assert abs(tF.cross_entropy(t(z), torch.tensor(labels), label_smoothing=eps).item() - ce.item()) < 1e-12
    with pytest.warns(UserWarning, match="batchmean"):     # torch warns that 'mean' is not KL
        mean = tF.kl_div(tF.log_softmax(t(z), dim=1), t(q), reduction="mean").item()
    assert abs(mean - kl.item() / 10) < 1e-12

    # lazylearn's side, as the page computes it
    ce_fn, kl_fn, log_softmax = CrossEntropyLoss(), KLDivLoss(reduction="batchmean"), LogSoftmax(dim=1)
    assert np.isclose(ce_fn(z, q).item(), ce.item(), rtol=1e-12, atol=0)
    assert np.isclose(kl_fn(log_softmax(z), q).item(), kl.item(), rtol=1e-12, atol=0)
    np.testing.assert_allclose(ce_fn.backward(), z_ce.grad.numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(log_softmax.backward(kl_fn.backward()), z_kl.grad.numpy(), rtol=0, atol=1e-12)
    assert np.isclose(KLDivLoss()(log_softmax(z), q).item(), mean, rtol=1e-12, atol=0)
