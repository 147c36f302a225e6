r"""Weight initialisation with ``torch.nn.init``'s names and argument order, and its scales.

A weight matrix has shape ``(fan_out, fan_in)``, as :class:`~lazylearn.nn.Linear`'s ``weight``
(``out_features, in_features``). For more than two dimensions (convolution kernels
``(out, in, k1, k2, ...)``) both fans are multiplied by the receptive-field size ``k1 * k2 * ...``.

The functions ending in ``_`` overwrite the values of a :class:`~lazylearn.nn.Parameter` or a
float ndarray in place (keeping its dtype) and return it, as PyTorch's do:
:func:`xavier_uniform_`, :func:`xavier_normal_`, :func:`kaiming_uniform_`,
:func:`kaiming_normal_`, :func:`uniform_`, :func:`normal_`, :func:`constant_`, :func:`zeros_`,
:func:`ones_`. Two of them also exist as functions of a shape that return a new float64 array,
the forms chapter 6's exercise asks for: :func:`xavier_uniform` and :func:`kaiming_normal`.

The scales, with :math:`n_{in}`, :math:`n_{out}` the fans and :math:`g` the gain
(:func:`calculate_gain`):

=================  ==============================================  =========================================
function           distribution                                    scale
=================  ==============================================  =========================================
xavier_uniform\_   :math:`U(-a, a)`                                :math:`a = g\sqrt{6/(n_{in}+n_{out})}`
xavier_normal\_    :math:`N(0, \sigma^2)`                          :math:`\sigma = g\sqrt{2/(n_{in}+n_{out})}`
kaiming_uniform\_  :math:`U(-b, b)`                                :math:`b = g\sqrt{3/n_{mode}}`
kaiming_normal\_   :math:`N(0, \sigma^2)`                          :math:`\sigma = g/\sqrt{n_{mode}}`
=================  ==============================================  =========================================

Xavier (Glorot and Bengio 2010) keeps the variance of activations and of gradients near constant
from layer to layer (a compromise between the forward and the backward pass); Kaiming (He et al.
2015) keeps that of the forward pass (``mode='fan_in'``) or of the backward pass
(``mode='fan_out'``). Kaiming's gain is that of a leaky ReLU of slope ``a``,
:math:`\sqrt{2/(1+a^2)}`, so with the default ``a=0`` (ReLU) :math:`\sigma = \sqrt{2 / n_{in}}`.

Randomness always comes from ``rng`` (keyword-only in the in-place functions: None, an int seed or
a ``np.random.Generator``): the same seed gives the same weights. These draw from NumPy's
generator, so the numbers differ from PyTorch's for the same seed; the distributions are the same.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from ._validation import check_rng, check_scalar

__all__ = [
    "calculate_gain",
    "xavier_uniform_",
    "xavier_normal_",
    "kaiming_uniform_",
    "kaiming_normal_",
    "prior_bias",
    "uniform_",
    "normal_",
    "constant_",
    "zeros_",
    "ones_",
    "xavier_uniform",
    "kaiming_normal",
]

_LINEAR_FNS = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d")


def calculate_gain(nonlinearity: str, param=None) -> float:
    r"""The recommended gain for a nonlinearity (the same values as ``torch.nn.init.calculate_gain``).

    =================  ====================================
    nonlinearity       gain
    =================  ====================================
    linear, conv*      1
    sigmoid            1
    tanh               5/3
    relu               :math:`\sqrt 2`
    leaky_relu         :math:`\sqrt{2 / (1 + s^2)}`, slope :math:`s` = ``param`` (default 0.01)
    selu               3/4
    =================  ====================================

    Args:
        nonlinearity: the name, as above.
        param: the negative slope for ``'leaky_relu'``. Default: None (0.01).

    Examples:
        >>> round(calculate_gain("relu"), 6), calculate_gain("tanh")
        (1.414214, 1.6666666666666667)
    """
    if nonlinearity in _LINEAR_FNS or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, numbers.Real) and not isinstance(param, bool):
            slope = float(param)
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    choices = ", ".join(repr(n) for n in (*_LINEAR_FNS, "sigmoid", "tanh", "relu", "leaky_relu", "selu"))
    raise ValueError(f"Unsupported nonlinearity {nonlinearity!r}; expected one of {choices}.")


def _check_shape(shape) -> tuple:
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        shape = tuple(shape)
    except TypeError:
        raise TypeError(f"shape must be a tuple of ints such as (fan_out, fan_in); got {shape!r}.") from None
    for s in shape:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral) or s < 0:
            raise ValueError(f"shape must hold non-negative ints; got {shape!r}.")
    return tuple(int(s) for s in shape)


def _fans(shape: tuple) -> tuple:
    """(fan_in, fan_out) of a weight of ``shape`` = (out, in, *kernel), as torch's ``_calculate_fan_in_and_fan_out``."""
    if len(shape) < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions; got shape "
            f"{shape}. A weight matrix has shape (fan_out, fan_in); a bias is usually initialised to zeros."
        )
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def _fan(shape: tuple, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be 'fan_in' or 'fan_out'; got {mode!r}.")
    fan_in, fan_out = _fans(shape)
    fan = fan_in if mode == "fan_in" else fan_out
    if fan == 0:
        raise ValueError(f"Initializing a weight of shape {shape} with a zero {mode} is not possible.")
    return fan


def _gain(gain) -> float:
    return float(check_scalar(gain, "gain", min_val=0))


def _xavier_std(shape: tuple, gain) -> float:
    fan_in, fan_out = _fans(shape)
    if fan_in + fan_out == 0:
        raise ValueError(f"Initializing a weight of shape {shape} with zero fans is not possible.")
    return _gain(gain) * math.sqrt(2.0 / (fan_in + fan_out))


def _kaiming_std(shape: tuple, a, mode: str, nonlinearity: str) -> float:
    a = check_scalar(a, "a")
    return calculate_gain(nonlinearity, a) / math.sqrt(_fan(shape, mode))


# -- in place, as torch.nn.init -------------------------------------------------------------------
def _target(tensor) -> np.ndarray:
    data = getattr(tensor, "data", tensor) if not isinstance(tensor, np.ndarray) else tensor
    if not isinstance(data, np.ndarray) or data.dtype.kind != "f":
        raise TypeError(
            f"tensor must be a Parameter or a float ndarray; got {type(tensor).__name__}"
            + (f" of dtype {data.dtype}" if isinstance(data, np.ndarray) else "") + "."
        )
    return data


def uniform_(tensor, a=0.0, b=1.0, *, rng=None):
    """Fill ``tensor`` (a Parameter or float ndarray) with draws from :math:`U(a, b)`, in place; return it.

    Examples:
        >>> w = uniform_(np.zeros((2, 3)), -1.0, 1.0, rng=0)
        >>> bool(np.all((-1 <= w) & (w < 1)))
        True
    """
    data = _target(tensor)
    a = float(check_scalar(a, "a"))
    b = float(check_scalar(b, "b", min_val=a))
    data[...] = check_rng(rng).uniform(a, b, size=data.shape)
    return tensor


def normal_(tensor, mean=0.0, std=1.0, *, rng=None):
    r"""Fill ``tensor`` with draws from :math:`N(\text{mean}, \text{std}^2)`, in place; return it.

    Examples:
        >>> normal_(np.zeros(4), std=0.0).tolist()
        [0.0, 0.0, 0.0, 0.0]
    """
    data = _target(tensor)
    mean = float(check_scalar(mean, "mean"))
    std = float(check_scalar(std, "std", min_val=0))
    data[...] = check_rng(rng).normal(mean, std, size=data.shape)
    return tensor


def prior_bias(pi=0.01) -> float:
    r"""The bias that makes a sigmoid output start at probability ``pi`` (RetinaNet's prior init).

    .. math:: b = -\log\frac{1 - \pi}{\pi}, \qquad \sigma(b) = \pi

    Lin et al. (2017) set the last layer's bias to it (with weights near 0), so that at the start
    every anchor predicts the rare foreground with probability :math:`\pi` instead of 0.5, and the
    many background anchors do not swamp the first steps with a large loss.

    Args:
        pi: the prior probability of the positive class, in (0, 1). Default: 0.01.

    Returns:
        The bias, a float (``-log(99)`` = -4.595 for the default).

    Examples:
        >>> round(prior_bias(0.01), 4)
        -4.5951
        >>> prior_bias(0.5)
        0.0
    """
    pi = float(check_scalar(pi, "pi", min_val=0, max_val=1, include_min=False, include_max=False))
    return math.log(pi) - math.log1p(-pi)
def constant_(tensor, val):
    """Fill ``tensor`` with the value ``val``, in place; return it.

    Examples:
        >>> constant_(np.zeros(3), 0.5).tolist()
        [0.5, 0.5, 0.5]
    """
    data = _target(tensor)
    data[...] = float(check_scalar(val, "val"))
    return tensor


def zeros_(tensor):
    """Fill ``tensor`` with zeros, in place; return it (``constant_(tensor, 0)``)."""
    return constant_(tensor, 0.0)


def ones_(tensor):
    """Fill ``tensor`` with ones, in place; return it (``constant_(tensor, 1)``)."""
    return constant_(tensor, 1.0)


def xavier_uniform_(tensor, gain=1.0, *, rng=None):
    r"""Xavier (Glorot) uniform, in place: :math:`U(-a, a)`, :math:`a = \text{gain}\sqrt{6/(n_{in}+n_{out})}`.

    Args:
        tensor: a :class:`~lazylearn.nn.Parameter` or float ndarray of shape ``(fan_out, fan_in)``
            (or ``(out, in, *kernel)``).
        gain: scaling factor, e.g. ``calculate_gain('tanh')``. Default: 1.0.
        rng: (keyword-only) None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        ``tensor``, its values replaced.

    Examples:
        >>> from lazylearn.nn import Parameter
        >>> w = xavier_uniform_(Parameter(np.zeros((3, 5))), rng=0)
        >>> bool(abs(w.data).max() <= (6 / 8) ** 0.5)
        True
    """
    data = _target(tensor)
    bound = math.sqrt(3.0) * _xavier_std(data.shape, gain)
    data[...] = check_rng(rng).uniform(-bound, bound, size=data.shape)
    return tensor


def xavier_normal_(tensor, gain=1.0, *, rng=None):
    r"""Xavier (Glorot) normal, in place: :math:`N(0, \sigma^2)`, :math:`\sigma = \text{gain}\sqrt{2/(n_{in}+n_{out})}`.

    Arguments as :func:`xavier_uniform_`.

    Examples:
        >>> xavier_normal_(np.zeros((2, 2)), rng=0).shape
        (2, 2)
    """
    data = _target(tensor)
    data[...] = check_rng(rng).normal(0.0, _xavier_std(data.shape, gain), size=data.shape)
    return tensor


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", *, rng=None):
    r"""He (Kaiming) uniform, in place: :math:`U(-b, b)`, :math:`b = \text{gain}\sqrt{3/n_{mode}}`.

    He et al., "Delving Deep into Rectifiers" (2015). With the defaults (``nonlinearity='leaky_relu'``
    with slope ``a=0``, which is ReLU), gain :math:`=\sqrt 2` and :math:`b = \sqrt{6/n_{in}}`.

    Args:
        tensor: a :class:`~lazylearn.nn.Parameter` or float ndarray of shape ``(fan_out, fan_in)``.
        a: negative slope of the leaky ReLU that follows (used with ``'leaky_relu'``). Default: 0.
        mode: ``'fan_in'`` keeps the variance of the forward pass, ``'fan_out'`` of the backward
            pass. Default: ``'fan_in'``.
        nonlinearity: the name given to :func:`calculate_gain`. Default: ``'leaky_relu'``.
        rng: (keyword-only) None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        ``tensor``, its values replaced.

    Examples:
        >>> w = kaiming_uniform_(np.zeros((4, 6)), rng=0)
        >>> bool(abs(w).max() <= 1.0)     # sqrt(6 / 6)
        True
    """
    data = _target(tensor)
    bound = math.sqrt(3.0) * _kaiming_std(data.shape, a, mode, nonlinearity)
    data[...] = check_rng(rng).uniform(-bound, bound, size=data.shape)
    return tensor


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", *, rng=None):
    r"""He (Kaiming) normal, in place: :math:`N(0, \sigma^2)`, :math:`\sigma = \text{gain}/\sqrt{n_{mode}}`.

    With the defaults, :math:`\sigma = \sqrt{2/n_{in}}`. Arguments as :func:`kaiming_uniform_`.

    Examples:
        >>> kaiming_normal_(np.zeros((3, 8)), rng=1).shape
        (3, 8)
    """
    data = _target(tensor)
    data[...] = check_rng(rng).normal(0.0, _kaiming_std(data.shape, a, mode, nonlinearity), size=data.shape)
    return tensor


# -- new arrays of a shape (chapter 6's exercise) ---------------------------------------------------
def xavier_uniform(shape, gain=1.0, rng=None) -> np.ndarray:
    """A new float64 array of ``shape = (fan_out, fan_in)`` filled as :func:`xavier_uniform_`.

    Examples:
        >>> w = xavier_uniform((3, 5), rng=0)
        >>> w.shape, bool(abs(w).max() <= (6 / 8) ** 0.5)
        ((3, 5), True)
    """
    return xavier_uniform_(np.empty(_check_shape(shape)), gain, rng=rng)


def kaiming_normal(shape, a=0.0, mode="fan_in", rng=None) -> np.ndarray:
    r"""A new float64 array of ``shape = (fan_out, fan_in)`` filled as :func:`kaiming_normal_`.

    :math:`N(0, \sigma^2)` with :math:`\sigma = \sqrt{2 / ((1 + a^2)\, n_{mode})}` (the gain of a
    leaky ReLU of slope ``a``).

    Examples:
        >>> kaiming_normal((3, 8), rng=1).shape
        (3, 8)
    """
    return kaiming_normal_(np.empty(_check_shape(shape)), a, mode, rng=rng)
