"""lazylearn.train.callbacks: EarlyStopping on scripted sequences, and callbacks and schedulers inside fit."""
from __future__ import annotations

import doctest

import numpy as np
import pytest

from lazylearn.losses import MSELoss
from lazylearn.nn import Linear
from lazylearn.optim import SGD
from lazylearn.optim.lr_scheduler import CosineAnnealingLR, ExponentialLR, StepLR
from lazylearn.train import Callback, EarlyStopping, callbacks, fit


# ------------------------------------------------------------------------ EarlyStopping.step
def test_stops_on_the_patience_th_bad_epoch():
    stopper = EarlyStopping(patience=3)
    assert [stopper.step(v) for v in [1.0, 0.9, 0.95, 0.96, 0.97]] == [False] * 4 + [True]
    assert (stopper.best, stopper.best_epoch, stopper.num_bad_epochs, stopper.stopped) == (0.9, 1, 3, True)


def test_an_improvement_resets_the_counter_and_min_delta_is_a_margin():
    stopper = EarlyStopping(patience=2, min_delta=0.01)
    # 0.999 improves on 1.0 by 0.001 < min_delta: a bad epoch; 0.95 improves by more: reset
    assert [stopper.step(v) for v in [1.0, 0.999, 0.95, 0.949, 0.945]] == [False, False, False, False, True]
    assert stopper.best == 0.95 and stopper.best_epoch == 2
    stopper.reset()
    assert stopper.best is None and not stopper.stopped and stopper.num_bad_epochs == 0
    assert [stopper.step(v) for v in [3.0, 2.0, 1.0, 1.5, 0.5, 0.6, 0.7]] == [False] * 6 + [True]
    assert (stopper.best, stopper.best_epoch, stopper.num_bad_epochs) == (0.5, 4, 2)


def test_max_mode_nan_and_patience_zero():
    stopper = EarlyStopping(patience=3, mode="max")
    assert [stopper.step(v) for v in [0.5, 0.7, float("nan"), 0.6, 0.7]] == [False] * 4 + [True]
    assert stopper.best == 0.7 and stopper.best_epoch == 1
    up = EarlyStopping(patience=1, mode="max", min_delta=0.1)
    assert [up.step(v) for v in [0.5, 0.65, 0.7]] == [False, False, True]  # 0.7 - 0.65 < 0.1
    eager = EarlyStopping(patience=0)
    assert [eager.step(v) for v in [2.0, 1.0, 1.0]] == [False, False, True]
    assert eager.step(np.array(0.5)) in (True, False)  # a 0-d array is a number


def test_best_state_is_a_deep_copy_and_restore_brings_it_back():
    model = Linear(2, 1, rng=0)
    stopper = EarlyStopping(patience=1)
    stopper.step(1.0, model)
    model.weight.data += 1.0
    stopper.step(0.5, model)  # best: the weights after the first change
    best = {k: v.copy() for k, v in model.state_dict().items()}
    model.weight.data += 1.0  # changed in place afterwards: a reference would follow
    model.bias.data[:] = 7.0
    assert stopper.step(0.7, model) is True
    for k in best:
        np.testing.assert_array_equal(stopper.best_state[k], best[k])
    assert not np.array_equal(model.weight.data, best["weight"])  # step itself does not restore
    stopper.restore(model)
    for k, v in model.state_dict().items():
        np.testing.assert_array_equal(v, best[k])
    nothing = EarlyStopping()
    nothing.step(1.0)
    nothing.restore(model)  # no model was given: nothing saved, nothing changes
    assert nothing.best_state is None


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"patience must be an int in \[0, inf\); got -1"):
        EarlyStopping(patience=-1)
    with pytest.raises(TypeError, match="patience must be an int"):
        EarlyStopping(patience=2.5)
    with pytest.raises(ValueError, match="min_delta must be a float"):
        EarlyStopping(min_delta=-0.1)
    with pytest.raises(ValueError, match="mode must be 'min' or 'max'; got 'best'"):
        EarlyStopping(mode="best")
    with pytest.raises(TypeError, match="restore_best_weights must be a bool"):
        EarlyStopping(restore_best_weights=1)
    with pytest.raises(TypeError, match="monitor must be a history key"):
        EarlyStopping(monitor=3)
    with pytest.raises(TypeError, match="metric must be a real number"):
        EarlyStopping().step("0.5")


# ---------------------------------------------------------------------------------- in fit
def _diverging_setup():
    """Train on y = 2x, validate on y = -2x, from w = 0: the validation loss rises every epoch."""
    x = np.array([[1.0], [2.0], [-1.0]])
    model = Linear(1, 1, bias=False, rng=0)
    model.weight.data[:] = 0.0
    return model, (x, 2 * x), (x, -2 * x)


def _recorder(seen):
    return lambda epoch, history, m: seen.append(m.weight.data.copy()) and False


def test_fit_stops_early_and_restores_the_best_weights():
    model, data, val = _diverging_setup()
    seen = []
    stopper = EarlyStopping(patience=2)
    h = fit(model, MSELoss(), SGD(model.parameters(), lr=0.05), data, 20, batch_size=None, val_data=val,
            callbacks=[_recorder(seen), stopper], progress=False)
    # best after epoch 1, no improvement in epochs 2 and 3 -> stop after epoch 3
    assert np.all(np.diff(h["val_loss"]) > 0)
    assert h.stopped_epoch == 3 and h.epochs == 3
    assert stopper.best == pytest.approx(h["val_loss"][0]) and stopper.best_epoch == 0
    np.testing.assert_array_equal(model.weight.data, seen[0])
    assert not np.array_equal(seen[0], seen[-1])


def test_fit_restores_the_best_weights_when_the_epochs_run_out_unless_asked_not_to():
    model, data, val = _diverging_setup()
    seen = []
    h = fit(model, MSELoss(), SGD(model.parameters(), lr=0.05), data, 4, batch_size=None, val_data=val,
            callbacks=[_recorder(seen), EarlyStopping(patience=10)], progress=False)
    assert h.epochs == 4 and h.stopped_epoch is None
    np.testing.assert_array_equal(model.weight.data, seen[0])
    model, data, val = _diverging_setup()
    seen.clear()
    fit(model, MSELoss(), SGD(model.parameters(), lr=0.05), data, 4, batch_size=None, val_data=val,
        callbacks=[_recorder(seen), EarlyStopping(patience=10, restore_best_weights=False)], progress=False)
    np.testing.assert_array_equal(model.weight.data, seen[-1])


def test_monitor_chooses_the_history_key():
    model, data, val = _diverging_setup()
    # the training loss falls every epoch: monitoring it never stops
    stopper = EarlyStopping(patience=1, monitor="loss")
    h = fit(model, MSELoss(), SGD(model.parameters(), lr=0.05), data, 5, batch_size=None, val_data=val,
            callbacks=[stopper], progress=False)
    assert h.epochs == 5 and stopper.best == h["loss"][-1]
    with pytest.raises(KeyError, match="EarlyStopping monitors 'val_acc', which fit did not record"):
        fit(model, MSELoss(), SGD(model.parameters(), lr=0.05), data, 2, callbacks=[EarlyStopping(monitor="val_acc")],
            progress=False)


@pytest.mark.parametrize("make", [lambda o: StepLR(o, 1, gamma=0.5), lambda o: ExponentialLR(o, 0.5),
                                  lambda o: CosineAnnealingLR(o, T_max=4)])
def test_a_scheduler_works_as_argument_and_as_callback_with_the_same_lrs(make):
    runs = []
    for how in ("scheduler", "callbacks"):
        model, data, _ = _diverging_setup()
        opt = SGD(model.parameters(), lr=0.2)
        sched = make(opt)
        kwargs = {"scheduler": sched} if how == "scheduler" else {"callbacks": [sched]}
        h = fit(model, MSELoss(), opt, data, 4, batch_size=None, progress=False, **kwargs)
        runs.append((h["lr"], model.weight.data.copy(), opt.lr))
    # by hand: the lr of epoch e is the scheduler's value after e steps, set after the epoch's steps
    model, data, _ = _diverging_setup()
    opt = SGD(model.parameters(), lr=0.2)
    sched = make(opt)
    expected = []
    loss_fn = MSELoss()
    for _ in range(4):
        expected.append(opt.lr)
        opt.zero_grad()
        loss_fn(model(data[0]), data[1])
        model.backward(loss_fn.backward())
        opt.step()
        sched.step()
    for lrs, w, last in runs:
        assert lrs == pytest.approx(expected, rel=1e-15)
        np.testing.assert_allclose(w, model.weight.data, rtol=1e-14)
        assert last == pytest.approx(opt.lr, rel=1e-15)
    assert len(set(expected)) > 1


def test_order_of_calls_in_an_epoch():
    events = []

    class Spy(SGD):
        def step(self, closure=None):
            events.append("optimizer.step")
            return super().step(closure)

    class Sched(StepLR):
        def step(self):
            events.append(f"{self.name}.step")
            super().step()

    class Record(Callback):
        def on_epoch_end(self, epoch, history, model):
            events.append(f"callback({epoch}, val_loss={len(history['val_loss'])})")
            return False

        def on_train_end(self, history, model):
            events.append("on_train_end")

    model, data, val = _diverging_setup()
    opt = Spy(model.parameters(), lr=0.1)
    Sched.name = "arg"
    first = Sched(opt, 1)
    first.name = "arg"
    second = Sched(opt, 1)
    second.name = "cb"
    events.clear()
    fit(model, MSELoss(), opt, data, 2, batch_size=2, val_data=val, scheduler=first, callbacks=[Record(), second],
        progress=False)
    epoch = ["optimizer.step", "optimizer.step", "arg.step"]
    assert events == (epoch + ["callback(1, val_loss=1)", "cb.step"] + epoch + ["callback(2, val_loss=2)", "cb.step"]
                      + ["on_train_end"])


def test_bad_callbacks_are_rejected_by_index():
    model, data, _ = _diverging_setup()
    with pytest.raises(TypeError, match=r"callbacks\[1\] must be a lazylearn.train.Callback, a learning-rate "
                                        r"scheduler or a function"):
        fit(model, MSELoss(), SGD(model.parameters()), data, 1, callbacks=[Callback(), 3], progress=False)
    with pytest.raises(TypeError, match="scheduler must be a lazylearn.optim.lr_scheduler scheduler"):
        fit(model, MSELoss(), SGD(model.parameters()), data, 1, scheduler=lambda: None, progress=False)


def test_docstring_examples_run():
    result = doctest.testmod(callbacks, raise_on_error=False)
    assert result.failed == 0 and result.attempted >= 3
