r"""Regularization: L1/L2 penalties, gradient clipping and early stopping.

**Penalties.** With parameters :math:`w` (all weights, flattened together) and strength
:math:`\lambda`:

.. math::
    \text{l2\_penalty} = \frac{\lambda}{2} \sum_j w_j^2, \qquad
    \frac{\partial}{\partial w_j} = \lambda w_j; \qquad\qquad
    \text{l1\_penalty} = \lambda \sum_j |w_j|, \qquad
    \frac{\partial}{\partial w_j} = \lambda\,\mathrm{sign}(w_j)

(:math:`\mathrm{sign}(0) = 0`, the subgradient PyTorch uses). The :math:`\tfrac12` in the L2 penalty
makes its gradient exactly the term that ``SGD(..., weight_decay=lam)`` adds to the gradient:
adding ``l2_penalty(params, lam)`` to the loss (and ``l2_penalty_grad`` to the gradients) gives the
same SGD steps as ``weight_decay=lam``, and each step shrinks the weights by the factor
:math:`1 - \gamma\lambda` before the data gradient acts (hence "weight decay"). For Adam the two
differ (the penalty's gradient is rescaled by Adam's denominator); that is what :class:`AdamW` fixes.

**Clipping** as ``torch.nn.utils``: :func:`clip_grad_norm_` rescales all gradients together so
their joint norm is at most ``max_norm``; :func:`clip_grad_value_` clamps each entry.

**Early stopping**: :class:`EarlyStopping` watches a validation metric and says when to stop.

Data augmentation (``gaussian_noise``, ``random_flip``, ``random_shift``) lives in
:mod:`lazylearn.data`.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from ._validation import as_float_array, check_scalar

__all__ = [
    "l1_penalty",
    "l1_penalty_grad",
    "l2_penalty",
    "l2_penalty_grad",
    "clip_grad_norm_",
    "clip_grad_norm",
    "clip_grad_value_",
    "EarlyStopping",
]


# -- penalties -------------------------------------------------------------------------------------
def _weights(params, name: str = "params"):
    """(list of weight arrays, whether a single array/Parameter was given)."""
    if isinstance(params, np.ndarray) or hasattr(params, "grad"):
        return [_as_weight(params, name)], True
    try:
        items = list(params)
    except TypeError:
        raise TypeError(
            f"{name} must be a Parameter, an array or an iterable of them; got {type(params).__name__}."
        ) from None
    return [_as_weight(p, f"{name}[{i}]") for i, p in enumerate(items)], False


def _as_weight(p, name: str) -> np.ndarray:
    if hasattr(p, "grad") and hasattr(p, "data") and not isinstance(p, np.ndarray):
        return p.data
    return as_float_array(p, name)


def _lam(lam) -> float:
    return float(check_scalar(lam, "lam", min_val=0))


def l2_penalty(params, lam) -> float:
    r"""The L2 penalty :math:`\frac{\lambda}{2}\sum_j w_j^2` over all ``params``.

    Args:
        params: a :class:`~lazylearn.nn.Parameter` or ndarray, or an iterable of them
            (e.g. ``model.parameters()``; note that this includes biases, which are often left out).
        lam: the strength :math:`\lambda` (>= 0); equal to SGD's ``weight_decay``.

    Examples:
        >>> l2_penalty([np.array([1.0, 2.0]), np.array([[3.0]])], lam=0.1)   # 0.05 * (1 + 4 + 9)
        0.7000000000000001
    """
    lam = _lam(lam)
    weights, _ = _weights(params)
    return lam / 2 * float(sum(np.vdot(w, w) for w in weights))


def l2_penalty_grad(params, lam):
    r"""The gradient of :func:`l2_penalty`, :math:`\lambda w`, for each of ``params``.

    Returns:
        one array per parameter (a list), or a single array when ``params`` is one Parameter or array.

    Examples:
        >>> l2_penalty_grad(np.array([1.0, -2.0]), lam=0.5)
        array([ 0.5, -1. ])
    """
    lam = _lam(lam)
    weights, single = _weights(params)
    grads = [lam * w for w in weights]
    return grads[0] if single else grads


def l1_penalty(params, lam) -> float:
    r"""The L1 penalty :math:`\lambda \sum_j |w_j|` over all ``params`` (arguments as :func:`l2_penalty`).

    Examples:
        >>> l1_penalty(np.array([1.0, -2.0]), lam=0.5)
        1.5
    """
    lam = _lam(lam)
    weights, _ = _weights(params)
    return lam * float(sum(np.abs(w).sum() for w in weights))


def l1_penalty_grad(params, lam):
    r"""The (sub)gradient of :func:`l1_penalty`, :math:`\lambda\,\mathrm{sign}(w)` (0 at 0).

    Returns:
        one array per parameter (a list), or a single array when ``params`` is one Parameter or array.

    Examples:
        >>> l1_penalty_grad(np.array([3.0, 0.0, -0.1]), lam=0.5)
        array([ 0.5,  0. , -0.5])
    """
    lam = _lam(lam)
    weights, single = _weights(params)
    grads = [lam * np.sign(w) for w in weights]
    return grads[0] if single else grads


# -- gradient clipping -----------------------------------------------------------------------------
def _grads(parameters) -> list:
    if hasattr(parameters, "grad") and not isinstance(parameters, np.ndarray):
        parameters = [parameters]
    try:
        parameters = list(parameters)
    except TypeError:
        raise TypeError(
            f"parameters must be a Parameter or an iterable of Parameters; got {type(parameters).__name__}."
        ) from None
    for i, p in enumerate(parameters):
        if not hasattr(p, "grad"):
            raise TypeError(
                f"parameters[{i}] must be a Parameter (with a .grad); got {type(p).__name__}. "
                "Pass model.parameters()."
            )
    return [p.grad for p in parameters if p.grad is not None]


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


# -- early stopping --------------------------------------------------------------------------------
class EarlyStopping:
    r"""Stop training when a validation metric has stopped improving.

    Call :meth:`step` once per epoch with the metric; it returns True when training should stop:
    after ``patience`` epochs in a row without an improvement. An improvement means
    ``value < best - min_delta`` (``mode='min'``, for a loss) or ``value > best + min_delta``
    (``mode='max'``, for an accuracy). NaN never counts as an improvement.

    With ``restore_best=True`` and a model passed to :meth:`step`, a copy of the model's
    ``state_dict()`` is kept at every improvement and loaded back into the model when
    :meth:`step` returns True (or on :meth:`restore`), so the model ends at its best epoch.

    Args:
        patience: epochs without improvement to wait before stopping (>= 0; 0 stops at the first
            epoch that does not improve). Default: 5.
        min_delta: the smallest change that counts as an improvement (>= 0). Default: 0.
        mode: ``'min'`` or ``'max'``. Default: ``'min'``.
        restore_best: restore the best weights when stopping. Default: True.

    Attributes:
        best: the best value seen (None before the first step).
        best_epoch: the epoch (0-based count of :meth:`step` calls) of ``best``.
        num_bad_epochs: epochs since the last improvement.
        stopped: True once :meth:`step` has returned True.
        best_state: the saved ``state_dict`` of the best epoch, or None.

    Examples:
        >>> stopper = EarlyStopping(patience=2)
        >>> [stopper.step(v) for v in [1.0, 0.8, 0.9, 0.85]]
        [False, False, False, True]
        >>> stopper.best, stopper.best_epoch
        (0.8, 1)
    """

    def __init__(self, patience=5, min_delta=0.0, mode="min", restore_best=True):
        self.patience = check_scalar(patience, "patience", kind=numbers.Integral, min_val=0)
        self.min_delta = float(check_scalar(min_delta, "min_delta", min_val=0))
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max'; got {mode!r}.")
        self.mode = mode
        if not isinstance(restore_best, bool):
            raise TypeError(f"restore_best must be a bool; got {restore_best!r}.")
        self.restore_best = restore_best
        self.reset()

    def reset(self) -> None:
        """Forget everything seen so far."""
        self.best = None
        self.best_epoch = None
        self.best_state = None
        self.num_bad_epochs = 0
        self.epoch = -1
        self.stopped = False

    def _improves(self, value: float) -> bool:
        if math.isnan(value):
            return False
        if self.best is None:
            return True
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def step(self, value, model=None) -> bool:
        """Record this epoch's metric; return True when training should stop.

        Args:
            value: the metric (a real number).
            model: the model, whose ``state_dict()`` is saved at each improvement when
                ``restore_best`` is True. Default: None.
        """
        if isinstance(value, np.ndarray) and value.size == 1:
            value = value.item()
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"value must be a real number (the monitored metric); got {value!r}.")
        value = float(value)
        self.epoch += 1
        if self._improves(value):
            self.best, self.best_epoch, self.num_bad_epochs = value, self.epoch, 0
            if self.restore_best and model is not None:
                self.best_state = model.state_dict()
        else:
            self.num_bad_epochs += 1
        if self.num_bad_epochs >= max(self.patience, 1):
            self.stopped = True
            if self.restore_best and model is not None:
                self.restore(model)
            return True
        return False

    def restore(self, model) -> None:
        """Load the best saved weights into ``model`` (nothing happens if none were saved)."""
        if self.best_state is not None:
            model.load_state_dict(self.best_state)

    def __repr__(self) -> str:
        return (f"EarlyStopping(patience={self.patience}, min_delta={self.min_delta}, mode={self.mode!r}, "
                f"best={self.best}, best_epoch={self.best_epoch})")
