r"""Regularization: L1/L2 penalties and their gradients, the proximal L1 step, gradient clipping.

**Penalties.** With parameters :math:`w` (all weights, flattened together), the course writes

.. math::
    \text{l2\_penalty} = \frac{\lambda}{2} \sum_j w_j^2, \qquad
    \frac{\partial}{\partial w_j} = \lambda w_j; \qquad\qquad
    \text{l1\_penalty} = \lambda \sum_j |w_j|, \qquad
    \frac{\partial}{\partial w_j} = \lambda\,\mathrm{sign}(w_j)

(:math:`\mathrm{sign}(0) = 0`, the subgradient PyTorch uses). The :math:`\tfrac12` in the L2 penalty
makes its gradient exactly the term that ``SGD(..., weight_decay=lam)`` adds to the gradient, so
:math:`\lambda` *is* ``weight_decay``: adding ``l2_penalty(params, wd)`` to the loss, or
``add_l2_grad_(params, wd)`` to the gradients, gives the same SGD steps as ``weight_decay=wd``,
and each step shrinks the weights by the factor :math:`1 - \gamma\lambda` before the data
gradient acts (hence "weight decay"). For Adam the two differ (the penalty's gradient is rescaled
by Adam's denominator); that is what :class:`~lazylearn.optim.AdamW` fixes.

The subgradient of L1 makes weights jitter around 0 without reaching it; the proximal step
:func:`soft_threshold_`, :math:`w \leftarrow \mathrm{sign}(w)\max(|w| - t, 0)` after a plain
gradient step with :math:`t = \gamma\lambda`, sets them exactly to 0 (ISTA).

**Clipping** as ``torch.nn.utils``: :func:`clip_grad_norm_` rescales all gradients together so
their joint norm is at most ``max_norm``; :func:`clip_grad_value_` clamps each entry.

Every function skips parameters whose ``grad`` is None where it reads gradients, and treats a None
gradient as zeros where it adds to one.

Data augmentation (``gaussian_noise``, ``random_flip``, ``random_shift``) lives in
:mod:`lazylearn.data`.
"""
from __future__ import annotations

import math

import numpy as np

from ._validation import as_float_array, check_scalar

__all__ = [
    "l2_penalty",
    "add_l2_grad_",
    "l1_penalty",
    "add_l1_grad_",
    "soft_threshold_",
    "clip_grad_norm_",
    "clip_grad_norm",
    "clip_grad_value_",
]


# -- penalties -------------------------------------------------------------------------------------
def _weights(parameters, name: str = "parameters") -> list:
    """The weight arrays of a Parameter, an array, or an iterable of them."""
    if isinstance(parameters, np.ndarray) or hasattr(parameters, "grad"):
        return [_as_weight(parameters, name)]
    try:
        items = list(parameters)
    except TypeError:
        raise TypeError(
            f"{name} must be a Parameter, an array or an iterable of them; got {type(parameters).__name__}."
        ) from None
    return [_as_weight(p, f"{name}[{i}]") for i, p in enumerate(items)]


def _as_weight(p, name: str) -> np.ndarray:
    if hasattr(p, "grad") and hasattr(p, "data") and not isinstance(p, np.ndarray):
        return p.data
    return as_float_array(p, name)


def _parameters(parameters) -> list:
    """A list of Parameters (objects with ``data`` and ``grad``), or an error naming the bad item."""
    if hasattr(parameters, "grad") and not isinstance(parameters, np.ndarray):
        parameters = [parameters]
    try:
        parameters = list(parameters)
    except TypeError:
        raise TypeError(
            f"parameters must be a Parameter or an iterable of Parameters; got {type(parameters).__name__}."
        ) from None
    for i, p in enumerate(parameters):
        if not hasattr(p, "grad") or isinstance(p, np.ndarray):
            raise TypeError(
                f"parameters[{i}] must be a Parameter (with a .grad); got {type(p).__name__}. "
                "Pass model.parameters()."
            )
    return parameters


def _strength(value, name: str) -> float:
    return float(check_scalar(value, name, min_val=0))


def _add_to_grad_(p, term: np.ndarray) -> None:
    """``p.grad += term`` in place; a None gradient counts as zeros."""
    if p.grad is None:
        p.grad = term.astype(p.data.dtype, copy=False)
    else:
        p.grad += term


def l2_penalty(parameters, weight_decay) -> float:
    r"""The L2 penalty :math:`\frac{\lambda}{2}\sum_j w_j^2` over all ``parameters``, :math:`\lambda` = ``weight_decay``.

    Args:
        parameters: a :class:`~lazylearn.nn.Parameter` or ndarray, or an iterable of them
            (e.g. ``model.parameters()``; note that this includes biases, which are often left out).
        weight_decay: the strength :math:`\lambda` (>= 0), equal to SGD's ``weight_decay``.

    Examples:
        >>> l2_penalty([np.array([1.0, 2.0]), np.array([[3.0]])], weight_decay=0.1)   # 0.05 * (1 + 4 + 9)
        0.7000000000000001
    """
    weight_decay = _strength(weight_decay, "weight_decay")
    return weight_decay / 2 * float(sum(np.vdot(w, w) for w in _weights(parameters)))


def add_l2_grad_(parameters, weight_decay) -> None:
    r"""Add the gradient of :func:`l2_penalty`, :math:`\lambda w`, to each parameter's ``grad``, in place.

    A step of ``SGD(weight_decay=0)`` after this equals a step of ``SGD(weight_decay=weight_decay)``.

    Examples:
        >>> from lazylearn.nn import Parameter
        >>> p = Parameter(np.array([1.0, -2.0])); p.grad = np.array([0.5, 0.5])
        >>> add_l2_grad_([p], weight_decay=0.5)
        >>> p.grad
        array([ 1. , -0.5])
    """
    weight_decay = _strength(weight_decay, "weight_decay")
    for p in _parameters(parameters):
        _add_to_grad_(p, weight_decay * p.data)


def l1_penalty(parameters, weight) -> float:
    r"""The L1 penalty :math:`\lambda \sum_j |w_j|` over all ``parameters``, :math:`\lambda` = ``weight``.

    Examples:
        >>> l1_penalty(np.array([1.0, -2.0]), weight=0.5)
        1.5
    """
    weight = _strength(weight, "weight")
    return weight * float(sum(np.abs(w).sum() for w in _weights(parameters)))


def add_l1_grad_(parameters, weight) -> None:
    r"""Add the subgradient of :func:`l1_penalty`, :math:`\lambda\,\mathrm{sign}(w)` (0 at 0), to each ``grad``.

    Examples:
        >>> from lazylearn.nn import Parameter
        >>> p = Parameter(np.array([3.0, 0.0, -0.1]))
        >>> add_l1_grad_(p, weight=0.5)     # grad was None: counts as zeros
        >>> p.grad
        array([ 0.5,  0. , -0.5])
    """
    weight = _strength(weight, "weight")
    for p in _parameters(parameters):
        _add_to_grad_(p, weight * np.sign(p.data))


def soft_threshold_(parameters, threshold) -> None:
    r"""The proximal step of L1, in place: :math:`w \leftarrow \mathrm{sign}(w) \max(|w| - t, 0)`.

    Weights within ``threshold`` of 0 become exactly 0; the others move ``threshold`` towards 0
    without changing sign. After a gradient step with learning rate :math:`\gamma`, use
    ``threshold = lr * weight`` (proximal gradient descent, ISTA).

    Args:
        parameters: a Parameter or float ndarray, or an iterable of them; their values change.
        threshold: :math:`t` (>= 0).

    Examples:
        >>> w = np.array([0.3, -0.05, -1.0, 0.0])
        >>> soft_threshold_(w, 0.1)
        >>> w
        array([ 0.2,  0. , -0.9,  0. ])
    """
    threshold = _strength(threshold, "threshold")
    single = isinstance(parameters, np.ndarray) or hasattr(parameters, "grad")
    for i, p in enumerate([parameters] if single else list(parameters)):
        w = p if isinstance(p, np.ndarray) else getattr(p, "data", None)
        if not isinstance(w, np.ndarray) or w.dtype.kind != "f":
            raise TypeError(f"parameters[{i}] must be a Parameter or a float ndarray, changed in place.")
        shrunk = np.maximum(np.abs(w) - threshold, 0.0)
        np.copysign(shrunk, w, out=w)
        w += 0.0  # -0.0 + 0.0 is +0.0: the zeroed weights print as 0, not -0


# -- gradient clipping -----------------------------------------------------------------------------
def _grads(parameters) -> list:
    return [p.grad for p in _parameters(parameters) if p.grad is not None]


def _norm_type(norm_type) -> float:
    if norm_type in ("inf", "Inf"):
        return math.inf
    return float(check_scalar(norm_type, "norm_type", min_val=0, include_min=False))


def _vector_norm(x: np.ndarray, p: float) -> float:
    if p == math.inf:
        return float(np.max(np.abs(x))) if x.size else 0.0
    if p == 2:
        flat = x.ravel()
        return math.sqrt(float(np.dot(flat, flat)))
    if p == 1:
        return float(np.abs(x).sum())
    return float(np.sum(np.abs(x) ** p) ** (1.0 / p))


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False) -> float:
    r"""Rescale the gradients in place so that their joint norm is at most ``max_norm``.

    As ``torch.nn.utils.clip_grad_norm_``: the total norm is the ``norm_type``-norm of all
    gradients taken together (the norm of the per-parameter norms), and every gradient is
    multiplied by

    .. math::
        c = \min\left(1, \frac{\text{max\_norm}}{\text{total\_norm} + 10^{-6}}\right)

    (always, even when :math:`c = 1`). Parameters whose ``grad`` is None are ignored.

    Args:
        parameters: a :class:`~lazylearn.nn.Parameter` or an iterable of them.
        max_norm: the largest allowed norm (>= 0).
        norm_type: the p of the p-norm (> 0), or ``float('inf')`` / ``'inf'`` for the largest
            absolute value. Default: 2.0.
        error_if_nonfinite: raise a RuntimeError when the total norm is NaN or infinite (the
            gradients are then left unchanged). Default: False.

    Returns:
        the total norm of the gradients *before* clipping, as a float (0.0 if no gradient).

    Examples:
        >>> from lazylearn.nn import Parameter
        >>> p = Parameter(np.zeros(2)); p.grad = np.array([3.0, 4.0])
        >>> clip_grad_norm_([p], max_norm=1.0)
        5.0
        >>> p.grad.round(6)
        array([0.6, 0.8])
    """
    max_norm = float(check_scalar(max_norm, "max_norm", min_val=0))
    p = _norm_type(norm_type)
    grads = _grads(parameters)
    if not grads:
        return 0.0
    norms = np.array([_vector_norm(g, p) for g in grads])
    total = _vector_norm(norms, p)
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients is non-finite, so it cannot be clipped. "
            "To disable this error and scale the gradients by the non-finite norm anyway, set "
            "error_if_nonfinite=False"
        )
    coef = min(max_norm / (total + 1e-6), 1.0) if not math.isnan(total) else math.nan
    with np.errstate(invalid="ignore"):  # an infinite gradient times 0 gives NaN, silently, as in torch
        for g in grads:
            g *= coef
    return total


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False) -> float:
    """Alias of :func:`clip_grad_norm_` (the gradients are still modified in place)."""
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite)


def clip_grad_value_(parameters, clip_value) -> None:
    r"""Clamp every gradient entry to ``[-clip_value, clip_value]``, in place (``torch.nn.utils.clip_grad_value_``).

    Examples:
        >>> from lazylearn.nn import Parameter
        >>> p = Parameter(np.zeros(3)); p.grad = np.array([-5.0, 0.2, 9.0])
        >>> clip_grad_value_(p, 1.0)
        >>> p.grad
        array([-1. ,  0.2,  1. ])
    """
    clip_value = float(check_scalar(clip_value, "clip_value", min_val=0))
    for g in _grads(parameters):
        np.clip(g, -clip_value, clip_value, out=g)


