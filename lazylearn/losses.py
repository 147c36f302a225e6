r"""Loss functions as objects with a backward pass.

A loss object stores its configuration. ``loss_fn(input, target)`` checks the arguments and
returns the loss, reduced as ``reduction`` says (a 0-d NumPy float of the input's dtype, so
``loss.item()`` and ``float(loss)`` work, or the unreduced array for ``'none'``).
``loss_fn.backward()`` then returns d(loss)/d(input), the array to feed into ``model.backward``.
For ``'none'`` it is the gradient of the *sum* of the losses, unless ``grad_output`` (one value
per loss, as ``tensor.backward(gradient)``) says otherwise.

Each class shows the math twice, one under the other: ``forward`` computes the loss (with the
function of the same name in :mod:`lazylearn.nn.functional`, as ``torch.nn`` does), ``backward``
writes out its derivative and multiplies by the derivative of the reduction
(:mod:`lazylearn.nn._reduction`). Names, arguments, defaults and formulas follow ``torch.nn``
(``FocalLoss`` follows torchvision's ``sigmoid_focal_loss``); ``MSLELoss``, ``SoftmaxFocalLoss``,
``JaccardLoss``, ``DiceLoss`` and ``OHEMLoss`` have no PyTorch class and are documented here.

Examples:
    >>> import numpy as np
    >>> loss_fn = MSELoss()
    >>> loss = loss_fn(np.array([1.0, 2.0]), np.array([1.0, 4.0]))
    >>> loss.item()
    2.0
    >>> loss_fn.backward()
    array([ 0., -2.])
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from ._validation import check_array, check_scalar
from .nn import _reduction
from .nn import functional as F
from .nn.modules import Module

__all__ = [
    "MSELoss",
    "L1Loss",
    "SmoothL1Loss",
    "HuberLoss",
    "MSLELoss",
    "BCELoss",
    "BCEWithLogitsLoss",
    "FocalLoss",
    "CrossEntropyLoss",
    "SoftmaxFocalLoss",
    "KLDivLoss",
    "JaccardLoss",
    "DiceLoss",
    "OHEMLoss",
]


class _Loss(Module):
    """Base of the losses: ``reduction``, and the derivative of the reduction for ``backward``."""

    _reductions = _reduction.REDUCTIONS

    def __init__(self, reduction: str = "mean"):
        super().__init__()
        self.reduction = _reduction.check(reduction, self._reductions)

    def __call__(self, input, target):
        return self.forward(input, target)

    def _reduction_grad(self, grad_output, shape, dtype, denominator=None):
        """d(reduced loss)/d(unreduced losses of ``shape``) times ``grad_output``."""
        return _reduction.backward(grad_output, shape, dtype, self.reduction, denominator=denominator)

    def _per_sample_grad(self, grad_output, x, denominator=None):
        """As :meth:`_reduction_grad` for one loss per sample, shaped to broadcast over ``x``."""
        g = self._reduction_grad(grad_output, x.shape[:1], x.dtype, denominator)
        return g.reshape((-1,) + (1,) * (x.ndim - 1)) if np.ndim(g) else g

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}"


class _ElementwiseLoss(_Loss):
    """A loss with one value per element: ``input`` and ``target`` of the same shape."""

    def _save(self, input, target, **checks):
        self._cache = F._pair(input, target, **checks)
        return self._cache

    def _elementwise_grad(self, grad_output):
        x, _ = self._saved()[:2]
        return self._reduction_grad(grad_output, x.shape, x.dtype)


def _times(weight, grad):
    return grad if weight is None else weight * grad


# ----------------------------------------------------------------------------------------------
# Regression
# ----------------------------------------------------------------------------------------------
class MSELoss(_ElementwiseLoss):
    r"""Mean squared error.

    .. math::
        \ell_n = (x_n - y_n)^2, \qquad \frac{\partial \ell_n}{\partial x_n} = 2 (x_n - y_n)

    reduced to :math:`\frac1N \sum_n \ell_n` (``'mean'``), :math:`\sum_n \ell_n` (``'sum'``) or
    kept as is (``'none'``), N being the number of elements.

    Args:
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``, any shape. Target: the same shape.
        - Output: a scalar, or ``(*)`` for ``'none'``.

    Examples:
        >>> loss_fn = MSELoss()
        >>> float(loss_fn(np.array([3.0, 1.0]), np.array([1.0, 1.0])))
        2.0
        >>> loss_fn.backward()
        array([2., 0.])
    """

    def __init__(self, reduction: str = "mean"):
        super().__init__(reduction)

    def forward(self, input, target):
        x, y = self._save(input, target)
        return F.mse_loss(x, y, self.reduction)                  # (x - y)^2

    def backward(self, grad_output=None):
        x, y = self._saved()
        return 2 * (x - y) * self._elementwise_grad(grad_output)  # 2 (x - y)


class L1Loss(_ElementwiseLoss):
    r"""Mean absolute error.

    .. math::
        \ell_n = |x_n - y_n|, \qquad \frac{\partial \ell_n}{\partial x_n} = \operatorname{sign}(x_n - y_n)

    (0 where :math:`x_n = y_n`, as PyTorch), reduced as in :class:`MSELoss`.

    Args:
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``. Target: the same shape. Output: a scalar, or ``(*)`` for ``'none'``.

    Examples:
        >>> float(L1Loss()(np.array([3.0, 0.0]), np.array([1.0, 1.0])))
        1.5
    """

    def __init__(self, reduction: str = "mean"):
        super().__init__(reduction)

    def forward(self, input, target):
        x, y = self._save(input, target)
        return F.l1_loss(x, y, self.reduction)                        # |x - y|

    def backward(self, grad_output=None):
        x, y = self._saved()
        return np.sign(x - y) * self._elementwise_grad(grad_output)  # sign(x - y)


class SmoothL1Loss(_ElementwiseLoss):
    r"""Smooth L1 loss: quadratic below ``beta``, absolute error above (PyTorch's ``SmoothL1Loss``).

    .. math::
        \ell_n = \begin{cases} \frac{(x_n - y_n)^2}{2\beta} & |x_n - y_n| < \beta \\
                 |x_n - y_n| - \frac{\beta}{2} & \text{otherwise} \end{cases}, \qquad
        \frac{\partial \ell_n}{\partial x_n} = \begin{cases} \frac{x_n - y_n}{\beta} & |x_n - y_n| < \beta \\
                 \operatorname{sign}(x_n - y_n) & \text{otherwise} \end{cases}

    ``beta=0`` is :class:`L1Loss`; ``HuberLoss(delta=b)`` is ``b`` times ``SmoothL1Loss(beta=b)``.

    Args:
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        beta: where the loss turns from quadratic to linear, >= 0. Default: 1.0.

    Shape:
        - Input: ``(*)``. Target: the same shape. Output: a scalar, or ``(*)`` for ``'none'``.

    Examples:
        >>> SmoothL1Loss(reduction="none")(np.array([0.5, 3.0]), np.zeros(2))
        array([0.125, 2.5  ])
    """

    def __init__(self, reduction: str = "mean", beta: float = 1.0):
        super().__init__(reduction)
        self.beta = float(check_scalar(beta, "beta", min_val=0))

    def forward(self, input, target):
        x, y = self._save(input, target)
        return F.smooth_l1_loss(x, y, self.reduction, self.beta)

    def backward(self, grad_output=None):
        x, y = self._saved()
        d = x - y
        grad = np.where(np.abs(d) < self.beta, d / (self.beta or 1), np.sign(d))  # d / beta or sign(d)
        return grad * self._elementwise_grad(grad_output)

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}, beta={self.beta}"


class HuberLoss(_ElementwiseLoss):
    r"""Huber loss: quadratic near zero, linear beyond ``delta`` (PyTorch's ``HuberLoss``).

    .. math::
        \ell_n = \begin{cases} \frac12 (x_n - y_n)^2 & |x_n - y_n| < \delta \\
                 \delta (|x_n - y_n| - \frac12 \delta) & \text{otherwise} \end{cases}, \qquad
        \frac{\partial \ell_n}{\partial x_n} = \operatorname{clip}(x_n - y_n, -\delta, \delta)

    Args:
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        delta: where the loss turns from quadratic to linear, > 0. Default: 1.0.

    Shape:
        - Input: ``(*)``. Target: the same shape. Output: a scalar, or ``(*)`` for ``'none'``.

    Examples:
        >>> float(HuberLoss()(np.array([0.5, 3.0]), np.array([0.0, 0.0])))
        1.3125
    """

    def __init__(self, reduction: str = "mean", delta: float = 1.0):
        super().__init__(reduction)
        self.delta = float(check_scalar(delta, "delta", min_val=0, include_min=False))

    def forward(self, input, target):
        x, y = self._save(input, target)
        return F.huber_loss(x, y, self.reduction, self.delta)

    def backward(self, grad_output=None):
        x, y = self._saved()
        return np.clip(x - y, -self.delta, self.delta) * self._elementwise_grad(grad_output)

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}, delta={self.delta}"


class MSLELoss(_ElementwiseLoss):
    r"""Mean squared logarithmic error, for targets spanning orders of magnitude.

    .. math::
        \ell_n = (\log(1 + x_n) - \log(1 + y_n))^2, \qquad
        \frac{\partial \ell_n}{\partial x_n} = \frac{2 (\log(1 + x_n) - \log(1 + y_n))}{1 + x_n}

    It compares ratios, not differences. Not a PyTorch class:
    ``MSELoss()(torch.log1p(x), torch.log1p(y))`` is the same. ``input`` and ``target`` must be
    greater than -1.

    Args:
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``. Target: the same shape. Output: a scalar, or ``(*)`` for ``'none'``.

    Examples:
        >>> round(float(MSLELoss()(np.array([np.e - 1]), np.array([0.0]))), 6)
        1.0
    """

    def __init__(self, reduction: str = "mean"):
        super().__init__(reduction)

    def forward(self, input, target):
        x, y = self._save(input, target)
        return F.msle_loss(x, y, self.reduction)

    def backward(self, grad_output=None):
        x, y = self._saved()
        return 2 * (np.log1p(x) - np.log1p(y)) / (1 + x) * self._elementwise_grad(grad_output)


# ----------------------------------------------------------------------------------------------
# Binary classification
# ----------------------------------------------------------------------------------------------
class BCELoss(_ElementwiseLoss):
    r"""Binary cross-entropy on probabilities.

    .. math::
        \ell_n = -w_n [y_n \log x_n + (1 - y_n) \log(1 - x_n)], \qquad
        \frac{\partial \ell_n}{\partial x_n} = w_n \frac{x_n - y_n}{x_n (1 - x_n)}

    Each log is clamped at -100 and the denominator at :math:`10^{-12}`, as in PyTorch, so a
    probability of exactly 0 or 1 gives finite values. Expects probabilities (after a sigmoid);
    for logits use :class:`BCEWithLogitsLoss`, which is also more accurate.

    Args:
        weight: rescaling weight broadcast to the input's shape. Default: None.
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)`` probabilities in [0, 1]. Target: the same shape, in [0, 1].
        - Output: a scalar, or ``(*)`` for ``'none'``.

    Examples:
        >>> round(float(BCELoss()(np.array([0.5]), np.array([1.0]))), 4)
        0.6931
    """

    def __init__(self, weight=None, reduction: str = "mean"):
        super().__init__(reduction)
        self.weight = None if weight is None else check_array(weight, "weight")

    def forward(self, input, target):
        x, y = self._save(input, target, probabilities=True, target_probabilities=True)
        self._w = F._broadcast_weight(self.weight, x)
        return F.binary_cross_entropy(x, y, self._w, self.reduction)

    def backward(self, grad_output=None):
        x, y = self._saved()
        grad = (x - y) / np.maximum(x * (1 - x), 1e-12)
        return _times(self._w, grad) * self._elementwise_grad(grad_output)


class BCEWithLogitsLoss(_ElementwiseLoss):
    r"""Binary cross-entropy on logits: a sigmoid and :class:`BCELoss` in one stable step.

    .. math::
        \ell_n = -w_n [p\, y_n \log \sigma(x_n) + (1 - y_n) \log(1 - \sigma(x_n))], \qquad
        \frac{\partial \ell_n}{\partial x_n} = w_n [(1 - y_n) - (1 + (p - 1) y_n)\, \sigma(-x_n)]

    which is :math:`w_n(\sigma(x_n) - y_n)` without ``pos_weight`` (:math:`p = 1`). The loss is
    computed as :math:`w_n[(1 - y_n) x_n + (1 + (p - 1) y_n) \log(1 + e^{-x_n})]` with the softplus
    written stably, so logits of :math:`\pm 1000` are exact.

    Args:
        weight: rescaling weight broadcast to the input's shape. Default: None.
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        pos_weight: weight of positive examples, broadcast along the last dimension (one per
            class, shape ``(C,)``); ``pos_weight = negatives / positives`` balances the classes.
            Default: None.

    Shape:
        - Input: ``(*)`` logits. Target: the same shape, in [0, 1].
        - Output: a scalar, or ``(*)`` for ``'none'``.

    Examples:
        >>> round(float(BCEWithLogitsLoss()(np.array([0.0]), np.array([1.0]))), 4)
        0.6931
        >>> round(float(BCEWithLogitsLoss(pos_weight=np.array([3.0]))(np.array([0.0]), np.array([1.0]))), 4)
        2.0794
    """

    def __init__(self, weight=None, reduction: str = "mean", pos_weight=None):
        super().__init__(reduction)
        self.weight = None if weight is None else check_array(weight, "weight")
        self.pos_weight = None if pos_weight is None else check_array(pos_weight, "pos_weight")

    def forward(self, input, target):
        x, y = self._save(input, target, target_probabilities=True)
        self._w = F._broadcast_weight(self.weight, x)
        self._pw = F._broadcast_weight(self.pos_weight, x, "pos_weight")
        return F.binary_cross_entropy_with_logits(x, y, self._w, self.reduction, self._pw)

    def backward(self, grad_output=None):
        x, y = self._saved()
        if self._pw is None:
            grad = F.sigmoid(x) - y                                    # sigma(x) - y
        else:
            grad = (1 - y) - (1 + (self._pw - 1) * y) * F.sigmoid(-x)
        return _times(self._w, grad) * self._elementwise_grad(grad_output)


class FocalLoss(_ElementwiseLoss):
    r"""Binary focal loss on logits (Lin et al., 2017): torchvision's ``sigmoid_focal_loss`` as a class.

    .. math::
        \ell_n = \alpha_t (1 - p_t)^\gamma \, \text{BCE}(x_n, y_n), \quad
        p_t = p y + (1 - p)(1 - y), \quad \alpha_t = \alpha y + (1 - \alpha)(1 - y), \quad p = \sigma(x_n)

    The factor :math:`(1 - p_t)^\gamma` shrinks the loss of well-classified examples; ``alpha``
    balances positives against negatives (a negative ``alpha`` turns it off). With
    ``gamma=0, alpha=-1`` it is :class:`BCEWithLogitsLoss`. With :math:`s = \sigma(x)`,
    :math:`m = 1 - p_t` and :math:`\partial m / \partial x = s(1 - s)(1 - 2y)`,

    .. math::
        \frac{\partial \ell_n}{\partial x_n} = \alpha_t \left[(s - y)\, m^\gamma
            + \gamma\, \text{BCE}\, m^\gamma \frac{s(1 - s)}{m} (1 - 2y)\right]

    where the ratio :math:`s(1-s)/m` lies in [0, 1] and is replaced by its limit :math:`p_t` where
    :math:`m` underflows to 0, so the gradient is finite for any logit and any :math:`\gamma \ge 0`
    (the direct form :math:`m^{\gamma - 1}` is infinite at 0 for :math:`\gamma < 1`).

    Args:
        alpha: weight of the positive class in [0, 1], or negative for none. Default: 0.25.
        gamma: focusing exponent, >= 0. Default: 2.0.
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``, where the function
            :func:`lazylearn.nn.functional.sigmoid_focal_loss` (as torchvision's) defaults to ``'none'``.

    Shape:
        - Input: ``(*)`` logits. Target: the same shape, 0 or 1 (soft labels in [0, 1] work too).
        - Output: a scalar, or ``(*)`` for ``'none'``.

    Examples:
        >>> loss_fn = FocalLoss(alpha=-1, gamma=0.0)
        >>> round(float(loss_fn(np.array([0.0]), np.array([1.0]))), 4)
        0.6931
    """

    def __init__(self, alpha: float = 0.25, gamma: float = 2.0, reduction: str = "mean"):
        super().__init__(reduction)
        self.alpha = F._alpha(alpha)
        self.gamma = float(check_scalar(gamma, "gamma", min_val=0))

    def forward(self, input, target):
        x, y = self._save(input, target, target_probabilities=True)
        return F.sigmoid_focal_loss(x, y, self.alpha, self.gamma, self.reduction)

    def backward(self, grad_output=None):
        x, y = self._saved()
        s, s_neg = F.sigmoid(x), F.sigmoid(-x)
        bce = F.softplus(x) - x * y
        m, p_t = s * (1 - y) + s_neg * y, s * y + s_neg * (1 - y)
        ratio = np.where(m > 0, s * s_neg / np.where(m > 0, m, 1), p_t)  # s(1 - s)/m, its limit p_t at m = 0
        grad = (s - y) * m**self.gamma + self.gamma * bce * m**self.gamma * ratio * (1 - 2 * y)
        if self.alpha >= 0:
            grad = (self.alpha * y + (1 - self.alpha) * (1 - y)) * grad
        return grad * self._elementwise_grad(grad_output)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}, gamma={self.gamma}, reduction={self.reduction!r}"


# ----------------------------------------------------------------------------------------------
# Multi-class classification (one loss per sample)
# ----------------------------------------------------------------------------------------------
class CrossEntropyLoss(_Loss):
    r"""Cross-entropy of unnormalized logits against class labels or class probabilities.

    Every form is :math:`\ell_n = -\sum_c q_{n,c} \log \text{softmax}(x_n)_c` for a target
    distribution :math:`q_n`, with gradient

    .. math::
        \frac{\partial \ell_n}{\partial x_n} = \text{softmax}(x_n) \sum_c q_{n,c} - q_n

    With integer labels :math:`y_n`, :math:`q_n = w_{y_n} \text{onehot}(y_n)`, so
    :math:`\ell_n = -w_{y_n} \log \text{softmax}(x_n)_{y_n}`, the gradient is
    :math:`w_{y_n}(\text{softmax}(x_n) - \text{onehot}(y_n))`, and ``'mean'`` divides by
    :math:`\sum_n w_{y_n}` (N without weights), as PyTorch. With class probabilities
    :math:`y_{n,c}` (soft labels), :math:`q_n = w \odot y_n` and ``'mean'`` divides by N.
    ``label_smoothing`` :math:`\varepsilon` replaces the target by
    :math:`(1 - \varepsilon)\,\text{target} + \varepsilon / C`, as PyTorch. Computed with
    log-sum-exp, so logits of :math:`\pm 1000` give exact values.

    Args:
        weight: a weight per class, shape ``(C,)``, non-negative. Default: None (all 1).
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        label_smoothing: :math:`\varepsilon` in [0, 1]. Default: 0.0.

    Shape:
        - Input: ``(N, C)`` logits, where N = batch size, C = number of classes.
        - Target: ``(N,)`` integer labels in [0, C-1], or ``(N, C)`` probabilities.
        - Output: a scalar, or ``(N,)`` for ``'none'``.

    Examples:
        >>> loss_fn = CrossEntropyLoss()
        >>> round(float(loss_fn(np.zeros((2, 4)), [0, 3])), 4)
        1.3863
        >>> loss_fn.backward().round(3)
        array([[-0.375,  0.125,  0.125,  0.125],
               [ 0.125,  0.125,  0.125, -0.375]])
    """

    def __init__(self, weight=None, reduction: str = "mean", label_smoothing: float = 0.0):
        super().__init__(reduction)
        self.weight = F._class_weight(weight, "weight")
        self.label_smoothing = float(check_scalar(label_smoothing, "label_smoothing", min_val=0, max_val=1))

    def forward(self, input, target):
        x, q, denominator = F._cross_entropy_terms(input, target, self.weight, self.label_smoothing)
        log_p = F.log_softmax(x, dim=1)
        self._cache = (log_p, q, denominator)
        losses = -(q * log_p).sum(axis=1)                                  # -sum_c q_c log softmax(x)_c
        return _reduction.reduce(losses, self.reduction, denominator=denominator)

    def backward(self, grad_output=None):
        log_p, q, denominator = self._saved()
        grad = np.exp(log_p) * q.sum(axis=1, keepdims=True) - q            # softmax(x) sum_c q_c - q
        return grad * self._per_sample_grad(grad_output, log_p, denominator)

    def extra_repr(self) -> str:
        parts = [] if self.weight is None else [f"weight={self.weight}"]
        parts.append(f"reduction={self.reduction!r}")
        if self.label_smoothing:
            parts.append(f"label_smoothing={self.label_smoothing}")
        return ", ".join(parts)


class SoftmaxFocalLoss(_Loss):
    r"""Multi-class focal loss on logits with integer labels.

    .. math::
        \ell_n = -\alpha_{y_n} q^\gamma \log p_{y_n}, \qquad q = 1 - p_{y_n}, \quad p = \text{softmax}(x_n)

    .. math::
        \frac{\partial \ell_n}{\partial x_{n,j}} = \alpha_{y_n} (\delta_{j y_n} - p_j)
            \left[\gamma\, p_{y_n} q^{\gamma} \frac{\log p_{y_n}}{q} - q^\gamma\right]

    where :math:`\log(p_y)/q = \log(1 - q)/q` lies in :math:`(-\infty, -1]` and the bracket's first
    term is its limit 0 where :math:`q = 0`. With ``gamma=0`` and ``alpha=None`` it equals
    :class:`CrossEntropyLoss`. ``'mean'`` divides by N (also with ``alpha``, unlike
    ``CrossEntropyLoss(weight=...)``). Not a PyTorch class.

    Args:
        gamma: focusing exponent, >= 0. Default: 2.0.
        alpha: a non-negative weight per class, shape ``(C,)``, or None for none. Default: None.
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``, where the function
            :func:`lazylearn.nn.functional.softmax_focal_loss` defaults to ``'none'``.

    Shape:
        - Input: ``(N, C)`` logits, where N = batch size, C = number of classes.
        - Target: ``(N,)`` integer labels in [0, C-1]. Output: a scalar, or ``(N,)`` for ``'none'``.

    Examples:
        >>> loss_fn = SoftmaxFocalLoss(gamma=0.0)
        >>> round(float(loss_fn(np.zeros((1, 4)), np.array([2]))), 4)
        1.3863
    """

    def __init__(self, gamma: float = 2.0, alpha=None, reduction: str = "mean"):
        super().__init__(reduction)
        self.gamma = float(check_scalar(gamma, "gamma", min_val=0))
        self.alpha = F._class_weight(alpha, "alpha")

    def forward(self, input, target):
        x = F._logits(input, "SoftmaxFocalLoss")
        labels = F._labels(x, target)
        alpha = F._class_weight(self.alpha, "alpha", x.shape[1], x.dtype)
        self._cache = (x, labels, alpha)
        return F.softmax_focal_loss(x, labels, self.gamma, alpha, self.reduction)

    def backward(self, grad_output=None):
        x, labels, alpha = self._saved()
        rows, gamma = np.arange(len(x)), self.gamma
        p = F.softmax(x, dim=1)
        log_p_y = F.log_softmax(x, dim=1)[rows, labels]
        p_y, q = p[rows, labels], -np.expm1(log_p_y)
        ratio = np.where(q > 0, log_p_y / np.where(q > 0, q, 1), 0)         # log(p_y) / q, 0 at q = 0
        bracket = gamma * p_y * q**gamma * ratio - q**gamma
        delta_minus_p = -p
        delta_minus_p[rows, labels] += 1
        grad = delta_minus_p * (bracket if alpha is None else alpha[labels] * bracket)[:, None]
        return grad * self._per_sample_grad(grad_output, x)

    def extra_repr(self) -> str:
        return f"gamma={self.gamma}, alpha={self.alpha}, reduction={self.reduction!r}"


class KLDivLoss(_ElementwiseLoss):
    r"""Kullback-Leibler divergence, with ``input`` as log-probabilities (as PyTorch).

    .. math::
        \ell_n = y_n (\log y_n - x_n), \qquad \frac{\partial \ell_n}{\partial x_n} = -y_n

    (0 where :math:`y_n = 0`), or :math:`\ell_n = e^{y_n}(y_n - x_n)` with gradient
    :math:`-e^{y_n}` for ``log_target=True``. ``reduction='batchmean'`` (the sum divided by the
    batch size) gives the true KL divergence of each row; the default ``'mean'`` divides by the
    number of elements, as PyTorch does (and warns about).

    Args:
        reduction: ``'none'`` | ``'batchmean'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        log_target: ``target`` given as log-probabilities. Default: False.

    Shape:
        - Input: ``(N, *)`` log-probabilities. Target: the same shape (probabilities, or
          log-probabilities with ``log_target``). Output: a scalar, or the input's shape for ``'none'``.

    Examples:
        >>> p = np.array([[0.5, 0.5]])
        >>> float(KLDivLoss(reduction="batchmean")(np.log(p), p))
        0.0
    """

    _reductions = _reduction.KL_REDUCTIONS

    def __init__(self, reduction: str = "mean", log_target: bool = False):
        super().__init__(reduction)
        if not isinstance(log_target, bool):
            raise TypeError(f"log_target must be a bool; got {log_target!r}.")
        self.log_target = log_target

    def forward(self, input, target):
        x, y = self._save(input, target, target_probabilities=not self.log_target)
        return F.kl_div(x, y, self.reduction, self.log_target)

    def backward(self, grad_output=None):
        _, y = self._saved()
        grad = -np.exp(y) if self.log_target else -y
        return grad * self._elementwise_grad(grad_output)

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}, log_target={self.log_target}"


# ----------------------------------------------------------------------------------------------
# Overlap losses for segmentation-like targets (one loss per sample)
# ----------------------------------------------------------------------------------------------
class _OverlapLoss(_Loss):
    """Shared by :class:`JaccardLoss` and :class:`DiceLoss`: ``smooth`` and the per-sample sums."""

    def __init__(self, smooth: float = 1.0, reduction: str = "mean"):
        super().__init__(reduction)
        self.smooth = float(check_scalar(smooth, "smooth", min_val=0, include_min=False))

    def _save(self, input, target):
        x, y, s, inter, sum_p, sum_y = F._overlap_terms(input, target, self.smooth)
        self._cache = (x, y, inter[:, None], (sum_p + sum_y)[:, None])
        return s, inter, sum_p + sum_y

    def _sigmoid_chain(self, d_loss_d_p):
        """Turn d(loss)/d(p) into d(loss)/d(x): times :math:`\\sigma'(x) = p (1 - p)`."""
        x = self._saved()[0]
        return d_loss_d_p.reshape(x.shape) * (F.sigmoid(x) * F.sigmoid(-x))

    def extra_repr(self) -> str:
        return f"smooth={self.smooth}, reduction={self.reduction!r}"


class JaccardLoss(_OverlapLoss):
    r"""Soft Jaccard (intersection over union) loss on logits, for segmentation-like targets.

    For each sample, over all non-batch dimensions, with :math:`p = \sigma(x)`,
    :math:`I = \sum_i p_i y_i` and :math:`S = \sum_i p_i + \sum_i y_i`:

    .. math::
        \ell_n = 1 - \frac{I + s}{S - I + s}, \qquad
        \frac{\partial \ell_n}{\partial p_i} = -\frac{y_i (S - I + s) - (I + s)(1 - y_i)}{(S - I + s)^2}

    The smoothing term :math:`s` (default 1.0) keeps the score defined when prediction and target
    are both empty (the loss is then 0), and keeps a small mask from swinging the loss from 0 to 1;
    with :math:`s` the loss of a completely wrong prediction is :math:`1 - s/(S + s)`, not 1. The
    loss lies in [0, 1]. Not a PyTorch class.

    Args:
        smooth: the smoothing term, > 0. Default: 1.0.
        reduction: ``'none'`` | ``'mean'`` | ``'sum'`` over samples. Default: ``'mean'``.

    Shape:
        - Input: ``(N, *)`` logits, where N = batch size. Target: the same shape, in [0, 1].
        - Output: a scalar, or ``(N,)`` for ``'none'``.

    Examples:
        >>> x = np.array([[1000.0, -1000.0]])
        >>> float(JaccardLoss()(x, np.array([[1.0, 0.0]])))
        0.0
    """

    def forward(self, input, target):
        s, inter, total = self._save(input, target)
        return _reduction.reduce(1 - (inter + s) / (total - inter + s), self.reduction)

    def backward(self, grad_output=None):
        x, y, inter, total = self._saved()
        a, b = inter + self.smooth, total - inter + self.smooth
        d_p = -(y.reshape(len(x), -1) * b - a * (1 - y.reshape(len(x), -1))) / (b * b)
        return self._sigmoid_chain(d_p) * self._per_sample_grad(grad_output, x)


class DiceLoss(_OverlapLoss):
    r"""Soft Dice loss on logits, for segmentation-like targets.

    For each sample, over all non-batch dimensions, with :math:`p = \sigma(x)`,
    :math:`I = \sum_i p_i y_i` and :math:`S = \sum_i p_i + \sum_i y_i`:

    .. math::
        \ell_n = 1 - \frac{2 I + s}{S + s}, \qquad
        \frac{\partial \ell_n}{\partial p_i} = -\frac{2 y_i (S + s) - (2 I + s)}{(S + s)^2}

    with the smoothing term :math:`s` (default 1.0, the same role as in :class:`JaccardLoss`). The
    loss lies in [0, 1]; Dice :math:`D` and Jaccard :math:`J` scores of hard masks relate by
    :math:`D = 2J/(1 + J)`. Not a PyTorch class.

    Args:
        smooth: the smoothing term, > 0. Default: 1.0.
        reduction: ``'none'`` | ``'mean'`` | ``'sum'`` over samples. Default: ``'mean'``.

    Shape:
        - Input: ``(N, *)`` logits. Target: the same shape, in [0, 1].
        - Output: a scalar, or ``(N,)`` for ``'none'``.

    Examples:
        >>> x = np.array([[1000.0, -1000.0]])
        >>> float(DiceLoss()(x, np.array([[1.0, 0.0]])))
        0.0
    """

    def forward(self, input, target):
        s, inter, total = self._save(input, target)
        return _reduction.reduce(1 - (2 * inter + s) / (total + s), self.reduction)

    def backward(self, grad_output=None):
        x, y, inter, total = self._saved()
        a, b = 2 * inter + self.smooth, total + self.smooth
        d_p = -(2 * y.reshape(len(x), -1) * b - a) / (b * b)
        return self._sigmoid_chain(d_p) * self._per_sample_grad(grad_output, x)


# ----------------------------------------------------------------------------------------------
# Hard-example mining
# ----------------------------------------------------------------------------------------------
class OHEMLoss(_Loss):
    r"""Online hard example mining: a loss over only the hardest examples of each batch.

    Shrivastava, Gupta and Girshick (2016) compute the loss of every example of a mini-batch, keep
    the hardest (highest loss) and backpropagate through those only. With per-example losses
    :math:`\ell_i` from ``criterion`` and :math:`K` the set of kept examples,

    .. math:: \text{OHEM} = \frac{1}{|K|} \sum_{i \in K} \ell_i, \qquad
              \frac{\partial\, \text{OHEM}}{\partial \ell_i} = \frac{[i \in K]}{|K|}

    so every dropped example gets exactly zero gradient. Exactly one rule chooses :math:`K`:

    * ``num_hard``: the ``num_hard`` largest losses of the batch (all of them if the batch is
      smaller);
    * ``neg_pos_ratio`` (binary targets, 1 = positive): every positive, and the
      :math:`\lceil r \max(P, 1) \rceil` hardest negatives, P the number of positives (all
      negatives if there are fewer), as SSD's hard negative mining.

    Ties are broken by position (the first examples win). Each element of the criterion's
    unreduced output is one example: one per sample for ``CrossEntropyLoss``, one per element
    (e.g. per anchor) for ``BCEWithLogitsLoss``.

    Args:
        criterion: a loss built with ``reduction='none'``, e.g. ``BCEWithLogitsLoss(reduction='none')``.
        num_hard: the number of examples kept, an int >= 1. Default: None.
        neg_pos_ratio: hardest negatives kept per positive, a float > 0 (keyword only). Default: None.
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``: the criterion's output with 0 for the
            dropped examples, the mean over the kept examples, or their sum. Default: ``'mean'``.

    Attributes:
        selected_: after a call, the boolean mask of the kept examples (the criterion's output shape).

    Shape:
        - Input, target: as the criterion takes them.
        - Output: a scalar, or the criterion's unreduced shape for ``'none'``.

    Examples:
        >>> ohem = OHEMLoss(MSELoss(reduction="none"), num_hard=2)
        >>> float(ohem(np.array([0.0, 1.0, 3.0]), np.zeros(3)))  # keeps 9 and 1
        5.0
        >>> ohem.selected_
        array([False,  True,  True])
        >>> ohem.backward()  # d/dx of (x1^2 + x2^2) / 2; nothing for the dropped x0
        array([0., 1., 3.])
    """

    def __init__(self, criterion, num_hard=None, *, neg_pos_ratio=None, reduction: str = "mean"):
        super().__init__(reduction)
        if not (callable(criterion) and hasattr(criterion, "backward")):
            raise TypeError(f"criterion must be a loss object with a backward() method; got {criterion!r}.")
        if getattr(criterion, "reduction", None) != "none":
            raise ValueError(
                "criterion must give per-example losses: build it with reduction='none' (e.g. "
                f"BCEWithLogitsLoss(reduction='none')); got reduction={getattr(criterion, 'reduction', None)!r}."
            )
        if (num_hard is None) == (neg_pos_ratio is None):
            raise ValueError(
                "give exactly one of num_hard (keep the hardest num_hard examples) and neg_pos_ratio "
                f"(keep every positive and the hardest negatives); got num_hard={num_hard!r}, "
                f"neg_pos_ratio={neg_pos_ratio!r}."
            )
        if num_hard is not None:
            num_hard = int(check_scalar(num_hard, "num_hard", kind=numbers.Integral, min_val=1))
        else:
            neg_pos_ratio = float(check_scalar(neg_pos_ratio, "neg_pos_ratio", min_val=0, include_min=False))
        self.criterion = criterion
        self.num_hard = num_hard
        self.neg_pos_ratio = neg_pos_ratio
        self.selected_ = None

    def _select(self, losses, target):
        """The boolean mask of the kept examples: the largest losses (ties: lower index first)."""
        flat = losses.reshape(-1)
        keep = np.zeros(flat.size, dtype=bool)
        if self.num_hard is not None:
            keep[np.argsort(-flat, kind="stable")[: self.num_hard]] = True
            return keep.reshape(losses.shape)
        target = np.asarray(target)
        if target.shape != losses.shape or not np.isin(target, (0, 1)).all():
            raise ValueError(
                "neg_pos_ratio needs binary targets (0 or 1), one per example of the criterion's "
                f"output {losses.shape}; got target of shape {target.shape}."
            )
        positive = target.reshape(-1) == 1
        num_neg = math.ceil(self.neg_pos_ratio * max(int(positive.sum()), 1))
        negatives = np.flatnonzero(~positive)
        hardest = negatives[np.argsort(-flat[negatives], kind="stable")[:num_neg]]
        keep[positive] = True
        keep[hardest] = True
        return keep.reshape(losses.shape)

    def forward(self, input, target):
        losses = np.asarray(self.criterion(input, target))
        if losses.ndim == 0:
            raise ValueError("criterion returned a single number: OHEMLoss needs reduction='none'.")
        self.selected_ = self._select(losses, target)
        self._cache = (self.selected_,)
        kept = np.where(self.selected_, losses, losses.dtype.type(0))
        if self.reduction == "none":
            return kept
        total = kept.sum()
        return total / losses.dtype.type(self.selected_.sum()) if self.reduction == "mean" else total

    def backward(self, grad_output=None):
        """d(loss)/d(input): the criterion's gradient weighted by ``[i kept] / |K|`` (``'mean'``)."""
        (selected,) = self._saved()
        upstream = selected.astype(np.float64)
        if self.reduction == "mean":
            upstream /= selected.sum()
        if grad_output is not None:
            upstream = upstream * np.asarray(grad_output, dtype=np.float64)
        return self.criterion.backward(upstream)

    def __repr__(self) -> str:
        rule = f"num_hard={self.num_hard}" if self.num_hard is not None else f"neg_pos_ratio={self.neg_pos_ratio}"
        return f"OHEMLoss({self.criterion!r}, {rule}, reduction={self.reduction!r})"
