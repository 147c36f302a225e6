r"""Loss reductions, in one place (the role of PyTorch's ``torch.nn._reduction``).

Every loss computes unreduced values :math:`\ell` (one per element, or one per sample) and reduces
them with ``reduction``:

* ``'none'``: :math:`\ell` itself;
* ``'sum'``: :math:`\sum_n \ell_n`;
* ``'mean'``: :math:`\sum_n \ell_n / D`, with :math:`D` the number of values, or a loss's own
  denominator (the total class weight of the targets for weighted cross-entropy, as PyTorch);
* ``'batchmean'`` (:func:`lazylearn.nn.functional.kl_div` only): :math:`\sum_n \ell_n / N`, N the
  batch size.

:func:`reduce` is the forward step and :func:`backward` its derivative
:math:`\partial\, \text{reduced} / \partial \ell` times ``grad_output``: ones for ``'sum'``,
:math:`1/D` for ``'mean'``, and ``grad_output`` itself (default ones) for ``'none'``.
"""
from __future__ import annotations

import math

import numpy as np

from .._validation import check_array

#: the reductions every loss accepts
REDUCTIONS = ("none", "mean", "sum")
#: ``kl_div`` and ``KLDivLoss`` also accept ``'batchmean'``, as PyTorch
KL_REDUCTIONS = REDUCTIONS + ("batchmean",)


def check(reduction, allowed=REDUCTIONS) -> str:
    """Return ``reduction`` if it is one of ``allowed``, else a ValueError listing them."""
    if not isinstance(reduction, str) or reduction not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"reduction must be one of {choices}; got {reduction!r}.")
    return reduction


def _denominator(shape, reduction, denominator):
    if reduction == "batchmean":
        return shape[0] if len(shape) else 1
    return math.prod(shape) if denominator is None else denominator


def reduce(values: np.ndarray, reduction: str, *, denominator=None):
    """Reduce the unreduced loss ``values``: returned as is, summed, or summed and divided.

    Returns ``values`` for ``'none'``, else a 0-d NumPy scalar of the values' dtype.
    """
    if reduction == "none":
        return values
    total = values.sum(dtype=values.dtype)
    if reduction == "sum":
        return total
    return total / values.dtype.type(_denominator(values.shape, reduction, denominator))


def backward(grad_output, shape: tuple, dtype, reduction: str, *, denominator=None):
    """d(reduced loss)/d(values) times ``grad_output``: a scalar, or an array of ``shape`` for ``'none'``.

    ``grad_output`` is None (1), a scalar for the reduced losses, or one value per loss for
    ``'none'``; without it ``'none'`` gives ones, the gradient of the *sum* of the values.
    """
    dtype = np.dtype(dtype)
    g = None if grad_output is None else check_array(grad_output, "grad_output").astype(dtype, copy=False)
    if reduction == "none":
        if g is not None and g.shape != tuple(shape):
            raise ValueError(
                f"grad_output must have the shape of the unreduced loss {tuple(shape)} for "
                f"reduction='none'; got shape {g.shape}."
            )
        return dtype.type(1) if g is None else g
    if g is not None and g.ndim != 0:
        raise ValueError(f"grad_output must be a scalar for reduction={reduction!r}; got shape {g.shape}.")
    g = dtype.type(1) if g is None else dtype.type(g)
    if reduction == "sum":
        return g
    return g / dtype.type(_denominator(tuple(shape), reduction, denominator))
