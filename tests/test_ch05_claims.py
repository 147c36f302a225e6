"""Chapter 5's claims against PyTorch, and a smoke test of lazylearn.experiments.optimizers.

The book builds without PyTorch, so the page shows lazylearn's side and these tests assert that
torch.optim takes the same paths: the moving-average momentum form equals torch's SGD with the
learning rate times (1 - momentum), the look-ahead Nesterov form equals torch's nesterov=True
through phi = theta + mu s, the ravine paths and counts, and the scale invariance of Adam and
RMSprop with eps = 0.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch

from lazylearn.experiments import optimizers as ox
from lazylearn.nn import Parameter
from lazylearn.optim import SGD, Adam, AdamW, RMSprop

STEPS = 400


def torch_ravine_path(make, steps=STEPS, scale=1.0):
    """The ravine run of ox.ravine_path, with a torch optimizer on a float64 tensor."""
    w = torch.tensor(ox.START, dtype=torch.float64, requires_grad=True)
    opt = make([w])
    path = [w.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        loss = scale * 0.5 * (w[0] ** 2 + ox.KAPPA * w[1] ** 2)
        loss.backward()
        opt.step()
        path.append(w.detach().numpy().copy())
    return np.array(path)


def average_form_path(lr, mu, steps=STEPS):
    """v = mu v - (1 - mu) g, theta += lr v: the form of many lecture notes."""
    theta, v = np.array(ox.START), np.zeros(2)
    path = [theta.copy()]
    for _ in range(steps):
        v = mu * v - (1 - mu) * ox.ravine_grad(theta)
        theta = theta + lr * v
        path.append(theta.copy())
    return np.array(path)


def lookahead_path(lr, mu, steps=STEPS):
    """Sutskever et al.'s Nesterov: s = mu s - lr grad(theta + mu s), theta += s; returns phi = theta + mu s."""
    theta, s = np.array(ox.START), np.zeros(2)
    phis = [theta.copy()]
    for _ in range(steps):
        s = mu * s - lr * ox.ravine_grad(theta + mu * s)
        theta = theta + s
        phis.append(theta + mu * s)
    return np.array(phis)


@pytest.mark.parametrize("lr, mu", [(0.1, 0.9), (0.02, 0.5), (0.3, 0.95)])
def test_average_form_is_torch_sgd_momentum_with_rescaled_lr(lr, mu):
    torch_path = torch_ravine_path(lambda p: torch.optim.SGD(p, lr=lr * (1 - mu), momentum=mu))
    assert np.abs(average_form_path(lr, mu) - torch_path).max() < 1e-12
    ours = ox.ravine_path(lambda p: SGD(p, lr=lr * (1 - mu), momentum=mu), steps=STEPS)
    assert np.abs(ours - torch_path).max() < 1e-12


def test_dampening_is_not_the_average_form_torch_skips_it_on_the_first_step():
    lr, mu = 0.1, 0.9
    torch_path = torch_ravine_path(lambda p: torch.optim.SGD(p, lr=lr, momentum=mu, dampening=mu))
    ours = ox.ravine_path(lambda p: SGD(p, lr=lr, momentum=mu, dampening=mu), steps=STEPS)
    assert np.abs(ours - torch_path).max() < 1e-12
    average = average_form_path(lr, mu)
    # torch's first step is lr * g_1 (undamped), the average form's is lr * (1 - mu) * g_1
    assert np.isfinite(torch_path).all() and ox.ravine(torch_path)[-1] < 1e-6
    g1 = ox.ravine_grad(np.array(ox.START))
    np.testing.assert_allclose(torch_path[0] - torch_path[1], lr * g1, rtol=1e-12)
    np.testing.assert_allclose(average[0] - average[1], lr * (1 - mu) * g1, rtol=1e-12)
    assert np.abs(torch_path[1] - average[1]).max() > 0.1


@pytest.mark.parametrize("lr, mu", [(0.01, 0.9), (0.02, 0.5)])
def test_lookahead_nesterov_is_torch_nesterov_through_phi(lr, mu):
    torch_path = torch_ravine_path(lambda p: torch.optim.SGD(p, lr=lr, momentum=mu, nesterov=True))
    assert np.abs(lookahead_path(lr, mu) - torch_path).max() < 1e-12


LR_HB = 4 / (1 + np.sqrt(ox.KAPPA)) ** 2
MU_HB = ((np.sqrt(ox.KAPPA) - 1) / (np.sqrt(ox.KAPPA) + 1)) ** 2
RAVINE_CASES = [  # (lazylearn class, torch class, kwargs, updates until f < 1e-6 as the page states)
    (SGD, torch.optim.SGD, dict(lr=2 / 51), 227),
    (SGD, torch.optim.SGD, dict(lr=LR_HB, momentum=MU_HB), 46),
    (SGD, torch.optim.SGD, dict(lr=0.01, momentum=0.9), 162),
    (SGD, torch.optim.SGD, dict(lr=0.01, momentum=0.9, nesterov=True), 98),
    (SGD, torch.optim.SGD, dict(lr=0.038, momentum=0.9), 168),
    (RMSprop, torch.optim.RMSprop, dict(lr=0.1), None),
    (Adam, torch.optim.Adam, dict(lr=0.1), None),
]


@pytest.mark.parametrize("ours, theirs, kwargs, count", RAVINE_CASES)
def test_ravine_paths_and_counts_agree_with_torch(ours, theirs, kwargs, count):
    path = ox.ravine_path(lambda p: ours(p, **kwargs), steps=STEPS)
    torch_path = torch_ravine_path(lambda p: theirs(p, **kwargs))
    np.testing.assert_allclose(path, torch_path, rtol=1e-10, atol=1e-12)
    assert ox.steps_below(ox.ravine(path)) == ox.steps_below(ox.ravine(torch_path))
    if count is not None:
        assert ox.steps_below(ox.ravine(path)) == count


def test_nesterov_diverges_at_lr_0038_in_torch_too():
    with np.errstate(over="ignore", invalid="ignore"):
        torch_path = torch_ravine_path(lambda p: torch.optim.SGD(p, lr=0.038, momentum=0.9, nesterov=True))
        assert not np.isfinite(ox.ravine(torch_path)).all() or ox.ravine(torch_path)[-1] > 1e10
    assert 2 * 1.9 / 2.8 < 0.038 * ox.KAPPA < 2 * 1.9      # Nesterov's limit < lr * lambda_max < heavy ball's


@pytest.mark.parametrize("theirs", [torch.optim.Adam, torch.optim.RMSprop])
def test_adaptive_methods_are_scale_invariant_with_eps_0_in_torch(theirs):
    plain = torch_ravine_path(lambda p: theirs(p, lr=0.1, eps=0.0), steps=100)
    scaled = torch_ravine_path(lambda p: theirs(p, lr=0.1, eps=0.0), steps=100, scale=1000.0)
    assert np.abs(plain - scaled).max() < 1e-12
    # with the default eps it is not exact
    plain = torch_ravine_path(lambda p: theirs(p, lr=0.1), steps=400)
    scaled = torch_ravine_path(lambda p: theirs(p, lr=0.1), steps=400, scale=1000.0)
    assert np.abs(plain - scaled).max() > 1e-12


def test_l2_in_adam_and_adamw_on_a_zero_gradient_as_torch():
    for ours, theirs in ((Adam, torch.optim.Adam), (AdamW, torch.optim.AdamW)):
        p = Parameter(np.array([2.0, 0.1]))
        opt = ours([p], lr=0.01, weight_decay=0.01)
        p.grad = np.zeros(2)
        opt.step()
        w = torch.tensor([2.0, 0.1], dtype=torch.float64, requires_grad=True)
        topt = theirs([w], lr=0.01, weight_decay=0.01)
        w.grad = torch.zeros(2, dtype=torch.float64)
        topt.step()
        np.testing.assert_allclose(p.data, w.detach().numpy(), rtol=1e-12)


def test_adam_without_bias_correction_by_hand():
    rng = np.random.default_rng(0)
    grads = rng.normal(size=(20, 3))
    p = Parameter(np.zeros(3))
    opt = ox.AdamNoBiasCorrection([p], lr=0.01)
    m, v, theta = np.zeros(3), np.zeros(3), np.zeros(3)
    for g in grads:
        p.grad = g.copy()
        opt.step()
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        theta = theta - 0.01 * m / (np.sqrt(v) + 1e-8)
        np.testing.assert_allclose(p.data, theta, rtol=1e-12, atol=1e-15)
    # the uncorrected first step is sqrt(10) times the corrected one, lr * sign(g)
    q = Parameter(np.zeros(3))
    first = ox.AdamNoBiasCorrection([q], lr=0.01, eps=0.0)
    q.grad = grads[0].copy()
    first.step()
    np.testing.assert_allclose(-q.data, 0.01 * np.sqrt(10) * np.sign(grads[0]), rtol=1e-12)


def test_smoke_train_digits_and_noise_floor():
    row = ox.train_digits("momentum", 0.01, seed=0, epochs=2, hidden=8, batch_size=128)
    n_train = len(ox.digits_data()[0][1])
    assert len(row["step_loss"]) == 2 * int(np.ceil(n_train / 128))
    assert row["train_loss"].shape == row["val_loss"].shape == row["val_acc"].shape == (2,)
    assert 0 < row["final_val_acc"] <= 1 and row["train_loss"][1] < row["step_loss"][0]
    floor = ox.noise_floor("StepLR(10, 0.1)", 0.01, seed=0, epochs=12)
    assert floor["lrs"][0] == 0.01 and np.isclose(floor["lrs"][11], 0.001)
    assert floor["excess"].shape == (12,) and (floor["excess"] > -1e-9).all()


def test_run_in_parallel_equals_serial():
    tasks = [dict(optimizer=o, lr=1e-2, seed=1, epochs=1, hidden=8) for o in ("adam", "adam_uncorrected")]
    serial = ox.run(tasks, workers=1)
    parallel = ox.run(tasks, workers=2)
    for a, b in zip(serial, parallel, strict=True):
        np.testing.assert_array_equal(a["step_loss"], b["step_loss"])
    assert not np.array_equal(serial[0]["step_loss"], serial[1]["step_loss"])


def test_bad_names_raise():
    with pytest.raises(ValueError, match="optimizer"):
        ox.make_optimizer("adamax", [Parameter(np.zeros(1))], 0.1)
    with pytest.raises(ValueError, match="schedule"):
        ox.noise_floor("linear")
    with pytest.raises(ValueError, match="function"):
        ox.run([{}], function="fit")
