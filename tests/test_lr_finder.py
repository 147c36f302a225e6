"""lazylearn.train.lr_range_test on a tiny regression problem."""
from __future__ import annotations

import doctest

import numpy as np
import pytest

from lazylearn.losses import MSELoss
from lazylearn.nn import Linear, ReLU, Sequential
from lazylearn.optim import SGD, Adam, Optimizer
from lazylearn.train import lr_finder, lr_range_test


def _setup(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(48, 3))
    y = x @ np.array([[1.0], [-2.0], [0.5]]) + 0.1 * rng.normal(size=(48, 1))
    model = Sequential(Linear(3, 8, rng=seed), ReLU(), Linear(8, 1, rng=seed + 1))
    batches = [(x[i:i + 16], y[i:i + 16]) for i in range(0, 48, 16)]
    return model, batches


def _snapshot(model, opt):
    return (
        model.state_dict(),
        [None if p.grad is None else p.grad.copy() for p in model.parameters()],
        [g["lr"] for g in opt.param_groups],
        {i: {k: np.copy(v) for k, v in opt.state[p].items()} for i, p in enumerate(opt.param_groups[0]["params"])
         if p in opt.state},
    )


def _assert_same(before, after):
    (sd0, g0, lr0, st0), (sd1, g1, lr1, st1) = before, after
    assert sd0.keys() == sd1.keys()
    for k in sd0:
        np.testing.assert_array_equal(sd0[k], sd1[k], err_msg=k)
    for a, b in zip(g0, g1, strict=False):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_array_equal(a, b)
    assert lr0 == lr1
    assert st0.keys() == st1.keys()
    for i in st0:
        assert st0[i].keys() == st1[i].keys()
        for k in st0[i]:
            np.testing.assert_array_equal(st0[i][k], st1[i][k])


def test_lrs_are_geometric_and_everything_is_restored():
    model, batches = _setup()
    opt = SGD(model.parameters(), lr=0.03, momentum=0.9)
    # give the optimizer some state and the model some gradients first
    loss_fn = MSELoss()
    loss_fn(model(batches[0][0]), batches[0][1])
    model.backward(loss_fn.backward())
    opt.step()
    before = _snapshot(model, opt)
    weights = [p.data for p in model.parameters()]
    lrs, losses = lr_range_test(model, loss_fn, opt, batches, start_lr=1e-5, end_lr=1e-1, num_iter=30,
                                diverge_th=1e6)
    _assert_same(before, _snapshot(model, opt))
    assert all(p.data is w for p, w in zip(model.parameters(), weights, strict=False))  # restored in place
    assert lrs.shape == losses.shape == (30,)
    assert lrs.dtype == losses.dtype == np.float64
    assert lrs[0] == pytest.approx(1e-5) and lrs[-1] == pytest.approx(1e-1)
    ratios = lrs[1:] / lrs[:-1]
    np.testing.assert_allclose(ratios, (1e4) ** (1 / 29), rtol=1e-12)
    np.testing.assert_allclose(lrs, np.geomspace(1e-5, 1e-1, 30), rtol=1e-15)
    assert np.all(np.isfinite(losses))


def test_raw_losses_match_a_hand_written_loop_and_smoothing_is_an_ema():
    model, batches = _setup(1)
    opt = Adam(model.parameters(), lr=1e-3)
    lrs, raw = lr_range_test(model, MSELoss(), opt, batches, start_lr=1e-4, end_lr=1e-1, num_iter=12)
    # the same run by hand, from the restored model
    loss_fn, expected = MSELoss(), []
    for i, lr in enumerate(lrs):
        x, y = batches[i % len(batches)]
        opt.lr = lr
        opt.zero_grad()
        expected.append(float(loss_fn(model(x), y)))
        model.backward(loss_fn.backward())
        opt.step()
    np.testing.assert_allclose(raw, expected, rtol=1e-12)
    assert raw[-1] < raw[0]  # training happened: the loss came down
    model2, _ = _setup(1)
    opt2 = Adam(model2.parameters(), lr=1e-3)
    _, smoothed = lr_range_test(model2, MSELoss(), opt2, batches, start_lr=1e-4, end_lr=1e-1, num_iter=12, smooth=0.3)
    ema = [raw[0]]
    for value in raw[1:]:
        ema.append(0.3 * value + 0.7 * ema[-1])
    np.testing.assert_allclose(smoothed, ema, rtol=1e-12)


def test_stops_when_the_loss_diverges():
    model, batches = _setup(2)
    opt = SGD(model.parameters(), lr=0.01)
    lrs, losses = lr_range_test(model, MSELoss(), opt, batches, start_lr=1e-4, end_lr=1e3, num_iter=100,
                                smooth=0.0, diverge_th=4.0)
    assert 2 <= len(lrs) < 100
    assert losses[-1] > 4.0 * losses[:-1].min() or not np.isfinite(losses[-1])
    assert np.all(losses[:-1] <= 4.0 * np.minimum.accumulate(losses[:-1]))


def test_batches_are_recycled_even_from_a_one_shot_iterator():
    seen = []

    class Spy(MSELoss):
        def __call__(self, input, target):
            seen.append(target)
            return super().__call__(input, target)

    for make in (list, iter):
        model, batches = _setup()
        seen.clear()
        opt = SGD(model.parameters(), lr=0.01)
        lrs, losses = lr_range_test(model, Spy(), opt, make(batches), start_lr=1e-5, end_lr=1e-2, num_iter=10)
        assert len(lrs) == len(losses) == len(seen) == 10
        for i, target in enumerate(seen):
            assert target is batches[i % 3][1]


def test_the_lr_is_set_before_each_step_of_every_group():
    class Spy(Optimizer):
        """SGD that records the lr of each group at every step."""

        def __init__(self, params, lr):
            super().__init__(params, dict(lr=lr))
            self.seen = []

        def step(self):
            self.seen.append([g["lr"] for g in self.param_groups])
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is not None:
                        p.data -= group["lr"] * p.grad

    model, batches = _setup()
    params = model.parameters()
    opt = Spy([{"params": params[:2]}, {"params": params[2:], "lr": 0.5}], lr=0.01)
    lrs, _ = lr_range_test(model, MSELoss(), opt, batches, start_lr=1e-4, end_lr=1e-1, num_iter=7)
    assert opt.seen == [[lr, lr] for lr in lrs]
    assert [g["lr"] for g in opt.param_groups] == [0.01, 0.5]  # restored


def test_stops_right_after_the_first_loss_above_the_threshold():
    model, batches = _setup()
    # a loss sequence chosen by hand, whatever the model does: the 5th exceeds 4 x best (1.0)
    script = iter([2.0, 1.0, 3.0, 3.9, 4.5, 0.1, 0.1])

    class Scripted(MSELoss):
        def __call__(self, input, target):
            super().__call__(input, target)
            return next(script)

    opt = SGD(model.parameters(), lr=0.01)
    lrs, losses = lr_range_test(model, Scripted(), opt, batches, start_lr=1e-4, end_lr=1e-1, num_iter=7)
    assert losses.tolist() == [2.0, 1.0, 3.0, 3.9, 4.5] and len(lrs) == 5


def test_restores_the_model_after_an_error():
    model, batches = _setup()
    opt = SGD(model.parameters(), lr=0.01)
    before = _snapshot(model, opt)

    class Exploding(MSELoss):
        calls = 0

        def __call__(self, input, target):
            Exploding.calls += 1
            if Exploding.calls == 4:
                raise RuntimeError("boom")
            return super().__call__(input, target)

    with pytest.raises(RuntimeError, match="boom"):
        lr_range_test(model, Exploding(), opt, batches, start_lr=1e-3, end_lr=1.0, num_iter=10)
    _assert_same(before, _snapshot(model, opt))


def test_trains_in_training_mode_and_restores_the_mode():
    from lazylearn.nn import Module

    class Recorder(Module):
        """The identity, noting the mode of every forward pass."""

        def __init__(self):
            super().__init__()
            self.modes = []

        def forward(self, x):
            self.modes.append(self.training)
            self._cache = True
            return x

        def backward(self, grad_output, *, input_grad=True):
            return grad_output

    model, batches = _setup()
    recorder = Recorder()
    model = Sequential(recorder, *model)
    opt = SGD(model.parameters(), lr=0.01)
    for mode in [False, True]:
        model.train(mode)
        recorder.modes.clear()
        lr_range_test(model, MSELoss(), opt, batches, start_lr=1e-4, end_lr=1e-2, num_iter=5)
        assert recorder.modes == [True] * 5
        assert model.training is mode and recorder.training is mode


def test_bad_arguments_raise():
    model, batches = _setup()
    opt = SGD(model.parameters(), lr=0.01)
    loss = MSELoss()
    with pytest.raises(ValueError, match=r"start_lr must be a float in \(0, inf\); got 0"):
        lr_range_test(model, loss, opt, batches, start_lr=0)
    with pytest.raises(ValueError, match="end_lr must be a float in"):
        lr_range_test(model, loss, opt, batches, start_lr=1e-3, end_lr=1e-4)
    with pytest.raises(ValueError, match=r"num_iter must be an int in \[2, inf\)"):
        lr_range_test(model, loss, opt, batches, num_iter=1)
    with pytest.raises(ValueError, match=r"smooth must be a float in \[0, 1\)"):
        lr_range_test(model, loss, opt, batches, smooth=1.0)
    with pytest.raises(ValueError, match=r"diverge_th must be a float in \(1, inf\)"):
        lr_range_test(model, loss, opt, batches, diverge_th=1.0)
    with pytest.raises(TypeError, match="optimizer must be a lazylearn.optim.Optimizer"):
        lr_range_test(model, loss, object(), batches)
    with pytest.raises(TypeError, match=r"model must be a lazylearn.nn.Module \(it has no state_dict\(\)\)"):
        lr_range_test(lambda x: x, loss, opt, batches)
    with pytest.raises(TypeError, match="loss_fn must be a loss object with a backward"):
        lr_range_test(model, lambda a, b: 0.0, opt, batches)
    with pytest.raises(ValueError, match="batches is empty"):
        lr_range_test(model, loss, opt, [])


def test_docstring_example_runs():
    result = doctest.testmod(lr_finder, raise_on_error=False)
    assert result.failed == 0 and result.attempted >= 5
