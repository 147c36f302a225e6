"""The references of exercise ch05-optimizers are torch.optim's rules.

The exercise's test cells cannot import PyTorch (a student's kernel may not have it), so they
compare the students' optimizers with ``lazylearn.optim`` on a 2-layer model, at rtol 1e-10, and
the schedule with the closed cosine form. Here the same settings run through ``torch.optim``: the
references agree with PyTorch to that tolerance, so matching them is matching PyTorch.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from lazylearn import optim
from lazylearn.losses import MSELoss
from lazylearn.nn import Linear, Sequential, Tanh

# every setting the notebook's test cells compare with (solutions/ch05-optimizers)
SETTINGS = [
    ("SGD", dict(lr=0.05)), ("SGD", dict(lr=0.05, momentum=0.9)), ("SGD", dict(lr=0.05, momentum=0.5)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.5)), ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True)),
    ("SGD", dict(lr=0.05, momentum=0.9, weight_decay=0.1)),
    ("SGD", dict(lr=0.03, momentum=0.5, dampening=0.2, weight_decay=0.05)),
    ("SGD", dict(lr=0.03, momentum=0.8, weight_decay=0.05, nesterov=True)), ("SGD", dict(lr=0.05, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01)), ("RMSprop", dict(lr=0.003, alpha=0.9, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, alpha=0.5, eps=1e-3, weight_decay=0.05)),
    ("Adam", dict(lr=0.01)), ("Adam", dict(lr=0.01, betas=(0.8, 0.9), eps=1e-3, weight_decay=0.1)),
    ("Adam", dict(lr=0.02, betas=(0.5, 0.99), eps=1e-4, weight_decay=0.05)),
    ("Adam", dict(lr=0.02, betas=(0.5, 0.99), eps=1e-4, weight_decay=0.2)),
    ("AdamW", dict(lr=0.01)), ("AdamW", dict(lr=0.01, weight_decay=0.5)),
    ("AdamW", dict(lr=0.02, betas=(0.5, 0.99), eps=1e-4, weight_decay=0.2)),
]


def _problem():
    """The notebook's fixed loss: MSE of Linear(3, 4) -> Tanh -> Linear(4, 2) on 16 examples."""
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(16, 3)), rng.normal(size=(16, 2))
    return Sequential(Linear(3, 4, rng=0), Tanh(), Linear(4, 2, rng=1)), x, y


@pytest.mark.parametrize("name, kwargs", SETTINGS, ids=[f"{n}-{k}" for n, k in SETTINGS])
def test_reference_trajectories_equal_torch(name, kwargs):
    model, x, y = _problem()
    params = list(model.parameters())
    ours = getattr(optim, name)(params, **kwargs)
    tparams = [torch.tensor(p.data.copy(), requires_grad=True) for p in params]
    theirs = getattr(torch.optim, name)(tparams, foreach=False, **kwargs)
    twin, _, _ = _problem()  # gradients at torch's parameters, from the same model
    loss_fn = MSELoss()
    start = np.concatenate([p.data.ravel() for p in params])
    for _ in range(30):
        for p in params:
            p.grad = None
        loss_fn(model(x), y)
        model.backward(loss_fn.backward())
        ours.step()
        for q, t in zip(twin.parameters(), tparams, strict=True):
            q.data[...] = t.detach().numpy()
            q.grad = None
        loss_fn(twin(x), y)
        twin.backward(loss_fn.backward())
        for q, t in zip(twin.parameters(), tparams, strict=True):
            t.grad = torch.from_numpy(q.grad.copy())
        theirs.step()
        for p, t in zip(params, tparams, strict=True):
            np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert np.abs(np.concatenate([p.data.ravel() for p in params]) - start).max() > 1e-3


@pytest.mark.parametrize("T_max, eta_min, lr, steps", [(4, 0.0, 0.1, 4), (5, 0.0, 0.1, 13), (6, 0.01, 0.1, 15),
                                                       (3, 0.001, 1.0, 7), (7, 0.02, 0.5, 40), (10, 0.0, 0.1, 1)])
def test_torch_cosine_schedule_is_the_closed_form_beyond_t_max(T_max, eta_min, lr, steps):
    """PyTorch's recursive CosineAnnealingLR equals the closed form the notebook states, past T_max too."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=T_max, eta_min=eta_min)
    for t in range(steps + 1):
        closed = eta_min + (lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2
        assert opt.param_groups[0]["lr"] == pytest.approx(closed, rel=1e-10, abs=1e-14)
        assert sched.get_last_lr() == [opt.param_groups[0]["lr"]]
        opt.step()
        sched.step()
