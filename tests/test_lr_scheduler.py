"""lazylearn.optim.lr_scheduler against torch.optim.lr_scheduler: the same learning-rate sequences."""
from __future__ import annotations

import doctest

import numpy as np
import pytest
import torch

from lazylearn.nn import Parameter
from lazylearn.optim import SGD, Adam, lr_scheduler
from lazylearn.optim.lr_scheduler import CosineAnnealingLR, ExponentialLR, StepLR


def _sequences(ours_cls, theirs_cls, kwargs, lr=0.5, steps=40, optimizer=SGD, torch_optimizer=torch.optim.SGD):
    opt = optimizer([Parameter(np.zeros(2))], lr=lr)
    sched = ours_cls(opt, **kwargs)
    topt = torch_optimizer([torch.zeros(2, requires_grad=True)], lr=lr)
    tsched = theirs_cls(topt, **kwargs)
    mine, ref = [], []
    for _ in range(steps):
        mine.append((opt.lr, sched.get_last_lr()[0], sched.last_epoch))
        ref.append((topt.param_groups[0]["lr"], tsched.get_last_lr()[0], tsched.last_epoch))
        opt.step()
        topt.step()
        sched.step()
        tsched.step()
    return np.array(mine), np.array(ref)


@pytest.mark.parametrize(
    "ours, theirs, kwargs",
    [
        (StepLR, torch.optim.lr_scheduler.StepLR, dict(step_size=7)),
        (StepLR, torch.optim.lr_scheduler.StepLR, dict(step_size=3, gamma=0.5)),
        (StepLR, torch.optim.lr_scheduler.StepLR, dict(step_size=1, gamma=0.9)),
        (ExponentialLR, torch.optim.lr_scheduler.ExponentialLR, dict(gamma=0.9)),
        (ExponentialLR, torch.optim.lr_scheduler.ExponentialLR, dict(gamma=1.05)),
        (CosineAnnealingLR, torch.optim.lr_scheduler.CosineAnnealingLR, dict(T_max=10)),
        (CosineAnnealingLR, torch.optim.lr_scheduler.CosineAnnealingLR, dict(T_max=7, eta_min=0.01)),
        (CosineAnnealingLR, torch.optim.lr_scheduler.CosineAnnealingLR, dict(T_max=1)),
        (CosineAnnealingLR, torch.optim.lr_scheduler.CosineAnnealingLR, dict(T_max=25, eta_min=0.1)),
    ],
)
def test_sequence_matches_torch(ours, theirs, kwargs):
    mine, ref = _sequences(ours, theirs, kwargs)
    np.testing.assert_allclose(mine, ref, rtol=1e-12, atol=1e-15)
    assert len(set(mine[:, 0])) > 1  # the learning rate did change


def test_cosine_beyond_t_max_rises_again_like_torch():
    mine, ref = _sequences(CosineAnnealingLR, torch.optim.lr_scheduler.CosineAnnealingLR,
                           dict(T_max=5, eta_min=0.05), lr=1.0, steps=33)
    np.testing.assert_allclose(mine[:, 0], ref[:, 0], rtol=1e-12, atol=1e-15)
    lrs = mine[:, 0]
    assert lrs[5] == pytest.approx(0.05) and lrs[10] == pytest.approx(1.0) and lrs[15] == pytest.approx(0.05)
    # the recursive values equal the closed form eta_min + (lr0 - eta_min)(1 + cos(pi t / T)) / 2
    t = np.arange(33)
    np.testing.assert_allclose(lrs, 0.05 + 0.95 * (1 + np.cos(np.pi * t / 5)) / 2, rtol=1e-9, atol=1e-12)


def test_cosine_follows_outside_changes_to_lr_like_torch():
    opt = SGD([Parameter(np.zeros(1))], lr=1.0)
    topt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    sched = CosineAnnealingLR(opt, T_max=8)
    tsched = torch.optim.lr_scheduler.CosineAnnealingLR(topt, T_max=8)
    for step in range(20):
        if step == 4:
            opt.lr = 0.3
            topt.param_groups[0]["lr"] = 0.3
        opt.step(), topt.step(), sched.step(), tsched.step()
        assert opt.lr == pytest.approx(topt.param_groups[0]["lr"], rel=1e-12, abs=1e-15)


def test_works_with_adam_and_sets_optimizer_lr():
    mine, ref = _sequences(StepLR, torch.optim.lr_scheduler.StepLR, dict(step_size=2, gamma=0.5),
                           lr=1e-3, steps=31, optimizer=Adam, torch_optimizer=torch.optim.Adam)
    np.testing.assert_allclose(mine, ref, rtol=1e-12, atol=1e-18)


def test_initial_lr_base_lrs_and_state_dict():
    opt = SGD([Parameter(np.zeros(1))], lr=0.2)
    sched = ExponentialLR(opt, gamma=0.5)
    assert sched.base_lrs == [0.2] and opt.param_groups[0]["initial_lr"] == 0.2 and sched.last_epoch == 0
    assert sched.get_last_lr() == [0.2]
    sched.step()
    saved = sched.state_dict()
    assert "optimizer" not in saved and saved["last_epoch"] == 1
    sched.step()
    sched.load_state_dict(saved)
    assert sched.last_epoch == 1 and sched.get_last_lr() == [0.1]
    assert "ExponentialLR" in repr(sched)
    with pytest.raises(TypeError, match="state_dict must be a dict returned by a scheduler"):
        sched.load_state_dict({})


def test_resuming_with_last_epoch_matches_torch():
    opt = SGD([Parameter(np.zeros(1))], lr=1.0)
    topt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    StepLR(opt, step_size=3)
    torch.optim.lr_scheduler.StepLR(topt, step_size=3)
    sched = StepLR(opt, step_size=3, gamma=0.5, last_epoch=4)
    tsched = torch.optim.lr_scheduler.StepLR(topt, step_size=3, gamma=0.5, last_epoch=4)
    for _ in range(10):
        assert sched.last_epoch == tsched.last_epoch
        assert opt.lr == pytest.approx(topt.param_groups[0]["lr"], rel=1e-12)
        opt.step(), topt.step(), sched.step(), tsched.step()


SCHEDULERS = [
    (StepLR, torch.optim.lr_scheduler.StepLR, dict(step_size=3, gamma=0.5)),
    (ExponentialLR, torch.optim.lr_scheduler.ExponentialLR, dict(gamma=0.9)),
    (CosineAnnealingLR, torch.optim.lr_scheduler.CosineAnnealingLR, dict(T_max=6, eta_min=0.01)),
]


@pytest.mark.parametrize("ours, theirs, kwargs", SCHEDULERS, ids=[s[0].__name__ for s in SCHEDULERS])
def test_every_parameter_group_is_scheduled_like_torch(ours, theirs, kwargs):
    opt = SGD([{"params": [Parameter(np.zeros(1))]}, {"params": [Parameter(np.zeros(1))], "lr": 0.05}], lr=0.5)
    topt = torch.optim.SGD([{"params": [torch.zeros(1, requires_grad=True)]},
                            {"params": [torch.zeros(1, requires_grad=True)], "lr": 0.05}], lr=0.5)
    sched, tsched = ours(opt, **kwargs), theirs(topt, **kwargs)
    assert sched.base_lrs == tsched.base_lrs == [0.5, 0.05]
    for _ in range(25):
        np.testing.assert_allclose([g["lr"] for g in opt.param_groups], [g["lr"] for g in topt.param_groups],
                                   rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(sched.get_last_lr(), tsched.get_last_lr(), rtol=1e-12, atol=1e-15)
        assert isinstance(sched.get_last_lr(), list) and len(sched.get_last_lr()) == 2
        opt.step(), topt.step(), sched.step(), tsched.step()
    assert opt.param_groups[1]["lr"] != 0.05


@pytest.mark.parametrize("ours, theirs, kwargs", SCHEDULERS, ids=[s[0].__name__ for s in SCHEDULERS])
def test_state_dict_resumes_the_schedule_like_torch(ours, theirs, kwargs):
    opt = SGD([Parameter(np.zeros(1))], lr=1.0)
    sched = ours(opt, **kwargs)
    topt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    tsched = theirs(topt, **kwargs)
    for _ in range(4):
        opt.step(), topt.step(), sched.step(), tsched.step()
    saved, saved_opt = sched.state_dict(), opt.state_dict()
    # a fresh optimizer and scheduler, loaded from the saved state, go on as the torch run does
    opt2 = SGD([Parameter(np.zeros(1))], lr=1.0)
    opt2.load_state_dict(saved_opt)
    sched2 = ours(opt2, **kwargs)
    sched2.load_state_dict(saved)
    assert sched2.last_epoch == tsched.last_epoch == 4
    for _ in range(15):
        opt2.step(), topt.step(), sched2.step(), tsched.step()
        assert opt2.lr == pytest.approx(topt.param_groups[0]["lr"], rel=1e-12, abs=1e-15)
        assert sched2.get_last_lr() == pytest.approx(tsched.get_last_lr(), rel=1e-12, abs=1e-15)


def test_cosine_resumed_with_last_epoch_uses_the_closed_form_like_torch():
    opt = SGD([Parameter(np.zeros(1))], lr=1.0)
    topt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    CosineAnnealingLR(opt, T_max=10)
    torch.optim.lr_scheduler.CosineAnnealingLR(topt, T_max=10)
    sched = CosineAnnealingLR(opt, T_max=10, eta_min=0.1, last_epoch=3)
    tsched = torch.optim.lr_scheduler.CosineAnnealingLR(topt, T_max=10, eta_min=0.1, last_epoch=3)
    for _ in range(12):
        assert opt.lr == pytest.approx(topt.param_groups[0]["lr"], rel=1e-12)
        opt.step(), topt.step(), sched.step(), tsched.step()


def test_bad_arguments_raise():
    opt = SGD([Parameter(np.zeros(1))], lr=0.1)
    with pytest.raises(TypeError, match="optimizer must be a lazylearn.optim.Optimizer; got SGD"):
        StepLR(torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1), step_size=2)
    with pytest.raises(ValueError, match=r"step_size must be an int in \[1, inf\); got 0"):
        StepLR(opt, step_size=0)
    with pytest.raises(TypeError, match="step_size must be an int"):
        StepLR(opt, step_size=2.5)
    with pytest.raises(ValueError, match="gamma must be a float"):
        ExponentialLR(opt, gamma=-0.5)
    with pytest.raises(ValueError, match=r"T_max must be an int in \[1, inf\)"):
        CosineAnnealingLR(opt, T_max=0)
    with pytest.raises(ValueError, match="eta_min must be a float"):
        CosineAnnealingLR(opt, T_max=3, eta_min=-1.0)
    with pytest.raises(ValueError, match=r"last_epoch >= 0 resumes a schedule, which needs param_groups\[0\]"):
        StepLR(SGD([Parameter(np.zeros(1))], lr=0.1), step_size=2, last_epoch=3)
    with pytest.raises(ValueError, match="last_epoch must be an int"):
        StepLR(opt, step_size=2, last_epoch=-2)


def test_docstring_examples_run():
    result = doctest.testmod(lr_scheduler, raise_on_error=False)
    assert result.failed == 0 and result.attempted >= 10
