"""The learning-rate range test (Smith, "Cyclical Learning Rates for Training Neural Networks", 2017).

Train for a few mini-batches while the learning rate grows exponentially from a tiny value to a
large one, and record the loss at each. Plotted against the learning rate (log scale), the loss
stays flat while the rate is too small to matter, falls, then blows up; a good learning rate sits
where the loss falls fastest, somewhat below the point where it turns up. Smith's paper increases
the rate linearly over a few epochs; the exponential sweep over mini-batches used here (as in
fastai and ``torch-lr-finder``) covers many orders of magnitude in one short run.

The test changes the model's parameters and the optimizer's state; both are restored afterwards,
so training can start from the same point with the chosen learning rate.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from .._validation import check_scalar
from . import Optimizer

__all__ = ["lr_range_test"]


def _batch_stream(batches):
    """Yield (x, y) pairs; re-iterate ``batches`` when it runs out if it can be re-iterated."""
    while True:
        iterator = iter(batches)
        empty = True
        for batch in iterator:
            empty = False
            yield batch
        if empty or iterator is batches:  # a one-shot iterator cannot be restarted
            return


def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10, num_iters=100,
                  *, smooth=0.05, diverge_threshold=5.0):
    r"""Run the learning-rate range test and return the learning rates and losses it saw.

    Iteration :math:`i = 0, \dots, n-1` (:math:`n` = ``num_iters``) trains on one mini-batch with

    .. math::
        \gamma_i = \gamma_{start} \left(\gamma_{end} / \gamma_{start}\right)^{i / (n - 1)},

    a geometric sequence from ``start_lr`` to ``end_lr``. Each iteration runs
    ``optimizer.zero_grad()``, ``loss = loss_fn(model(x), y)``, ``model.backward(loss_fn.backward())``
    and ``optimizer.step()``. The recorded loss is smoothed with an exponential moving average,
    :math:`\ell^s_i = s\,\ell_i + (1 - s)\,\ell^s_{i-1}` (:math:`s` = ``smooth``; 0 or 1 records
    the raw losses), and the test stops early, after recording the offending point, once the
    smoothed loss exceeds ``diverge_threshold`` times the best smoothed loss so far or is not finite.

    The model trains in training mode (as in :func:`lazylearn.train.fit`). Afterwards its mode,
    its parameters and buffers (``state_dict``), their gradients, the optimizer's ``lr`` and its
    per-parameter state are put back as they were, even if an error interrupted the test.

    Args:
        model: a :class:`~lazylearn.nn.Module` (needs ``__call__``, ``backward``,
            ``state_dict``, ``load_state_dict`` and ``parameters``).
        loss_fn: a loss object: ``loss_fn(output, y)`` returns the loss and ``loss_fn.backward()``
            its gradient with respect to ``output``.
        optimizer: an :class:`~lazylearn.optim.Optimizer` over the model's parameters.
        batches: an iterable of ``(x, y)`` mini-batches. A list (or anything that can be iterated
            again) is cycled through until ``num_iters`` batches are used; a one-shot iterator
            ends the test when it runs out.
        start_lr: the first learning rate (> 0). Default: 1e-7.
        end_lr: the last learning rate (> ``start_lr``). Default: 10.
        num_iters: the number of mini-batches (>= 2). Default: 100.
        smooth: weight :math:`s` of the newest loss in the moving average, in [0, 1]. Default: 0.05.
        diverge_threshold: stop when the smoothed loss exceeds this many times the best one
            (> 1). Default: 5.0.

    Returns:
        ``(lrs, losses)``: two float64 arrays of the same length (``num_iters``, or fewer when
        the test stopped early): the learning rate used at each iteration and the (smoothed)
        loss it gave.

    Examples:
        >>> import numpy as np
        >>> from lazylearn.nn import Linear
        >>> from lazylearn.losses import MSELoss
        >>> from lazylearn.optim import SGD
        >>> rng = np.random.default_rng(0)
        >>> x = rng.normal(size=(64, 3)); y = x @ np.array([[1.0], [-2.0], [0.5]])
        >>> model = Linear(3, 1, rng=0)
        >>> opt = SGD(model.parameters(), lr=0.01)
        >>> lrs, losses = lr_range_test(model, MSELoss(), opt, [(x[:32], y[:32]), (x[32:], y[32:])],
        ...                             start_lr=1e-4, end_lr=10, num_iters=50)
        >>> len(lrs) == len(losses), float(lrs[0]), opt.lr    # opt.lr is back to 0.01 afterwards
        (True, 0.0001, 0.01)
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be a lazylearn.optim.Optimizer; got {type(optimizer).__name__}.")
    for name in ("state_dict", "load_state_dict", "backward", "parameters"):
        if not callable(getattr(model, name, None)):
            raise TypeError(f"model must be a lazylearn.nn.Module (it has no {name}()); got {type(model).__name__}.")
    if not callable(loss_fn) or not callable(getattr(loss_fn, "backward", None)):
        raise TypeError(f"loss_fn must be a loss object with a backward() method; got {type(loss_fn).__name__}.")
    start_lr = float(check_scalar(start_lr, "start_lr", min_val=0, include_min=False))
    end_lr = float(check_scalar(end_lr, "end_lr", min_val=start_lr, include_min=False))
    num_iters = check_scalar(num_iters, "num_iters", kind=numbers.Integral, min_val=2)
    smooth = float(check_scalar(smooth, "smooth", min_val=0, max_val=1))
    diverge_threshold = float(check_scalar(diverge_threshold, "diverge_threshold", min_val=1, include_min=False))

    schedule = start_lr * (end_lr / start_lr) ** (np.arange(num_iters) / (num_iters - 1))
    saved_model = model.state_dict()
    saved_grads = [None if p.grad is None else p.grad.copy() for p in model.parameters()]
    saved_optimizer = optimizer.state_dict()
    was_training = getattr(model, "training", True)
    lrs, losses = [], []
    best = math.inf
    try:
        model.train()  # it is training: dropout on, batch norm on batch statistics (as fit)
        for lr, (x, y) in zip(schedule, _batch_stream(batches)):
            optimizer.lr = float(lr)
            optimizer.zero_grad()
            loss = float(loss_fn(model(x), y))
            model.backward(loss_fn.backward())
            optimizer.step()
            if smooth > 0 and losses:
                loss = smooth * loss + (1 - smooth) * losses[-1]
            lrs.append(float(lr))
            losses.append(loss)
            if not math.isfinite(loss) or loss > diverge_threshold * best:
                break
            best = min(best, loss)
    finally:
        model.train(was_training)
        model.load_state_dict(saved_model)
        for p, g in zip(model.parameters(), saved_grads):
            p.grad = g
        optimizer.load_state_dict(saved_optimizer)
    if not lrs:
        raise ValueError("batches is empty: the range test needs at least one (x, y) mini-batch.")
    return np.asarray(lrs, dtype=np.float64), np.asarray(losses, dtype=np.float64)
