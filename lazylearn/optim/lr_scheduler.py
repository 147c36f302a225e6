r"""Learning-rate schedules: StepLR, ExponentialLR and CosineAnnealingLR, as ``torch.optim.lr_scheduler``.

A scheduler changes the ``'lr'`` of every parameter group of its optimizer each time its
:meth:`~LRScheduler.step` is called, usually once per epoch, *after* the epoch's
``optimizer.step()`` calls::

    scheduler = StepLR(optimizer, step_size=10, gamma=0.1)
    for epoch in range(30):
        train_one_epoch(model, optimizer)     # calls optimizer.step() for each mini-batch
        scheduler.step()

:func:`lazylearn.train.fit` does the same with ``fit(..., scheduler=scheduler)`` or
``fit(..., callbacks=[scheduler])``. The values are those PyTorch 2.13 produces, computed the same
(recursive) way from each group's current ``lr``. Creating a scheduler counts as its first step
(``last_epoch`` goes from -1 to 0) and leaves the learning rates unchanged; it stores each group's
starting rate as ``group['initial_lr']``.
"""
from __future__ import annotations

import math
import numbers

from .._validation import check_scalar
from .optimizer import Optimizer

__all__ = ["LRScheduler", "StepLR", "ExponentialLR", "CosineAnnealingLR"]


class LRScheduler:
    """Base class of the schedulers: keeps ``last_epoch`` and ``base_lrs`` and sets each group's ``lr``.

    A subclass implements :meth:`get_lr`, returning the list of new learning rates (one per
    parameter group) for the epoch ``last_epoch``, which :meth:`step` has just incremented.

    Args:
        optimizer: the :class:`~lazylearn.optim.Optimizer` whose learning rates are scheduled.
        last_epoch: index of the last epoch done; -1 starts a new schedule. To resume a schedule,
            each parameter group must carry ``'initial_lr'`` (set by the first scheduler created
            on the optimizer). Default: -1.

    Attributes:
        base_lrs: each group's ``initial_lr``, the learning rate when the schedule started.
        last_epoch: the number of times :meth:`step` was called after construction.
    """

    def __init__(self, optimizer, last_epoch: int = -1):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"optimizer must be a lazylearn.optim.Optimizer; got {type(optimizer).__name__}.")
        last_epoch = check_scalar(last_epoch, "last_epoch", kind=numbers.Integral, min_val=-1)
        self.optimizer = optimizer
        for i, group in enumerate(optimizer.param_groups):
            if last_epoch == -1:
                group.setdefault("initial_lr", group["lr"])
            elif "initial_lr" not in group:
                raise ValueError(
                    f"last_epoch >= 0 resumes a schedule, which needs param_groups[{i}]['initial_lr'] "
                    "(set when the first scheduler was created on this optimizer); use last_epoch=-1 "
                    "for a new run."
                )
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = int(last_epoch)
        self._step_count = 0
        self._is_initial = True
        self.step()
        self._is_initial = False

    def get_lr(self) -> list:
        """The learning rates for epoch ``last_epoch``, one per parameter group."""
        raise NotImplementedError(f"{type(self).__name__} must implement get_lr().")

    def step(self) -> None:
        """Advance one epoch and set every group's ``lr`` to the schedule's next value."""
        self._step_count += 1
        self.last_epoch += 1
        for group, lr in zip(self.optimizer.param_groups, self.get_lr(), strict=True):
            group["lr"] = float(lr)
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def get_last_lr(self) -> list:
        """The learning rates set by the last :meth:`step`, one per group (PyTorch's format)."""
        return list(self._last_lr)

    def state_dict(self) -> dict:
        """Everything but the optimizer, as PyTorch's schedulers."""
        return {k: (list(v) if isinstance(v, list) else v) for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict: dict) -> None:
        """Restore what :meth:`state_dict` returned."""
        if not isinstance(state_dict, dict) or "last_epoch" not in state_dict:
            raise TypeError("state_dict must be a dict returned by a scheduler's state_dict().")
        self.__dict__.update({k: (list(v) if isinstance(v, list) else v) for k, v in state_dict.items()})

    def __repr__(self) -> str:
        return f"{type(self).__name__}(last_epoch={self.last_epoch}, lr={self.get_last_lr()!r})"


class StepLR(LRScheduler):
    r"""Multiply the learning rate by ``gamma`` every ``step_size`` epochs.

    .. math::
        \gamma_t = \gamma_0 \cdot \text{gamma}^{\lfloor t / \text{step\_size} \rfloor}

    (computed recursively from each group's current ``lr``, as PyTorch does).

    Args:
        optimizer: the optimizer.
        step_size: period of the decay, in epochs (a positive int).
        gamma: multiplicative factor. Default: 0.1.
        last_epoch: the index of the last epoch. Default: -1.

    Examples:
        >>> import numpy as np
        >>> from lazylearn.nn import Parameter
        >>> from lazylearn.optim import SGD
        >>> opt = SGD([Parameter(np.zeros(1))], lr=1.0)
        >>> sched = StepLR(opt, step_size=2, gamma=0.5)
        >>> lrs = []
        >>> for epoch in range(5):
        ...     lrs.append(opt.param_groups[0]["lr"])
        ...     sched.step()
        >>> lrs
        [1.0, 1.0, 0.5, 0.5, 0.25]
    """

    def __init__(self, optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1):
        self.step_size = check_scalar(step_size, "step_size", kind=numbers.Integral, min_val=1)
        self.gamma = float(check_scalar(gamma, "gamma", min_val=0))
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        lrs = [group["lr"] for group in self.optimizer.param_groups]
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return lrs
        return [lr * self.gamma for lr in lrs]


class ExponentialLR(LRScheduler):
    r"""Multiply the learning rate by ``gamma`` every epoch: :math:`\gamma_t = \gamma_0 \cdot \text{gamma}^t`.

    Args:
        optimizer: the optimizer.
        gamma: multiplicative factor per epoch.
        last_epoch: the index of the last epoch. Default: -1.

    Examples:
        >>> import numpy as np
        >>> from lazylearn.nn import Parameter
        >>> from lazylearn.optim import SGD
        >>> opt = SGD([Parameter(np.zeros(1))], lr=1.0)
        >>> sched = ExponentialLR(opt, gamma=0.5)
        >>> sched.step(); sched.step()
        >>> sched.get_last_lr()
        [0.25]
    """

    def __init__(self, optimizer, gamma: float, last_epoch: int = -1):
        self.gamma = float(check_scalar(gamma, "gamma", min_val=0))
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        lrs = [group["lr"] for group in self.optimizer.param_groups]
        if self._is_initial:
            return lrs
        return [lr * self.gamma for lr in lrs]


class CosineAnnealingLR(LRScheduler):
    r"""Anneal the learning rate from its initial value to ``eta_min`` along half a cosine.

    The closed form (SGDR without restarts, Loshchilov and Hutter 2017) is

    .. math::
        \gamma_t = \eta_{min} + \tfrac12 (\gamma_0 - \eta_{min})
                   \left(1 + \cos\left(\frac{t \pi}{T_{max}}\right)\right),

    but, like PyTorch, each step computes the new value recursively from the group's current
    ``lr``:

    .. math::
        \gamma_t = \eta_{min} + (\gamma_{t-1} - \eta_{min})
                   \frac{1 + \cos(t \pi / T_{max})}{1 + \cos((t - 1) \pi / T_{max})},

    with the step that leaves the minimum, :math:`(t - 1 - T_{max}) \bmod 2T_{max} = 0`, adding
    :math:`(\gamma_0 - \eta_{min})(1 - \cos(\pi / T_{max}))/2` instead. Past :math:`T_{max}` the
    learning rate therefore rises again along the cosine (the recursion equals the closed form,
    periodic with period :math:`2T_{max}`; it neither restarts nor stays at ``eta_min``). The
    recursive form also follows changes made to ``lr`` by other code. A schedule resumed with
    ``last_epoch > 0`` starts from the closed form.

    Args:
        optimizer: the optimizer.
        T_max: number of epochs from the initial learning rate to ``eta_min`` (a positive int).
        eta_min: the minimum learning rate. Default: 0.
        last_epoch: the index of the last epoch. Default: -1.

    Examples:
        >>> import numpy as np
        >>> from lazylearn.nn import Parameter
        >>> from lazylearn.optim import SGD
        >>> opt = SGD([Parameter(np.zeros(1))], lr=1.0)
        >>> sched = CosineAnnealingLR(opt, T_max=2)
        >>> values = []
        >>> for epoch in range(5):
        ...     values.append(round(opt.lr, 6))
        ...     sched.step()
        >>> values
        [1.0, 0.5, 0.0, 0.5, 1.0]
    """

    def __init__(self, optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1):
        self.T_max = check_scalar(T_max, "T_max", kind=numbers.Integral, min_val=1)
        self.eta_min = float(check_scalar(eta_min, "eta_min", min_val=0))
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        t, T, eta_min = self.last_epoch, self.T_max, self.eta_min
        lrs = [group["lr"] for group in self.optimizer.param_groups]
        if self._is_initial:
            return lrs
        if self._step_count == 1 and t > 0:  # resumed: the closed form
            return [eta_min + (base - eta_min) * (1 + math.cos(t * math.pi / T)) / 2 for base in self.base_lrs]
        if (t - 1 - T) % (2 * T) == 0:
            return [lr + (base - eta_min) * (1 - math.cos(math.pi / T)) / 2 for lr, base in zip(lrs, self.base_lrs, strict=True)]
        ratio = (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T))
        return [ratio * (lr - eta_min) + eta_min for lr in lrs]
