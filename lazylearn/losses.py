r"""Loss functions as objects with a backward pass.

A loss object stores its configuration; calling it as ``loss_fn(input, target)`` checks the
arguments, computes the loss with the matching function of :mod:`lazylearn.nn.functional` and
returns the reduced value (a 0-d NumPy float of the input's dtype, or the unreduced array for
``reduction='none'``). ``loss_fn.backward()`` then returns d(loss)/d(input), the array to feed into
``model.backward``. For ``reduction='none'`` it is the gradient of the *sum* of the losses, unless
``grad_output`` (one value per loss) says otherwise.

Names, arguments, defaults and formulas follow ``torch.nn`` (``FocalLoss`` follows torchvision's
``sigmoid_focal_loss``); ``MSLELoss``, ``SoftmaxFocalLoss``, ``JaccardLoss`` and ``DiceLoss`` have
no PyTorch class and are documented here.

Examples:
    >>> import numpy as np
    >>> loss_fn = MSELoss()
    >>> float(loss_fn(np.array([1.0, 2.0]), np.array([1.0, 4.0])))
    2.0
    >>> loss_fn.backward()
    array([ 0., -2.])
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from ._validation import (
    check_array,
    check_labels,
    check_probabilities,
    check_reduction,
    check_same_shape,
    check_scalar,
)
from .nn import functional as F
from .nn.functional import _reduce_grad
from .nn.modules import Module

__all__ = [
    "MSELoss",
    "L1Loss",
    "MSLELoss",
    "HuberLoss",
    "BCELoss",
    "BCEWithLogitsLoss",
    "CrossEntropyLoss",
    "KLDivLoss",
    "FocalLoss",
    "SoftmaxFocalLoss",
    "JaccardLoss",
    "DiceLoss",
    "OHEMLoss",
]


class _Loss(Module):
    """Base of the losses: ``reduction``, argument checks, and the shared backward.

    A subclass implements ``_prepare(input, target)`` (validated arrays), ``_forward(input, target)``
    (the reduced loss, via ``lazylearn.nn.functional``) and ``_local_grad(input, target)`` (the
    derivative of the unreduced loss). ``_per_sample`` says whether the unreduced loss has one value
    per sample (shape (N,)) instead of one per element.
    """

    _reductions = ("none", "mean", "sum")
    _per_sample = False

    def __init__(self, reduction: str = "mean"):
        super().__init__()
        self.reduction = check_reduction(reduction, self._reductions)

    def __call__(self, input, target):
        return self.forward(input, target)

    def forward(self, input, target):
        input, target = self._prepare(input, target)
        self._cache = (input, target)
        return self._forward(input, target)

    def _denominator(self, input, target):
        return None  # 'mean' divides by the number of unreduced values

    def backward(self, grad_output=None):
        """d(loss)/d(input), times ``grad_output`` (default 1; one value per loss for ``'none'``)."""
        input, target = self._saved()
        shape = input.shape[:1] if self._per_sample else input.shape
        upstream = _reduce_grad(shape, input.dtype, self.reduction, grad_output,
                                denominator=self._denominator(input, target))
        local = self._local_grad(input, target)
        if self._per_sample and np.ndim(upstream):
            upstream = upstream.reshape((-1,) + (1,) * (input.ndim - 1))
        return local * upstream

    # -- shared argument checks --------------------------------------------------------------
    def _input(self, input):
        return check_array(input, "input")

    def _same_shape_target(self, input, target):
        target = check_array(target, "target")
        check_same_shape(input, target, "input", "target")
        return target.astype(input.dtype, copy=False)

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}"


# ----------------------------------------------------------------------------------------------
# Regression
# ----------------------------------------------------------------------------------------------
class MSELoss(_Loss):
    r"""Mean squared error: :math:`\ell_n = (x_n - y_n)^2`, reduced.

    Args:
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean over all elements, or
            the sum. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``, any shape. Target: the same shape.
        - Output: a scalar, or ``(*)`` for ``'none'``.

    Examples:
        >>> float(MSELoss()(np.array([3.0]), np.array([1.0])))
        4.0
    """

    def _prepare(self, input, target):
        input = self._input(input)
        return input, self._same_shape_target(input, target)

    def _forward(self, input, target):
        return F.mse_loss(input, target, self.reduction)

    def _local_grad(self, input, target):
        return F.mse_loss_grad(input, target)  # d/dx (x - y)^2 = 2 (x - y)


class L1Loss(MSELoss):
    r"""Mean absolute error: :math:`\ell_n = |x_n - y_n|`, reduced.

    The gradient is :math:`\operatorname{sign}(x_n - y_n)`, 0 where :math:`x_n = y_n` (as PyTorch).

    Args:
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``. Target: the same shape. Output: a scalar, or ``(*)`` for ``'none'``.

    Examples:
        >>> float(L1Loss()(np.array([3.0, 0.0]), np.array([1.0, 1.0])))
        1.5
    """

    def _forward(self, input, target):
        return F.l1_loss(input, target, self.reduction)

    def _local_grad(self, input, target):
        return F.l1_loss_grad(input, target)  # d/dx |x - y| = sign(x - y)


class MSLELoss(MSELoss):
    r"""Mean squared logarithmic error: :math:`\ell_n = (\log(1 + x_n) - \log(1 + y_n))^2`.

    Useful for targets spanning orders of magnitude (it compares ratios, not differences).
    Not a PyTorch class: ``MSELoss()(torch.log1p(x), torch.log1p(y))`` is the same.
    ``input`` and ``target`` must be greater than -1.

    Args:
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``. Target: the same shape. Output: a scalar, or ``(*)`` for ``'none'``.

    Examples:
        >>> round(float(MSLELoss()(np.array([np.e - 1]), np.array([0.0]))), 6)
        1.0
    """

    def _prepare(self, input, target):
        input, target = super()._prepare(input, target)
        for name, arr in (("input", input), ("target", target)):
            if arr.size and arr.min() <= -1:
                raise ValueError(
                    f"MSLELoss needs {name} > -1 (it takes log(1 + {name})); got a minimum of {arr.min():.4g}."
                )
        return input, target

    def _forward(self, input, target):
        return F.msle_loss(input, target, self.reduction)

    def _local_grad(self, input, target):
        return F.msle_loss_grad(input, target)  # 2 (log1p x - log1p y) / (1 + x)


class HuberLoss(MSELoss):
    r"""Huber loss: quadratic near zero, linear beyond ``delta`` (PyTorch's ``HuberLoss``).

    .. math::
        \ell_n = \begin{cases} \frac12 (x_n - y_n)^2 & |x_n - y_n| < \delta \\
                 \delta (|x_n - y_n| - \frac12 \delta) & \text{otherwise} \end{cases}

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

    def _forward(self, input, target):
        return F.huber_loss(input, target, self.reduction, self.delta)

    def _local_grad(self, input, target):
        return F.huber_loss_grad(input, target, self.delta)  # clip(x - y, -delta, delta)

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}, delta={self.delta}"


# ----------------------------------------------------------------------------------------------
# Binary classification
# ----------------------------------------------------------------------------------------------
def _check_weight(weight, input, name="weight"):
    if weight is None:
        return None
    w = check_array(weight, name).astype(input.dtype, copy=False)
    try:
        np.broadcast_shapes(w.shape, input.shape)
    except ValueError:
        raise ValueError(
            f"{name} must broadcast to the input's shape {input.shape}; got shape {w.shape}."
        ) from None
    return w


class BCELoss(_Loss):
    r"""Binary cross-entropy on probabilities.

    .. math::
        \ell_n = -w_n [y_n \log x_n + (1 - y_n) \log(1 - x_n)]

    Each log is clamped at -100 as in PyTorch, so a probability of exactly 0 or 1 gives a finite
    loss. Expects probabilities (after a sigmoid); for logits use :class:`BCEWithLogitsLoss`, which
    is also more accurate.

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

    def _prepare(self, input, target):
        input = check_probabilities(self._input(input), "input")
        target = check_probabilities(self._same_shape_target(input, target), "target")
        self._w = _check_weight(self.weight, input)
        return input, target

    def _forward(self, input, target):
        return F.binary_cross_entropy(input, target, self._w, self.reduction)

    def _local_grad(self, input, target):
        return F.binary_cross_entropy_grad(input, target, self._w)  # w (x - y) / (x (1 - x))


class BCEWithLogitsLoss(_Loss):
    r"""Binary cross-entropy on logits, a sigmoid and :class:`BCELoss` in one stable step.

    .. math::
        \ell_n = -w_n [p\, y_n \log \sigma(x_n) + (1 - y_n) \log(1 - \sigma(x_n))]

    computed as :math:`w_n[(1 - y_n) x_n + (1 + (p - 1) y_n) \log(1 + e^{-x_n})]` with the softplus
    written stably, so logits of :math:`\pm 1000` are exact. The gradient is
    :math:`w_n(\sigma(x_n) - y_n)` without ``pos_weight``.

    Args:
        weight: rescaling weight broadcast to the input's shape. Default: None.
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        pos_weight: weight of positive examples, broadcast along the last dimension (one per
            class, shape ``(C,)``). Default: None.

    Shape:
        - Input: ``(*)`` logits. Target: the same shape, in [0, 1].
        - Output: a scalar, or ``(*)`` for ``'none'``.

    Examples:
        >>> round(float(BCEWithLogitsLoss()(np.array([0.0]), np.array([1.0]))), 4)
        0.6931
    """

    def __init__(self, weight=None, reduction: str = "mean", pos_weight=None):
        super().__init__(reduction)
        self.weight = None if weight is None else check_array(weight, "weight")
        self.pos_weight = None if pos_weight is None else check_array(pos_weight, "pos_weight")

    def _prepare(self, input, target):
        input = self._input(input)
        target = check_probabilities(self._same_shape_target(input, target), "target")
        self._w = _check_weight(self.weight, input)
        self._pw = _check_weight(self.pos_weight, input, "pos_weight")
        return input, target

    def _forward(self, input, target):
        return F.binary_cross_entropy_with_logits(input, target, self._w, self.reduction, self._pw)

    def _local_grad(self, input, target):
        return F.binary_cross_entropy_with_logits_grad(input, target, self._w, self._pw)  # sigma(x) - y


def _check_alpha(alpha):
    check_scalar(alpha, "alpha")
    if alpha > 1:
        raise ValueError(f"alpha must be a float in [0, 1], or negative to turn weighting off; got {alpha!r}.")
    return float(alpha)


class FocalLoss(_Loss):
    r"""Binary focal loss on logits (Lin et al., 2017), exactly torchvision's ``sigmoid_focal_loss``.

    .. math::
        \ell_n = \alpha_t (1 - p_t)^\gamma \, \text{BCEWithLogits}(x_n, y_n), \quad
        p_t = p y + (1 - p)(1 - y), \quad \alpha_t = \alpha y + (1 - \alpha)(1 - y), \quad p = \sigma(x_n)

    The factor :math:`(1 - p_t)^\gamma` shrinks the loss of well-classified examples; ``alpha``
    balances positives against negatives (a negative ``alpha`` turns it off). With
    ``gamma=0, alpha=-1`` it is :class:`BCEWithLogitsLoss`. The gradient is derived analytically
    in a form that stays finite for any logit (:func:`lazylearn.nn.functional.sigmoid_focal_loss_grad`).

    Args:
        alpha: weight of the positive class in [0, 1], or negative for none. Default: 0.25.
        gamma: focusing exponent, >= 0. Default: 2.0.
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'`` (torchvision's function
            defaults to ``'none'``).

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
        self.alpha = _check_alpha(alpha)
        self.gamma = float(check_scalar(gamma, "gamma", min_val=0))

    def _prepare(self, input, target):
        input = self._input(input)
        return input, check_probabilities(self._same_shape_target(input, target), "target")

    def _forward(self, input, target):
        return F.sigmoid_focal_loss(input, target, self.alpha, self.gamma, self.reduction)

    def _local_grad(self, input, target):
        return F.sigmoid_focal_loss_grad(input, target, self.alpha, self.gamma)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}, gamma={self.gamma}, reduction={self.reduction!r}"


# ----------------------------------------------------------------------------------------------
# Multi-class classification
# ----------------------------------------------------------------------------------------------
def _check_logits_2d(input, loss_name):
    input = check_array(input, "input")
    if input.ndim != 2:
        raise ValueError(
            f"{loss_name} expects input of shape (N, C) (unnormalized logits, one row per sample); "
            f"got shape {input.shape}. For a single sample use input.reshape(1, -1)."
        )
    return input


def _check_class_weight(weight, name, num_classes=None):
    if weight is None:
        return None
    w = check_array(weight, name, ndim=1)
    if w.size and w.min() < 0:
        raise ValueError(f"{name} must hold non-negative class weights; got a minimum of {w.min():.4g}.")
    if num_classes is not None and w.shape[0] != num_classes:
        raise ValueError(f"{name} must have one entry per class ({num_classes}); got shape {w.shape}.")
    return w


def _check_labels_for(input, target):
    n, c = input.shape
    labels = check_labels(target, c, "target")
    if labels.shape != (n,):
        raise ValueError(
            f"target must hold one class label per sample, shape ({n},); got shape {labels.shape}."
        )
    return labels


class CrossEntropyLoss(_Loss):
    r"""Cross-entropy of unnormalized logits against class labels or class probabilities.

    With integer labels :math:`y_n \in \{0, \dots, C-1\}`:

    .. math::
        \ell_n = -w_{y_n} \log \frac{\exp(x_{n, y_n})}{\sum_{c} \exp(x_{n, c})}, \qquad
        \text{mean} = \frac{\sum_n \ell_n}{\sum_n w_{y_n}}

    With class probabilities :math:`y_{n,c}` (for example soft labels):
    :math:`\ell_n = -\sum_c w_c y_{n,c} \log \text{softmax}(x_n)_c` and the mean divides by N.
    Computed with log-sum-exp, so logits of :math:`\pm 1000` give exact values. The gradient is
    :math:`w_{y_n}(\text{softmax}(x_n) - \text{onehot}(y_n))`.

    Args:
        weight: a weight per class, shape ``(C,)``, non-negative. Default: None (all 1).
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(N, C)`` logits, where N = batch size, C = number of classes.
        - Target: ``(N,)`` integer labels in [0, C-1], or ``(N, C)`` probabilities.
        - Output: a scalar, or ``(N,)`` for ``'none'``.

    Examples:
        >>> loss_fn = CrossEntropyLoss()
        >>> round(float(loss_fn(np.zeros((2, 4)), np.array([0, 3]))), 4)
        1.3863
        >>> loss_fn.backward().round(3)
        array([[-0.375,  0.125,  0.125,  0.125],
               [ 0.125,  0.125,  0.125, -0.375]])
    """

    _per_sample = True

    def __init__(self, weight=None, reduction: str = "mean"):
        super().__init__(reduction)
        self.weight = _check_class_weight(weight, "weight")

    def _prepare(self, input, target):
        input = _check_logits_2d(input, "CrossEntropyLoss")
        self._w = _check_class_weight(self.weight, "weight", input.shape[1])
        if self._w is not None:
            self._w = self._w.astype(input.dtype, copy=False)
        target_arr = np.asarray(target)
        if target_arr.ndim == 2 and target_arr.dtype.kind == "f":
            target = self._same_shape_target(input, target_arr)
            return input, check_probabilities(target, "target")
        if target_arr.ndim == 2:
            raise ValueError(
                f"target of shape {target_arr.shape} must be float class probabilities; for labels "
                "pass shape (N,) integers."
            )
        return input, _check_labels_for(input, target)

    def _forward(self, input, target):
        return F.cross_entropy(input, target, self._w, self.reduction)

    def _denominator(self, input, target):
        if self._w is not None and target.ndim == 1:
            return self._w[target].sum()  # the weighted mean divides by the targets' total weight
        return None

    def _local_grad(self, input, target):
        return F.cross_entropy_grad(input, target, self._w)  # w_y (softmax - onehot)

    def extra_repr(self) -> str:
        return f"weight={self.weight}, reduction={self.reduction!r}" if self.weight is not None else super().extra_repr()


class SoftmaxFocalLoss(_Loss):
    r"""Multi-class focal loss on logits with integer labels.

    .. math::
        \ell_n = -\alpha_{y_n} (1 - p_{n,y_n})^\gamma \log p_{n,y_n}, \qquad p_n = \text{softmax}(x_n)

    With ``gamma=0`` and ``alpha=None`` it equals :class:`CrossEntropyLoss`. Not a PyTorch class.
    ``'mean'`` divides by N (also with ``alpha``, unlike ``CrossEntropyLoss(weight=...)``, whose
    mean divides by the total weight).

    Args:
        gamma: focusing exponent, >= 0. Default: 2.0.
        alpha: a non-negative weight per class, shape ``(C,)``, or None for none. Default: None.
        reduction: ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(N, C)`` logits, where N = batch size, C = number of classes.
        - Target: ``(N,)`` integer labels in [0, C-1]. Output: a scalar, or ``(N,)`` for ``'none'``.

    Examples:
        >>> loss_fn = SoftmaxFocalLoss(gamma=0.0)
        >>> round(float(loss_fn(np.zeros((1, 4)), np.array([2]))), 4)
        1.3863
    """

    _per_sample = True

    def __init__(self, gamma: float = 2.0, alpha=None, reduction: str = "mean"):
        super().__init__(reduction)
        self.gamma = float(check_scalar(gamma, "gamma", min_val=0))
        self.alpha = _check_class_weight(alpha, "alpha")

    def _prepare(self, input, target):
        input = _check_logits_2d(input, "SoftmaxFocalLoss")
        alpha = _check_class_weight(self.alpha, "alpha", input.shape[1])
        self._alpha = None if alpha is None else alpha.astype(input.dtype, copy=False)
        return input, _check_labels_for(input, target)

    def _forward(self, input, target):
        return F.softmax_focal_loss(input, target, self.gamma, self._alpha, self.reduction)

    def _local_grad(self, input, target):
        return F.softmax_focal_loss_grad(input, target, self.gamma, self._alpha)

    def extra_repr(self) -> str:
        return f"gamma={self.gamma}, alpha={self.alpha}, reduction={self.reduction!r}"


class KLDivLoss(_Loss):
    r"""Kullback-Leibler divergence, with ``input`` as log-probabilities (as PyTorch).

    .. math::
        \ell_n = y_n (\log y_n - x_n)

    (0 where :math:`y_n = 0`), or :math:`e^{y_n}(y_n - x_n)` with ``log_target=True``.
    ``reduction='batchmean'`` (the sum divided by the batch size) gives the true KL divergence of
    each row; ``'mean'`` divides by the number of elements, as PyTorch does (and warns about).

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

    _reductions = ("none", "mean", "sum", "batchmean")

    def __init__(self, reduction: str = "mean", log_target: bool = False):
        super().__init__(reduction)
        if not isinstance(log_target, bool):
            raise TypeError(f"log_target must be a bool; got {log_target!r}.")
        self.log_target = log_target

    def _prepare(self, input, target):
        input = self._input(input)
        target = self._same_shape_target(input, target)
        if not self.log_target:
            check_probabilities(target, "target")
        return input, target

    def _forward(self, input, target):
        return F.kl_div(input, target, self.reduction, self.log_target)

    def _local_grad(self, input, target):
        return F.kl_div_grad(input, target, self.log_target)  # d/dx y (log y - x) = -y


class JaccardLoss(_Loss):
    r"""Soft Jaccard (intersection over union) loss on logits, for segmentation-like targets.

    For each sample, over all non-batch dimensions, with :math:`p = \sigma(x)`:

    .. math::
        \ell_n = 1 - \frac{\sum_i p_i y_i + s}{\sum_i p_i + \sum_i y_i - \sum_i p_i y_i + s}

    The smoothing term :math:`s` keeps the score defined when prediction and target are both
    empty (the loss is then 0). The loss lies in [0, 1]. Not a PyTorch class.

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

    _per_sample = True

    def __init__(self, smooth: float = 1.0, reduction: str = "mean"):
        super().__init__(reduction)
        self.smooth = float(check_scalar(smooth, "smooth", min_val=0, include_min=False))

    def _prepare(self, input, target):
        input = check_array(input, "input", min_ndim=1)
        return input, check_probabilities(self._same_shape_target(input, target), "target")

    def _forward(self, input, target):
        return F.jaccard_loss(input, target, self.smooth, self.reduction)

    def _local_grad(self, input, target):
        return F.jaccard_loss_grad(input, target, self.smooth)

    def extra_repr(self) -> str:
        return f"smooth={self.smooth}, reduction={self.reduction!r}"


class DiceLoss(JaccardLoss):
    r"""Soft Dice loss on logits, for segmentation-like targets.

    For each sample, over all non-batch dimensions, with :math:`p = \sigma(x)`:

    .. math::
        \ell_n = 1 - \frac{2 \sum_i p_i y_i + s}{\sum_i p_i + \sum_i y_i + s}

    with the smoothing term :math:`s` (as in :class:`JaccardLoss`). The loss lies in [0, 1].
    Not a PyTorch class.

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

    def _forward(self, input, target):
        return F.dice_loss(input, target, self.smooth, self.reduction)

    def _local_grad(self, input, target):
        return F.dice_loss_grad(input, target, self.smooth)


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
