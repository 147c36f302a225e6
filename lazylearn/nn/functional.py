r"""The math of lazylearn as pure functions, named as in ``torch.nn.functional``.

Activations (``sigmoid``, ``logsigmoid``, ``softmax``, ``log_softmax``, ``logsumexp``, ...) and
losses (``mse_loss``, ``cross_entropy``, ...). Each loss function returns the loss as PyTorch's
function of the same name does, reduced with ``reduction`` (:mod:`lazylearn.nn._reduction`); the
loss objects of :mod:`lazylearn.losses` call them in their ``forward`` and write out the
derivative in their ``backward``.

Every function accepts arrays, lists, tuples and numbers (``F.cross_entropy(x, [0, 1])``), and
rejects anything else with an error naming the argument. Float32 stays float32; everything else is
computed in float64.

Numerical stability: nothing here computes ``exp`` of a large positive number or ``log`` of
zero. Logistic losses use :math:`\log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|})`, softmax
losses use log-sum-exp with the maximum subtracted, so logits of :math:`\pm 1000` give finite
losses and gradients.
"""
from __future__ import annotations

import numbers

import numpy as np

from .._validation import (
    as_float_array,
    check_array,
    check_labels,
    check_probabilities,
    check_same_shape,
    check_scalar,
)
from . import _reduction

__all__ = [
    "sigmoid",
    "logsigmoid",
    "softplus",
    "logsumexp",
    "softmax",
    "log_softmax",
    "relu",
    "mse_loss",
    "l1_loss",
    "smooth_l1_loss",
    "huber_loss",
    "msle_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "kl_div",
    "sigmoid_focal_loss",
    "softmax_focal_loss",
    "jaccard_loss",
    "dice_loss",
]


# ----------------------------------------------------------------------------------------------
# Activations
# ----------------------------------------------------------------------------------------------
def _check_dim(x, dim):
    dim = check_scalar(dim, "dim", kind=numbers.Integral)
    if not -max(x.ndim, 1) <= dim < max(x.ndim, 1):
        raise ValueError(f"dim must be in [{-x.ndim}, {x.ndim - 1}] for input of shape {x.shape}; got {dim}.")
    return int(dim)


def sigmoid(input) -> np.ndarray:
    r"""Logistic function :math:`1 / (1 + e^{-x})` without overflow for large :math:`|x|`.

    Uses :math:`e^{-|x|}` only: :math:`1/(1+e^{-|x|})` for :math:`x \ge 0`, and
    :math:`e^{-|x|}/(1+e^{-|x|})` for :math:`x < 0`.

    Examples:
        >>> sigmoid([0.0, 1000.0, -1000.0])
        array([0.5, 1. , 0. ])
    """
    x = as_float_array(input, "input")
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def softplus(input) -> np.ndarray:
    r""":math:`\log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|})`, exact for large :math:`|x|`."""
    x = as_float_array(input, "input")
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def logsigmoid(input) -> np.ndarray:
    r""":math:`\log \sigma(x) = -\text{softplus}(-x)`, finite for any :math:`x`.

    Examples:
        >>> logsigmoid([-1000.0, 0.0, 1000.0]).tolist()
        [-1000.0, -0.6931471805599453, -0.0]
    """
    return -softplus(-as_float_array(input, "input"))


def relu(input) -> np.ndarray:
    """:math:`\\max(x, 0)` elementwise."""
    return np.maximum(as_float_array(input, "input"), 0)


def logsumexp(input, dim: int = -1, keepdim: bool = False) -> np.ndarray:
    r""":math:`\log \sum_j e^{x_j}` along ``dim``, computed as :math:`m + \log\sum_j e^{x_j - m}`
    with :math:`m = \max_j x_j`, so nothing overflows (``torch.logsumexp``).

    Examples:
        >>> round(float(logsumexp([1000.0, 1000.0])), 4)
        1000.6931
    """
    x = as_float_array(input, "input")
    dim = _check_dim(x, dim)
    m = np.max(x, axis=dim, keepdims=True)
    if not np.all(np.isfinite(m)):
        m = np.where(np.isfinite(m), m, 0)  # rows of -inf stay -inf instead of becoming NaN
    e = x - m
    np.exp(e, out=e)
    with np.errstate(divide="ignore"):  # log(0) = -inf for a row of -inf
        out = np.log(e.sum(axis=dim, keepdims=True))
    out += m
    return out if keepdim else np.squeeze(out, axis=dim)


def log_softmax(input, dim: int = -1) -> np.ndarray:
    r""":math:`x_i - \log\sum_j e^{x_j}` along ``dim``, as :math:`(x_i - m) - \log\sum_j e^{x_j - m}`
    with :math:`m = \max_j x_j` (stable; never ``log`` of an underflowed 0)."""
    x = as_float_array(input, "input")
    dim = _check_dim(x, dim)
    m = np.max(x, axis=dim, keepdims=True)
    if not np.isfinite(m).all():  # rows of -inf or +inf: logsumexp's careful path
        return x - logsumexp(x, dim=dim, keepdim=True)
    shifted = x - m
    return shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True))


def softmax(input, dim: int = -1) -> np.ndarray:
    r""":math:`e^{x_i} / \sum_j e^{x_j}` along ``dim``, with the maximum subtracted first.

    Examples:
        >>> softmax([[0.0, 0.0]], dim=1)
        array([[0.5, 0.5]])
    """
    x = as_float_array(input, "input")
    dim = _check_dim(x, dim)
    e = x - np.max(x, axis=dim, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=dim, keepdims=True)
    return e


# ----------------------------------------------------------------------------------------------
# Argument checks of the losses (shared with lazylearn.losses)
# ----------------------------------------------------------------------------------------------
def _pair(input, target, *, probabilities=False, target_probabilities=False):
    """``input`` and ``target`` as finite float arrays of one shape, target in input's dtype."""
    input = check_array(input, "input")
    target = check_array(target, "target")
    check_same_shape(input, target, "input", "target")
    if probabilities:
        check_probabilities(input, "input")
    if target_probabilities:
        check_probabilities(target, "target")
    return input, target.astype(input.dtype, copy=False)


def _broadcast_weight(weight, input, name="weight"):
    """A weight broadcastable to the input's shape (BCE's ``weight``, ``pos_weight``), or None."""
    if weight is None:
        return None
    w = check_array(weight, name).astype(input.dtype, copy=False)
    try:
        np.broadcast_shapes(w.shape, input.shape)
    except ValueError:
        raise ValueError(f"{name} must broadcast to the input's shape {input.shape}; got shape {w.shape}.") from None
    return w


def _class_weight(weight, name="weight", num_classes=None, dtype=None):
    """A non-negative weight per class, shape (C,), or None."""
    if weight is None:
        return None
    w = check_array(weight, name, ndim=1)
    if w.size and w.min() < 0:
        raise ValueError(f"{name} must hold non-negative class weights; got a minimum of {w.min():.4g}.")
    if num_classes is not None and w.shape[0] != num_classes:
        raise ValueError(f"{name} must have one entry per class ({num_classes}); got shape {w.shape}.")
    return w if dtype is None else w.astype(dtype, copy=False)


def _logits(input, fn_name):
    input = check_array(input, "input")
    if input.ndim != 2:
        raise ValueError(
            f"{fn_name} expects input of shape (N, C) (unnormalized logits, one row per sample); "
            f"got shape {input.shape}. For a single sample use input.reshape(1, -1)."
        )
    return input


def _labels(input, target):
    n, c = input.shape
    labels = check_labels(target, c, "target")
    if labels.shape != (n,):
        raise ValueError(f"target must hold one class label per sample, shape ({n},); got shape {labels.shape}.")
    return labels


def _alpha(alpha):
    alpha = float(check_scalar(alpha, "alpha"))
    if alpha > 1:
        raise ValueError(f"alpha must be a float in [0, 1], or negative to turn weighting off; got {alpha!r}.")
    return alpha


def _one_hot(labels, num_classes, dtype):
    out = np.zeros((labels.shape[0], num_classes), dtype=dtype)
    out[np.arange(labels.shape[0]), labels] = 1
    return out


def _cross_entropy_terms(input, target, weight=None, label_smoothing=0.0):
    r"""Checked logits, the weighted target distribution :math:`q` (N, C) and the ``'mean'`` denominator.

    Every form of cross-entropy is :math:`\ell_n = -\sum_c q_{n,c} \log \text{softmax}(x_n)_c`:

    * labels: :math:`q_n = (1 - \varepsilon) w_{y_n} e_{y_n} + \frac{\varepsilon}{C} w`, and
      ``'mean'`` divides by :math:`\sum_n w_{y_n}` (N without weights), as PyTorch;
    * probabilities :math:`y_n`: :math:`q_n = w \odot ((1 - \varepsilon) y_n + \frac{\varepsilon}{C})`,
      and ``'mean'`` divides by N.
    """
    x = _logits(input, "cross_entropy")
    n, c = x.shape
    w = _class_weight(weight, "weight", c, x.dtype)
    eps = float(check_scalar(label_smoothing, "label_smoothing", min_val=0, max_val=1))
    target_arr = np.asarray(target) if not isinstance(target, np.ndarray) else target
    if target_arr.ndim == 2:
        if target_arr.dtype.kind != "f":
            raise ValueError(
                f"target of shape {target_arr.shape} must be float class probabilities; for labels "
                "pass shape (N,) integers."
            )
        _, y = _pair(x, target_arr, target_probabilities=True)
        q = (1 - eps) * y + eps / c if eps else y
        return x, (q if w is None else q * w), None
    labels = _labels(x, target)
    q = _one_hot(labels, c, x.dtype)
    if w is None:
        if eps:
            q = (1 - eps) * q + eps / c
        return x, q, None
    q = (1 - eps) * q * w[labels][:, None] + (eps / c) * w
    return x, q, w[labels].sum()


# ----------------------------------------------------------------------------------------------
# Regression losses (elementwise)
# ----------------------------------------------------------------------------------------------
def mse_loss(input, target, reduction: str = "mean"):
    r"""Squared error :math:`\ell = (x - y)^2`, reduced (``torch.nn.functional.mse_loss``).

    Examples:
        >>> float(mse_loss([1.0, 2.0], [1.0, 4.0]))
        2.0
    """
    x, y = _pair(input, target)
    return _reduction.reduce((x - y) ** 2, _reduction.check(reduction))


def l1_loss(input, target, reduction: str = "mean"):
    r"""Absolute error :math:`\ell = |x - y|`, reduced."""
    x, y = _pair(input, target)
    return _reduction.reduce(np.abs(x - y), _reduction.check(reduction))


def smooth_l1_loss(input, target, reduction: str = "mean", beta: float = 1.0):
    r"""Smooth L1: :math:`\frac{(x - y)^2}{2\beta}` where :math:`|x - y| < \beta`, else
    :math:`|x - y| - \frac{\beta}{2}`; ``beta=0`` is the L1 loss (``torch``'s ``smooth_l1_loss``)."""
    x, y = _pair(input, target)
    beta = float(check_scalar(beta, "beta", min_val=0))
    d = np.abs(x - y)
    values = np.where(d < beta, 0.5 * d * d / (beta or 1), d - 0.5 * beta)
    return _reduction.reduce(values, _reduction.check(reduction))


def huber_loss(input, target, reduction: str = "mean", delta: float = 1.0):
    r"""Huber loss: :math:`\frac12 d^2` if :math:`|d| < \delta`, else :math:`\delta (|d| - \frac12\delta)`,
    :math:`d = x - y`; ``delta * smooth_l1_loss(..., beta=delta)``."""
    x, y = _pair(input, target)
    delta = float(check_scalar(delta, "delta", min_val=0, include_min=False))
    d = np.abs(x - y)
    values = np.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
    return _reduction.reduce(values, _reduction.check(reduction))


def _check_above_minus_one(input, target):
    for name, arr in (("input", input), ("target", target)):
        if arr.size and arr.min() <= -1:
            raise ValueError(f"msle_loss needs {name} > -1 (it takes log(1 + {name})); got a minimum of {arr.min():.4g}.")


def msle_loss(input, target, reduction: str = "mean"):
    r"""Squared logarithmic error :math:`(\log(1 + x) - \log(1 + y))^2`; needs :math:`x, y > -1`.
    Not a PyTorch function: ``mse_loss(torch.log1p(x), torch.log1p(y))`` is the same."""
    x, y = _pair(input, target)
    _check_above_minus_one(x, y)
    return _reduction.reduce((np.log1p(x) - np.log1p(y)) ** 2, _reduction.check(reduction))


# ----------------------------------------------------------------------------------------------
# Binary classification (elementwise)
# ----------------------------------------------------------------------------------------------
def binary_cross_entropy(input, target, weight=None, reduction: str = "mean"):
    r""":math:`-w [y \log x + (1 - y) \log(1 - x)]` on probabilities :math:`x`; each log is
    clamped at -100 as in PyTorch, so :math:`x = 0` or :math:`1` gives a finite loss."""
    x, y = _pair(input, target, probabilities=True, target_probabilities=True)
    w = _broadcast_weight(weight, x)
    with np.errstate(divide="ignore"):  # log(0) = -inf, clamped next
        values = -(y * np.maximum(np.log(x), -100) + (1 - y) * np.maximum(np.log1p(-x), -100))
    return _reduction.reduce(values if w is None else values * w, _reduction.check(reduction))


def binary_cross_entropy_with_logits(input, target, weight=None, reduction: str = "mean", pos_weight=None):
    r"""Binary cross-entropy on logits :math:`x`:

    .. math::
        \ell = -w [p\, y \log \sigma(x) + (1 - y) \log(1 - \sigma(x))]
             = w [p\, y\, \text{softplus}(-x) + (1 - y)\, \text{softplus}(x)]

    with ``pos_weight`` :math:`p` (1 when None), broadcast along the last dimension. Stable for
    any logit, and accurate to rounding also where the loss is tiny (:math:`y = 1, x = 30`:
    :math:`9.36 \times 10^{-14}`, where PyTorch's formula keeps only two digits).

    Examples:
        >>> round(float(binary_cross_entropy_with_logits([0.0], [1.0])), 4)
        0.6931
    """
    x, y = _pair(input, target, target_probabilities=True)
    w, pw = _broadcast_weight(weight, x), _broadcast_weight(pos_weight, x, "pos_weight")
    # y softplus(-x) + (1 - y) softplus(x) (= softplus(x) - x y): a sum of two non-negative terms,
    # so no cancellation; softplus(x) - x y loses the digits of a loss below 1e-13 at |x| = 30
    pos = softplus(-x) * y if pw is None else pw * y * softplus(-x)
    values = pos + (1 - y) * softplus(x)
    return _reduction.reduce(values if w is None else values * w, _reduction.check(reduction))


def sigmoid_focal_loss(inputs, targets, alpha: float = 0.25, gamma: float = 2, reduction: str = "none"):
    r"""Focal loss of RetinaNet (Lin et al., 2017), torchvision's ``sigmoid_focal_loss``:

    .. math::
        \ell = \alpha_t (1 - p_t)^\gamma \, \text{BCE}(x, y), \quad
        p_t = p y + (1 - p)(1 - y), \quad \alpha_t = \alpha y + (1 - \alpha)(1 - y),

    with :math:`p = \sigma(x)`; ``alpha < 0`` turns the :math:`\alpha_t` weighting off. Computed
    stably: :math:`1 - p_t = \sigma(x)(1 - y) + \sigma(-x) y`, without the cancellation of
    :math:`1 - p_t` when :math:`p_t \approx 1`.

    Args:
        inputs: logits, any shape.
        targets: same shape, 0 or 1 (soft labels in [0, 1] also work).
        alpha: weight of the positive class in [0, 1], or negative for none. Default: 0.25.
        gamma: focusing exponent, >= 0. Default: 2.
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'none'`` (as torchvision; the
            class :class:`lazylearn.losses.FocalLoss` defaults to ``'mean'``).

    Examples:
        >>> sigmoid_focal_loss([0.0], [1.0], alpha=-1, gamma=0).round(4)
        array([0.6931])
    """
    x, y = _pair(inputs, targets, target_probabilities=True)
    alpha, gamma = _alpha(alpha), float(check_scalar(gamma, "gamma", min_val=0))
    ce = softplus(x) - x * y
    one_minus_pt = sigmoid(x) * (1 - y) + sigmoid(-x) * y
    values = ce * one_minus_pt**gamma
    if alpha >= 0:
        values = (alpha * y + (1 - alpha) * (1 - y)) * values
    return _reduction.reduce(values, _reduction.check(reduction))


# ----------------------------------------------------------------------------------------------
# Multi-class classification (one loss per sample of (N, C) logits)
# ----------------------------------------------------------------------------------------------
def cross_entropy(input, target, weight=None, reduction: str = "mean", *, label_smoothing: float = 0.0):
    r"""Cross-entropy of logits (N, C) against labels (N,) or class probabilities (N, C), as
    ``torch.nn.functional.cross_entropy``:

    .. math::
        \ell_n = -w_{y_n} \log \frac{e^{x_{n,y_n}}}{\sum_c e^{x_{n,c}}}
        \quad\text{or}\quad \ell_n = -\sum_c w_c\, y_{n,c} \log \frac{e^{x_{n,c}}}{\sum_j e^{x_{n,j}}}

    With labels and ``reduction='mean'`` the sum is divided by :math:`\sum_n w_{y_n}` (the weighted
    mean, as PyTorch); with probabilities by N. ``label_smoothing`` :math:`\varepsilon` mixes the
    target with the uniform distribution, :math:`(1 - \varepsilon) y + \varepsilon / C`, as PyTorch.

    Examples:
        >>> round(float(cross_entropy([[0.0, 0.0], [0.0, 0.0]], [0, 1])), 4)
        0.6931
    """
    x, q, denominator = _cross_entropy_terms(input, target, weight, label_smoothing)
    values = -(q * log_softmax(x, dim=1)).sum(axis=1)
    return _reduction.reduce(values, _reduction.check(reduction), denominator=denominator)


def softmax_focal_loss(input, target, gamma: float = 2.0, alpha=None, reduction: str = "none"):
    r"""Multi-class focal loss on logits (N, C) with labels (N,):
    :math:`\ell_n = -\alpha_{y_n} (1 - p_{n,y_n})^\gamma \log p_{n,y_n}`, :math:`p = \text{softmax}(x)`.

    ``alpha`` is a weight per class, shape (C,), or None. ``'mean'`` divides by N. With ``gamma=0``
    and no ``alpha`` it is the cross-entropy. Arguments in the order of
    :class:`lazylearn.losses.SoftmaxFocalLoss`; the reduction defaults to ``'none'`` as
    :func:`sigmoid_focal_loss`'s (the classes default to ``'mean'``).
    """
    x = _logits(input, "softmax_focal_loss")
    labels = _labels(x, target)
    gamma = float(check_scalar(gamma, "gamma", min_val=0))
    alpha = _class_weight(alpha, "alpha", x.shape[1], x.dtype)
    logp_y = log_softmax(x, dim=1)[np.arange(len(x)), labels]
    q = -np.expm1(logp_y)  # 1 - p_y, exact when p_y is close to 1
    values = -(q**gamma) * logp_y
    return _reduction.reduce(values if alpha is None else alpha[labels] * values, _reduction.check(reduction))


def kl_div(input, target, reduction: str = "mean", log_target: bool = False):
    r"""Kullback-Leibler divergence with ``input`` given as log-probabilities, as PyTorch:
    :math:`\ell = y (\log y - x)` (0 where :math:`y = 0`), or :math:`e^{y} (y - x)` with
    ``log_target=True``. ``reduction='batchmean'`` divides the sum by the batch size, the
    KL divergence of each row; ``'mean'`` divides by the number of elements."""
    x, y = _pair(input, target)
    if not isinstance(log_target, bool):
        raise TypeError(f"log_target must be a bool; got {log_target!r}.")
    if log_target:
        values = np.exp(y) * (y - x)
    else:
        check_probabilities(y, "target")
        values = np.where(y > 0, y * np.log(np.where(y > 0, y, 1)), 0) - y * x
    return _reduction.reduce(values, _reduction.check(reduction, _reduction.KL_REDUCTIONS))


# ----------------------------------------------------------------------------------------------
# Overlap losses for segmentation-like targets (one loss per sample, on logits)
# ----------------------------------------------------------------------------------------------
def _overlap_terms(input, target, smooth):
    """Per-sample sums of :math:`p y`, :math:`p` and :math:`y` (p = sigmoid(input)), checked."""
    x, y = _pair(check_array(input, "input", min_ndim=1), target, target_probabilities=True)
    smooth = float(check_scalar(smooth, "smooth", min_val=0, include_min=False))
    p, y2 = sigmoid(x).reshape(len(x), -1), y.reshape(len(x), -1)
    return x, y, smooth, (p * y2).sum(axis=1), p.sum(axis=1), y2.sum(axis=1)


def jaccard_loss(input, target, smooth: float = 1.0, reduction: str = "mean"):
    r"""Soft Jaccard (IoU) loss on logits, per sample over all non-batch dimensions:

    .. math::
        \ell_n = 1 - \frac{I_n + s}{U_n + s}, \quad I_n = \sum_i p_i y_i,\quad
        U_n = \sum_i p_i + \sum_i y_i - I_n,\quad p = \sigma(x)

    The smoothing term :math:`s` (``smooth``, default 1.0) keeps the ratio defined when both masks
    are empty (loss 0 then) and makes small masks less jumpy. Since :math:`0 \le I \le U`, the loss
    lies in [0, 1].
    """
    _, _, s, inter, sum_p, sum_y = _overlap_terms(input, target, smooth)
    return _reduction.reduce(1 - (inter + s) / (sum_p + sum_y - inter + s), _reduction.check(reduction))


def dice_loss(input, target, smooth: float = 1.0, reduction: str = "mean"):
    r"""Soft Dice loss on logits, per sample over all non-batch dimensions:

    .. math::
        \ell_n = 1 - \frac{2 \sum_i p_i y_i + s}{\sum_i p_i + \sum_i y_i + s}, \quad p = \sigma(x)

    with the smoothing term :math:`s` (``smooth``, default 1.0); the loss lies in [0, 1].
    """
    _, _, s, inter, sum_p, sum_y = _overlap_terms(input, target, smooth)
    return _reduction.reduce(1 - (2 * inter + s) / (sum_p + sum_y + s), _reduction.check(reduction))
