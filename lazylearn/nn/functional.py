r"""The math of lazylearn as pure functions, named as in ``torch.nn.functional``.

Activations (``sigmoid``, ``softmax``, ``log_softmax``, ``logsumexp``, ...) and losses. Each loss
comes as a pair: ``name(input, target, ..., reduction=...)`` returns the loss as PyTorch's function
of the same name does, and ``name_grad(input, target, ...)`` returns the derivative of the
*unreduced* loss with respect to ``input`` (elementwise for elementwise losses, or the gradient of
each sample's loss for per-sample losses). :mod:`lazylearn.losses` combines the two with
:func:`_reduce` and :func:`_reduce_grad` into loss objects with a ``backward()``.

Numerical stability: nothing here computes ``exp`` of a large positive number or ``log`` of
zero. Logistic losses use :math:`\log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|})`, softmax
losses use log-sum-exp with the maximum subtracted, so logits of :math:`\pm 1000` give finite
losses and gradients.

Inputs are assumed checked by the caller (the loss classes validate them); the functions accept
float32 or float64 arrays and compute in that dtype.
"""
from __future__ import annotations

import numpy as np

from .._validation import check_array, check_reduction

__all__ = [
    "sigmoid",
    "log_sigmoid",
    "softplus",
    "logsumexp",
    "softmax",
    "log_softmax",
    "relu",
    "mse_loss",
    "mse_loss_grad",
    "l1_loss",
    "l1_loss_grad",
    "msle_loss",
    "msle_loss_grad",
    "huber_loss",
    "huber_loss_grad",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "kl_div",
    "kl_div_grad",
    "sigmoid_focal_loss",
    "sigmoid_focal_loss_grad",
    "softmax_focal_loss",
    "softmax_focal_loss_grad",
    "jaccard_loss",
    "jaccard_loss_grad",
    "dice_loss",
    "dice_loss_grad",
]


# ----------------------------------------------------------------------------------------------
# Reductions (one place for every loss)
# ----------------------------------------------------------------------------------------------
def _reduce(values: np.ndarray, reduction: str, *, denominator=None, allowed=("none", "mean", "sum")):
    """Reduce per-element (or per-sample) loss values as PyTorch's ``reduction=`` does.

    Args:
        values: the unreduced losses.
        reduction: ``'none'`` (returned as is), ``'sum'``, ``'mean'`` (the sum divided by
            ``denominator``, by default the number of values) or ``'batchmean'`` (the sum divided
            by ``values.shape[0]``, for :func:`kl_div`).
        denominator: what ``'mean'`` divides by, e.g. the sum of the class weights of the targets
            for weighted cross-entropy. Default: None (``values.size``).
        allowed: the reductions accepted.

    Returns:
        ``values`` for ``'none'``, else a 0-d NumPy scalar of the values' dtype.
    """
    check_reduction(reduction, allowed)
    if reduction == "none":
        return values
    total = values.sum(dtype=values.dtype)
    if reduction == "sum":
        return total
    if reduction == "batchmean":
        return total / values.dtype.type(values.shape[0] if values.ndim else 1)
    return total / values.dtype.type(values.size if denominator is None else denominator)


def _reduce_grad(shape: tuple, dtype, reduction: str, grad_output=None, *, denominator=None):
    """d(reduced loss)/d(unreduced values) times ``grad_output``: a scalar or an array of ``shape``.

    For ``'none'`` without ``grad_output`` this is the gradient of the *sum* (ones), so that
    ``backward()`` of an unreduced loss gives each element's own gradient.
    """
    dtype = np.dtype(dtype)
    if grad_output is not None:
        grad_output = check_array(grad_output, "grad_output").astype(dtype, copy=False)
    if reduction == "none":
        if grad_output is None:
            return dtype.type(1)
        g = grad_output
        if g.shape != tuple(shape):
            raise ValueError(
                f"grad_output must have the shape of the unreduced loss {tuple(shape)} for "
                f"reduction='none'; got shape {g.shape}."
            )
        return g
    g = dtype.type(1) if grad_output is None else grad_output
    if g.ndim != 0:
        raise ValueError(f"grad_output must be a scalar for reduction={reduction!r}; got shape {g.shape}.")
    g = dtype.type(g)
    size = int(np.prod(shape))
    if reduction == "sum":
        return g
    if reduction == "batchmean":
        return g / dtype.type(shape[0] if len(shape) else 1)
    return g / dtype.type(size if denominator is None else denominator)


# ----------------------------------------------------------------------------------------------
# Activations
# ----------------------------------------------------------------------------------------------
def sigmoid(x: np.ndarray) -> np.ndarray:
    r"""Logistic function :math:`1 / (1 + e^{-x})` without overflow for large :math:`|x|`.

    Uses :math:`e^{-|x|}` only: :math:`1/(1+e^{-|x|})` for :math:`x \ge 0`, and
    :math:`e^{-|x|}/(1+e^{-|x|})` for :math:`x < 0`.
    """
    x = np.asarray(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def softplus(x: np.ndarray) -> np.ndarray:
    r""":math:`\log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|})`, exact for large :math:`|x|`."""
    x = np.asarray(x)
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    r""":math:`\log \sigma(x) = -\text{softplus}(-x)`."""
    return -softplus(-np.asarray(x))


def relu(x: np.ndarray) -> np.ndarray:
    """:math:`\\max(x, 0)` elementwise."""
    return np.maximum(x, 0)


def logsumexp(x: np.ndarray, dim: int = -1, keepdim: bool = False) -> np.ndarray:
    r""":math:`\log \sum_j e^{x_j}` along ``dim``, computed as :math:`m + \log\sum_j e^{x_j - m}`
    with :math:`m = \max_j x_j`, so nothing overflows."""
    x = np.asarray(x)
    m = np.max(x, axis=dim, keepdims=True)
    if not np.all(np.isfinite(m)):
        m = np.where(np.isfinite(m), m, 0)  # rows of -inf stay -inf instead of becoming NaN
    e = x - m
    np.exp(e, out=e)
    with np.errstate(divide="ignore"):  # log(0) = -inf for a row of -inf
        out = np.log(e.sum(axis=dim, keepdims=True))
    out += m
    return out if keepdim else np.squeeze(out, axis=dim)


def log_softmax(x: np.ndarray, dim: int = -1) -> np.ndarray:
    r""":math:`x_i - \log\sum_j e^{x_j}` along ``dim`` (stable; never ``log`` of an underflowed 0)."""
    x = np.asarray(x)
    return x - logsumexp(x, dim=dim, keepdim=True)


def softmax(x: np.ndarray, dim: int = -1) -> np.ndarray:
    r""":math:`e^{x_i} / \sum_j e^{x_j}` along ``dim``, with the maximum subtracted first."""
    x = np.asarray(x)
    e = x - np.max(x, axis=dim, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=dim, keepdims=True)
    return e


# ----------------------------------------------------------------------------------------------
# Regression losses (elementwise)
# ----------------------------------------------------------------------------------------------
def mse_loss(input, target, reduction: str = "mean"):
    r"""Squared error :math:`(x - y)^2`, reduced."""
    return _reduce((input - target) ** 2, reduction)


def mse_loss_grad(input, target):
    r""":math:`\partial (x - y)^2 / \partial x = 2 (x - y)`."""
    return 2 * (input - target)


def l1_loss(input, target, reduction: str = "mean"):
    r"""Absolute error :math:`|x - y|`, reduced."""
    return _reduce(np.abs(input - target), reduction)


def l1_loss_grad(input, target):
    r""":math:`\partial |x - y| / \partial x = \operatorname{sign}(x - y)` (0 where equal, as PyTorch)."""
    return np.sign(input - target)


def msle_loss(input, target, reduction: str = "mean"):
    r"""Squared logarithmic error :math:`(\log(1 + x) - \log(1 + y))^2`; needs :math:`x, y > -1`."""
    return _reduce((np.log1p(input) - np.log1p(target)) ** 2, reduction)


def msle_loss_grad(input, target):
    r""":math:`2 (\log(1 + x) - \log(1 + y)) / (1 + x)`."""
    return 2 * (np.log1p(input) - np.log1p(target)) / (1 + input)


def huber_loss(input, target, reduction: str = "mean", delta: float = 1.0):
    r"""Huber loss: :math:`\frac12 d^2` if :math:`|d| < \delta`, else :math:`\delta (|d| - \frac12\delta)`, :math:`d = x - y`."""
    d = np.abs(input - target)
    return _reduce(np.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)), reduction)


def huber_loss_grad(input, target, delta: float = 1.0):
    r""":math:`d` where :math:`|d| < \delta`, else :math:`\delta \operatorname{sign}(d)`."""
    d = input - target
    return np.clip(d, -delta, delta)


# ----------------------------------------------------------------------------------------------
# Binary classification
# ----------------------------------------------------------------------------------------------
def binary_cross_entropy(input, target, weight=None, reduction: str = "mean"):
    r""":math:`-w [y \log x + (1 - y) \log(1 - x)]` on probabilities :math:`x`; each log is
    clamped at -100 as in PyTorch, so :math:`x = 0` or :math:`1` gives a finite loss."""
    with np.errstate(divide="ignore"):  # log(0) = -inf, clamped next
        log_x = np.maximum(np.log(input), -100)
        log_1mx = np.maximum(np.log1p(-input), -100)
    values = -(target * log_x + (1 - target) * log_1mx)
    if weight is not None:
        values = values * weight
    return _reduce(values, reduction)


def binary_cross_entropy_grad(input, target, weight=None):
    r""":math:`w (x - y) / \max(x (1 - x), 10^{-12})`, PyTorch's formula (finite at 0 and 1)."""
    g = (input - target) / np.maximum((1 - input) * input, 1e-12)
    return g if weight is None else g * weight


def binary_cross_entropy_with_logits(input, target, weight=None, reduction: str = "mean", pos_weight=None):
    r"""Binary cross-entropy on logits :math:`x`:

    .. math::
        \ell = -w [p\, y \log \sigma(x) + (1 - y) \log(1 - \sigma(x))]
             = w [(1 - y) x + (1 + (p - 1) y)\, \text{softplus}(-x)]

    with ``pos_weight`` :math:`p` (1 when None). Stable for any logit.
    """
    if pos_weight is None:
        values = softplus(input) - input * target  # (1 - y) x + softplus(-x)
    else:
        log_weight = 1 + (pos_weight - 1) * target
        values = (1 - target) * input + log_weight * softplus(-input)
    if weight is not None:
        values = values * weight
    return _reduce(values, reduction)


def binary_cross_entropy_with_logits_grad(input, target, weight=None, pos_weight=None):
    r""":math:`w [(1 - y) - (1 + (p - 1) y) \sigma(-x)]`, which is :math:`w (\sigma(x) - y)` when :math:`p = 1`."""
    if pos_weight is None:
        g = sigmoid(input) - target
    else:
        g = (1 - target) - (1 + (pos_weight - 1) * target) * sigmoid(-input)
    return g if weight is None else g * weight


def sigmoid_focal_loss(inputs, targets, alpha: float = 0.25, gamma: float = 2, reduction: str = "none"):
    r"""Focal loss of RetinaNet (Lin et al., 2017), the formula of torchvision's ``sigmoid_focal_loss``:

    .. math::
        \ell = \alpha_t (1 - p_t)^\gamma \, \text{BCE}(x, y), \quad
        p_t = p y + (1 - p)(1 - y), \quad \alpha_t = \alpha y + (1 - \alpha)(1 - y),

    with :math:`p = \sigma(x)`; ``alpha < 0`` turns the :math:`\alpha_t` weighting off.
    Computed stably: :math:`1 - p_t = \sigma(x)(1 - y) + \sigma(-x) y` without the cancellation
    of :math:`1 - p_t` when :math:`p_t \approx 1`.

    Args:
        inputs: logits, any shape.
        targets: same shape, 0 or 1 (soft labels in [0, 1] also work).
        alpha: weight of the positive class in (0, 1), or negative for none. Default: 0.25.
        gamma: focusing exponent, >= 0. Default: 2.
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'none'`` (as torchvision).
    """
    ce = softplus(inputs) - inputs * targets
    one_minus_pt = sigmoid(inputs) * (1 - targets) + sigmoid(-inputs) * targets
    loss = ce * one_minus_pt ** gamma
    if alpha >= 0:
        loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss
    return _reduce(loss, reduction)


def sigmoid_focal_loss_grad(inputs, targets, alpha: float = 0.25, gamma: float = 2):
    r"""Derivative of the unreduced :func:`sigmoid_focal_loss` with respect to the logits.

    With :math:`s = \sigma(x)`, :math:`m = 1 - p_t`, :math:`\text{CE}' = s - y` and
    :math:`m' = s(1 - s)(1 - 2y)`:

    .. math::
        \frac{\partial \ell}{\partial x} = \alpha_t \left[(s - y)\, m^\gamma
            + \gamma\, \text{CE}\, m^\gamma \frac{s(1 - s)}{m} (1 - 2y)\right]

    The ratio :math:`s(1-s)/m` lies in [0, 1] (m is a mix of s and 1 - s); where :math:`m`
    underflows to 0 its limit :math:`p_t` is used, so the gradient is finite for any logit and
    any :math:`\gamma \ge 0` (the direct form :math:`m^{\gamma - 1}` is infinite at 0 for
    :math:`\gamma < 1`).
    """
    s, s_neg = sigmoid(inputs), sigmoid(-inputs)
    ce = softplus(inputs) - inputs * targets
    m = s * (1 - targets) + s_neg * targets
    pt = s * targets + s_neg * (1 - targets)
    safe_m = np.where(m > 0, m, 1)
    ratio = np.where(m > 0, s * s_neg / safe_m, pt)  # s(1-s)/m, its limit p_t where m = 0
    m_gamma = m ** gamma
    grad = (s - targets) * m_gamma + gamma * ce * m_gamma * ratio * (1 - 2 * targets)
    if alpha >= 0:
        grad = (alpha * targets + (1 - alpha) * (1 - targets)) * grad
    return grad


# ----------------------------------------------------------------------------------------------
# Multi-class classification (per-sample losses on (N, C) logits)
# ----------------------------------------------------------------------------------------------
def _one_hot(labels, num_classes, dtype):
    out = np.zeros((labels.shape[0], num_classes), dtype=dtype)
    out[np.arange(labels.shape[0]), labels] = 1
    return out


def cross_entropy(input, target, weight=None, reduction: str = "mean"):
    r"""Cross-entropy of logits ``input`` (N, C) against integer labels (N,) or class
    probabilities (N, C), as ``torch.nn.functional.cross_entropy``:

    .. math::
        \ell_n = -w_{y_n} \log \frac{e^{x_{n,y_n}}}{\sum_c e^{x_{n,c}}}
        \quad\text{or}\quad \ell_n = -\sum_c w_c\, y_{n,c} \log \frac{e^{x_{n,c}}}{\sum_j e^{x_{n,j}}}

    With labels and ``reduction='mean'`` the sum is divided by :math:`\sum_n w_{y_n}` (the weighted
    mean, as PyTorch); with probabilities it is divided by N.
    """
    logp = log_softmax(input, dim=1)
    if target.ndim == 1:
        picked = -logp[np.arange(input.shape[0]), target]
        if weight is None:
            return _reduce(picked, reduction)
        w = weight[target]
        return _reduce(w * picked, reduction, denominator=w.sum())
    values = -(target * logp if weight is None else target * weight * logp).sum(axis=1)
    return _reduce(values, reduction)


def cross_entropy_grad(input, target, weight=None):
    r"""Gradient of each sample's cross-entropy :math:`\ell_n` with respect to its logits, shape (N, C).

    Labels: :math:`w_{y_n} (\text{softmax}(x_n) - \text{onehot}(y_n))`.
    Probabilities: :math:`\text{softmax}(x_n) \sum_c w_c y_{n,c} - w \odot y_n`.
    """
    p = softmax(input, dim=1)
    if target.ndim == 1:
        rows = np.arange(input.shape[0])
        p[rows, target] -= 1
        return p if weight is None else p * weight[target][:, None]
    wy = target if weight is None else target * weight
    return p * wy.sum(axis=1, keepdims=True) - wy


def softmax_focal_loss(input, target, gamma: float = 2.0, alpha=None, reduction: str = "mean"):
    r"""Multi-class focal loss on logits (N, C) with integer labels (N,):
    :math:`\ell_n = -\alpha_{y_n} (1 - p_{n,y_n})^\gamma \log p_{n,y_n}`, :math:`p = \text{softmax}(x)`.

    ``alpha`` is a per-class weight vector (C,) or None (all ones). ``'mean'`` divides by N. With
    ``gamma=0`` and no ``alpha`` it is the cross-entropy.
    """
    logp_y = log_softmax(input, dim=1)[np.arange(input.shape[0]), target]
    q = -np.expm1(logp_y)  # 1 - p_y, exact when p_y is close to 1
    values = -(q ** gamma) * logp_y
    if alpha is not None:
        values = alpha[target] * values
    return _reduce(values, reduction)


def softmax_focal_loss_grad(input, target, gamma: float = 2.0, alpha=None):
    r"""Gradient of each sample's :func:`softmax_focal_loss` with respect to its logits, (N, C):

    .. math::
        \frac{\partial \ell}{\partial x_j} = \alpha_y (\delta_{jy} - p_j)
            \left[\gamma\, p_y\, q^{\gamma} \frac{\log p_y}{q} - q^\gamma\right], \quad q = 1 - p_y,

    where :math:`\log(p_y)/q = \log(1 - q)/q` lies in :math:`(-\infty, -1]` and the bracket's first
    term is taken as its limit 0 where :math:`q = 0`.
    """
    rows = np.arange(input.shape[0])
    logp = log_softmax(input, dim=1)
    p = np.exp(logp)
    logp_y = logp[rows, target]
    p_y = p[rows, target]
    q = -np.expm1(logp_y)
    q_gamma = q ** gamma
    ratio = np.where(q > 0, logp_y / np.where(q > 0, q, 1), 0)
    bracket = gamma * p_y * q_gamma * ratio - q_gamma
    delta_minus_p = -p
    delta_minus_p[rows, target] += 1
    grad = delta_minus_p * bracket[:, None]
    if alpha is not None:
        grad *= alpha[target][:, None]
    return grad


def kl_div(input, target, reduction: str = "mean", log_target: bool = False):
    r"""Kullback-Leibler divergence with ``input`` given as log-probabilities, as PyTorch:
    :math:`\ell = y (\log y - x)` (0 where :math:`y = 0`), or :math:`e^{y} (y - x)` with
    ``log_target=True``. ``reduction='batchmean'`` divides the sum by the batch size, the
    mathematically correct KL divergence; ``'mean'`` divides by the number of elements."""
    if log_target:
        values = np.exp(target) * (target - input)
    else:
        safe = np.where(target > 0, target, 1)
        values = np.where(target > 0, target * np.log(safe), 0) - target * input
    return _reduce(values, reduction, allowed=("none", "mean", "sum", "batchmean"))


def kl_div_grad(input, target, log_target: bool = False):
    r""":math:`\partial \ell / \partial x = -y` (or :math:`-e^{y}` with ``log_target``)."""
    return -np.exp(target) if log_target else -target


# ----------------------------------------------------------------------------------------------
# Overlap losses for segmentation-like targets (per-sample, on logits)
# ----------------------------------------------------------------------------------------------
def _per_sample(x):
    return x.reshape(x.shape[0], -1)


def jaccard_loss(input, target, smooth: float = 1.0, reduction: str = "mean"):
    r"""Soft Jaccard (IoU) loss on logits, per sample over all non-batch dimensions:

    .. math::
        \ell_n = 1 - \frac{I_n + s}{U_n + s}, \quad I_n = \sum_i p_i y_i,\quad
        U_n = \sum_i p_i + \sum_i y_i - I_n,\quad p = \sigma(x)

    The smoothing term :math:`s` (``smooth``, default 1.0) keeps the ratio defined when both masks
    are empty (loss 0 then) and makes small masks less jumpy. Since :math:`0 \le I \le U`, the loss
    lies in [0, 1].
    """
    p, y = _per_sample(sigmoid(input)), _per_sample(target)
    inter = (p * y).sum(axis=1)
    union = p.sum(axis=1) + y.sum(axis=1) - inter
    return _reduce(1 - (inter + smooth) / (union + smooth), reduction)


def jaccard_loss_grad(input, target, smooth: float = 1.0):
    r"""Gradient of each sample's :func:`jaccard_loss` with respect to its logits (the input's shape):
    with :math:`A = I + s`, :math:`B = U + s`,
    :math:`\partial \ell / \partial p_i = -(y_i B - A (1 - y_i)) / B^2`, times :math:`\sigma'(x_i) = p_i (1 - p_i)`."""
    s, s_neg = sigmoid(input), sigmoid(-input)
    p, y = _per_sample(s), _per_sample(target)
    a = ((p * y).sum(axis=1) + smooth)[:, None]
    b = (p.sum(axis=1) + y.sum(axis=1) + smooth)[:, None] - (a - smooth)
    d_p = -(y * b - a * (1 - y)) / (b * b)
    return d_p.reshape(input.shape) * (s * s_neg)


def dice_loss(input, target, smooth: float = 1.0, reduction: str = "mean"):
    r"""Soft Dice loss on logits, per sample over all non-batch dimensions:

    .. math::
        \ell_n = 1 - \frac{2 \sum_i p_i y_i + s}{\sum_i p_i + \sum_i y_i + s}, \quad p = \sigma(x)

    with the smoothing term :math:`s` (``smooth``, default 1.0); the loss lies in [0, 1].
    """
    p, y = _per_sample(sigmoid(input)), _per_sample(target)
    num = 2 * (p * y).sum(axis=1) + smooth
    den = p.sum(axis=1) + y.sum(axis=1) + smooth
    return _reduce(1 - num / den, reduction)


def dice_loss_grad(input, target, smooth: float = 1.0):
    r"""Gradient of each sample's :func:`dice_loss`: with :math:`A = 2I + s`, :math:`B = \sum p + \sum y + s`,
    :math:`\partial \ell / \partial p_i = -(2 y_i B - A) / B^2`, times :math:`p_i (1 - p_i)`."""
    s, s_neg = sigmoid(input), sigmoid(-input)
    p, y = _per_sample(s), _per_sample(target)
    a = (2 * (p * y).sum(axis=1) + smooth)[:, None]
    b = (p.sum(axis=1) + y.sum(axis=1) + smooth)[:, None]
    d_p = -(2 * y * b - a) / (b * b)
    return d_p.reshape(input.shape) * (s * s_neg)
