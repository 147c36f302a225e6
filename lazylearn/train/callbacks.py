r"""Callbacks for :func:`lazylearn.train.fit`: early stopping, and schedulers as callbacks.

A callback is an object with two methods, called by :func:`~lazylearn.train.fit` in this order:

* ``on_epoch_end(epoch, history, model) -> bool`` after each epoch (epoch counted from 1), once
  the epoch's optimizer steps are done and its losses (and validation loss) are in ``history``;
  returning True stops training after this epoch;
* ``on_train_end(history, model)`` once, when training ends (stopped or not).

:class:`Callback` is the base class to subclass. ``fit`` also accepts, in ``callbacks``, a
learning-rate scheduler (its ``step()`` is called at ``on_epoch_end``, after the optimizer
steps, as in PyTorch) and a plain function ``cb(epoch, history, model) -> bool``.
"""
from __future__ import annotations

import copy
import math
import numbers

import numpy as np

from .._validation import check_scalar
from ..optim.lr_scheduler import LRScheduler

__all__ = ["Callback", "EarlyStopping", "SchedulerCallback", "LambdaCallback", "as_callbacks"]


class Callback:
    """Base class of the callbacks of :func:`~lazylearn.train.fit`: both hooks do nothing."""

    def on_epoch_end(self, epoch: int, history, model) -> bool:
        """Called after each epoch (``epoch`` from 1); return True to stop training."""
        return False

    def on_train_end(self, history, model) -> None:
        """Called once when training ends."""


class SchedulerCallback(Callback):
    """A learning-rate scheduler as a callback: ``scheduler.step()`` at the end of every epoch."""

    def __init__(self, scheduler):
        self.scheduler = scheduler

    def on_epoch_end(self, epoch, history, model) -> bool:
        self.scheduler.step()
        return False


class LambdaCallback(Callback):
    """A function ``fn(epoch, history, model) -> bool`` as a callback."""

    def __init__(self, fn):
        self.fn = fn

    def on_epoch_end(self, epoch, history, model) -> bool:
        return bool(self.fn(epoch, history, model))


def as_callbacks(items) -> list:
    """Each of ``items`` as a :class:`Callback`: schedulers and functions are wrapped."""
    out = []
    for i, cb in enumerate(items):
        if isinstance(cb, LRScheduler):
            out.append(SchedulerCallback(cb))
        elif isinstance(cb, Callback):
            out.append(cb)
        elif callable(cb):
            out.append(LambdaCallback(cb))
        else:
            raise TypeError(
                f"callbacks[{i}] must be a lazylearn.train.Callback, a learning-rate scheduler or a "
                f"function cb(epoch, history, model); got {type(cb).__name__}."
            )
    return out


class EarlyStopping(Callback):
    r"""Stop training when a monitored metric has stopped improving, and keep the best weights.

    Call :meth:`step` once per epoch with the metric; it returns True when training should stop:
    after ``patience`` epochs in a row without an improvement. An improvement means
    ``metric < best - min_delta`` (``mode='min'``, for a loss) or ``metric > best + min_delta``
    (``mode='max'``, for an accuracy). NaN never counts as an improvement.

    When :meth:`step` is given the model, a deep copy of its ``state_dict()`` is kept at every
    improvement as ``best_state``, and :meth:`restore` loads it back. Within
    :func:`~lazylearn.train.fit` the monitored metric is ``history[monitor][-1]`` after each
    epoch, and with ``restore_best_weights=True`` the best weights are loaded into the model when
    training ends (early or not), so the model ends at its best epoch.

    Args:
        patience: epochs without improvement to wait before stopping (>= 0; 0 stops at the first
            epoch that does not improve, as 1 does). Default: 5.
        min_delta: the smallest change that counts as an improvement (>= 0). Default: 0.
        mode: ``'min'`` or ``'max'``. Default: ``'min'``.
        monitor: (keyword-only) the history key watched within :func:`~lazylearn.train.fit`, or
            None for ``'val_loss'`` when there is validation data and ``'loss'`` otherwise.
            Default: None.
        restore_best_weights: (keyword-only) load the best weights into the model when
            :func:`~lazylearn.train.fit` ends. Default: True.

    Attributes:
        best: the best value seen (None before the first step).
        best_epoch: the index (from 0) of the :meth:`step` call that saw ``best``.
        num_bad_epochs: epochs since the last improvement.
        best_state: a deep copy of the model's ``state_dict()`` at ``best``, or None.
        stopped: True once :meth:`step` has returned True.

    Examples:
        >>> stopper = EarlyStopping(patience=2)
        >>> [stopper.step(v) for v in [1.0, 0.8, 0.9, 0.85]]
        [False, False, False, True]
        >>> stopper.best, stopper.best_epoch, stopper.num_bad_epochs
        (0.8, 1, 2)
    """

    def __init__(self, patience=5, min_delta=0.0, mode="min", *, monitor=None, restore_best_weights=True):
        self.patience = check_scalar(patience, "patience", kind=numbers.Integral, min_val=0)
        self.min_delta = float(check_scalar(min_delta, "min_delta", min_val=0))
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max'; got {mode!r}.")
        self.mode = mode
        if monitor is not None and not isinstance(monitor, str):
            raise TypeError(f"monitor must be a history key such as 'val_loss', or None; got {monitor!r}.")
        self.monitor = monitor
        if not isinstance(restore_best_weights, bool):
            raise TypeError(f"restore_best_weights must be a bool; got {restore_best_weights!r}.")
        self.restore_best_weights = restore_best_weights
        self.reset()

    def reset(self) -> None:
        """Forget everything seen so far."""
        self.best = None
        self.best_epoch = None
        self.best_state = None
        self.num_bad_epochs = 0
        self.stopped = False
        self._calls = 0

    def _improves(self, value: float) -> bool:
        if math.isnan(value):
            return False
        if self.best is None:
            return True
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def step(self, metric, model=None) -> bool:
        """Record this epoch's metric; return True when training should stop.

        Args:
            metric: the monitored value (a real number).
            model: the model, whose ``state_dict()`` is deep-copied at each improvement. Default: None.
        """
        if isinstance(metric, np.ndarray) and metric.size == 1:
            metric = metric.item()
        if isinstance(metric, bool) or not isinstance(metric, numbers.Real):
            raise TypeError(f"metric must be a real number (the monitored value); got {metric!r}.")
        metric = float(metric)
        if self._improves(metric):
            self.best, self.best_epoch, self.num_bad_epochs = metric, self._calls, 0
            if model is not None:
                self.best_state = copy.deepcopy(model.state_dict())
        else:
            self.num_bad_epochs += 1
        self._calls += 1
        if self.num_bad_epochs >= max(self.patience, 1):
            self.stopped = True
        return self.stopped

    def restore(self, model) -> None:
        """Load the best saved weights into ``model`` (nothing happens if none were saved)."""
        if self.best_state is not None:
            model.load_state_dict(self.best_state)

    # -- as a callback of fit ----------------------------------------------------------------
    def on_epoch_end(self, epoch, history, model) -> bool:
        key = self.monitor or ("val_loss" if history.get("val_loss") else "loss")
        if not history.get(key):
            raise KeyError(f"EarlyStopping monitors {key!r}, which fit did not record; recorded: {sorted(history)}.")
        return self.step(history[key][-1], model=model)

    def on_train_end(self, history, model) -> None:
        if self.restore_best_weights:
            self.restore(model)

    def __repr__(self) -> str:
        return (f"EarlyStopping(patience={self.patience}, min_delta={self.min_delta}, mode={self.mode!r}, "
                f"best={self.best}, best_epoch={self.best_epoch})")
