r"""Optimizers: SGD (with momentum and Nesterov), RMSprop, Adagrad, Adam and AdamW; learning-rate schedules.

Each optimizer follows ``torch.optim`` (PyTorch 2.13, the single-tensor code path): the same
argument names, defaults, validation and update rules, written out in each class's docstring, and
each ``step()`` reads like that rule. An optimizer holds ``param_groups`` (a list of dicts, each
with its ``'params'`` and its hyperparameters) and ``state[p]`` per parameter; on ``step()`` it
updates each parameter's ``data`` **in place** from its ``grad``, skipping parameters whose
``grad`` is None. The arithmetic stays in the parameter's dtype: float32 parameters stay float32.

One module per concept: :mod:`~lazylearn.optim.optimizer` (the base class to subclass),
:mod:`~lazylearn.optim.sgd`, :mod:`~lazylearn.optim.rmsprop`, :mod:`~lazylearn.optim.adagrad`,
:mod:`~lazylearn.optim.adam` (Adam and AdamW) and :mod:`~lazylearn.optim.lr_scheduler`. The
learning-rate range test trains, so it lives with training: :func:`lazylearn.train.lr_range_test`.

Differences from PyTorch, on purpose: ``state[p]['step']`` is a Python int rather than a tensor;
``optimizer.lr`` is a shortcut to the lr of an optimizer's only parameter group; there are no
``foreach``, ``fused``, ``capturable`` or ``differentiable`` options.
"""
from __future__ import annotations

from . import lr_scheduler
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "RMSprop", "Adagrad", "Adam", "AdamW", "lr_scheduler"]
