"""The learning-rate range test (Smith, "Cyclical Learning Rates for Training Neural Networks", 2017).

Train for a few mini-batches while the learning rate grows geometrically from a tiny value to a
large one, and record the loss at each. Plotted against the learning rate (log scale), the loss
stays flat while the rate is too small to matter, falls, then blows up; a good learning rate sits
where the loss falls fastest, somewhat below the point where it turns up. Smith's paper increases
the rate linearly over a few epochs; the geometric sweep over mini-batches used here (as in
fastai and ``torch-lr-finder``) covers many orders of magnitude in one short run.

The test changes the model's parameters and the optimizer's state; both are restored afterwards,
so training can start from the same point with the chosen learning rate.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from .._validation import check_scalar
from .loop import train_step

__all__ = ["lr_range_test"]


def _recycled(batches):
    """Yield the batches of ``batches``, then the same ones again and again (an iterator too)."""
    seen = []
    for batch in batches:
        seen.append(batch)
        yield batch
    while seen:
        yield from seen


def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0,
                  *, smooth=0.0):
    r"""Run the learning-rate range test; return the learning rates used and the losses they gave.

    Iteration :math:`i = 0, \dots, n-1` (:math:`n` = ``num_iter``) sets the learning rate of every
    parameter group to

    .. math::
        \gamma_i = \gamma_{start} \left(\gamma_{end} / \gamma_{start}\right)^{i / (n - 1)}

    (``np.geomspace(start_lr, end_lr, num_iter)[i]``), *then* runs one
    :func:`~lazylearn.train.train_step` on the next mini-batch and records its loss (computed
    before that step's update). The test stops right after recording a loss that exceeds
    ``diverge_th`` times the best loss recorded before it, or that is not finite. When
    ``batches`` holds fewer than ``num_iter`` mini-batches they are used again from the start.

    With ``smooth`` :math:`= s > 0` the recorded losses are an exponential moving average,
    :math:`\ell^s_i = s\,\ell_i + (1 - s)\,\ell^s_{i-1}`, and the stopping rule reads them.

    The model trains in training mode (as in :func:`~lazylearn.train.fit`). Afterwards its mode,
    its parameters and buffers (``state_dict``), their gradients, and the optimizer's state and
    learning rates are put back as they were, even if an error interrupted the test.

    Args:
        model: a :class:`~lazylearn.nn.Module`.
        loss_fn: a loss object: ``loss_fn(output, y)`` returns the loss and ``loss_fn.backward()``
            its gradient with respect to ``output``.
        optimizer: an optimizer over the model's parameters.
        batches: an iterable of ``(x, y)`` mini-batches (a list, or an iterator).
        start_lr: the first learning rate (> 0). Default: 1e-7.
        end_lr: the last learning rate (> ``start_lr``). Default: 10.0.
        num_iter: the number of steps (>= 2). Default: 100.
        diverge_th: stop once the loss exceeds this many times the best one (> 1). Default: 4.0.
        smooth: (keyword-only) weight :math:`s` of the newest loss in the moving average, in
            [0, 1); 0 records the raw losses. Default: 0.

    Returns:
        ``(lrs, losses)``: two float64 arrays of the same length (``num_iter``, or fewer when the
        test stopped early).

    Examples:
        >>> from lazylearn.nn import Linear
        >>> from lazylearn.losses import MSELoss
        >>> from lazylearn.optim import SGD
        >>> rng = np.random.default_rng(0)
        >>> x = rng.normal(size=(64, 3)); y = x @ np.array([[1.0], [-2.0], [0.5]])
        >>> model = Linear(3, 1, rng=0)
        >>> opt = SGD(model.parameters(), lr=0.01)
        >>> lrs, losses = lr_range_test(model, MSELoss(), opt, [(x[:32], y[:32]), (x[32:], y[32:])],
        ...                             start_lr=1e-4, end_lr=10.0, num_iter=50)
        >>> len(lrs) == len(losses), float(lrs[0]), opt.lr    # opt.lr is back to 0.01 afterwards
        (True, 0.0001, 0.01)
    """
    for name in ("param_groups", "zero_grad", "step", "state_dict", "load_state_dict"):
        if not hasattr(optimizer, name):
            raise TypeError(f"optimizer must be a lazylearn.optim.Optimizer (it has no {name}); "
                            f"got {type(optimizer).__name__}.")
    for name in ("state_dict", "load_state_dict", "backward", "parameters"):
        if not callable(getattr(model, name, None)):
            raise TypeError(f"model must be a lazylearn.nn.Module (it has no {name}()); got {type(model).__name__}.")
    if not callable(loss_fn) or not callable(getattr(loss_fn, "backward", None)):
        raise TypeError(f"loss_fn must be a loss object with a backward() method; got {type(loss_fn).__name__}.")
    start_lr = float(check_scalar(start_lr, "start_lr", min_val=0, include_min=False))
    end_lr = float(check_scalar(end_lr, "end_lr", min_val=start_lr, include_min=False))
    num_iter = check_scalar(num_iter, "num_iter", kind=numbers.Integral, min_val=2)
    diverge_th = float(check_scalar(diverge_th, "diverge_th", min_val=1, include_min=False))
    smooth = float(check_scalar(smooth, "smooth", min_val=0, max_val=1, include_max=False))

    saved_model = model.state_dict()
    saved_grads = [None if p.grad is None else p.grad.copy() for p in model.parameters()]
    saved_optimizer = optimizer.state_dict()
    was_training = getattr(model, "training", True)
    lrs, losses = [], []
    best = math.inf
    try:
        model.train()  # it is training: dropout on, batch norm on batch statistics (as fit)
        for lr, (x, y) in zip(np.geomspace(start_lr, end_lr, num_iter), _recycled(batches), strict=False):
            for group in optimizer.param_groups:
                group["lr"] = float(lr)
            loss = train_step(model, loss_fn, optimizer, x, y)
            if smooth > 0 and losses:
                loss = smooth * loss + (1 - smooth) * losses[-1]
            lrs.append(float(lr))
            losses.append(loss)
            if not math.isfinite(loss) or loss > diverge_th * best:
                break
            best = min(best, loss)
    finally:
        model.train(was_training)
        model.load_state_dict(saved_model)
        for p, g in zip(model.parameters(), saved_grads, strict=True):
            p.grad = g
        optimizer.load_state_dict(saved_optimizer)
    if not lrs:
        raise ValueError("batches is empty: the range test needs at least one (x, y) mini-batch.")
    return np.asarray(lrs, dtype=np.float64), np.asarray(losses, dtype=np.float64)
