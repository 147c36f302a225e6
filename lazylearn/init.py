r"""Weight initialisation: Xavier (Glorot) and He (Kaiming), uniform and normal, as ``torch.nn.init``.

A weight matrix has shape ``(fan_out, fan_in)``, as :class:`~lazylearn.nn.Linear`'s ``weight``
(``out_features, in_features``). For more than two dimensions (convolution kernels
``(out, in, k1, k2, ...)``) both fans are multiplied by the receptive-field size ``k1 * k2 * ...``.

Two families of names:

- ``xavier_uniform(shape, rng=None, *, gain=1.0)``, ``xavier_normal``, ``he_uniform``, ``he_normal``
  return a new float64 array of the given shape (``rng`` second in all four; the options after it
  are keyword-only, so ``xavier_uniform((3, 2), 0)`` means seed 0, never gain 0);
- PyTorch's in-place names ``xavier_uniform_``, ``xavier_normal_``, ``kaiming_uniform_``,
  ``kaiming_normal_`` overwrite the values of a :class:`~lazylearn.nn.Parameter` or an ndarray
  (keeping its dtype) and return it.

The scales, with :math:`n_{in}`, :math:`n_{out}` the fans and :math:`g` the gain:

=================  ==============================================  =========================================
function           distribution                                    scale
=================  ==============================================  =========================================
xavier_uniform     :math:`U(-a, a)`                                :math:`a = g\sqrt{6/(n_{in}+n_{out})}`
xavier_normal      :math:`N(0, \sigma^2)`                          :math:`\sigma = g\sqrt{2/(n_{in}+n_{out})}`
he_uniform         :math:`U(-a, a)`                                :math:`a = g\sqrt{3/n_{mode}}`
he_normal          :math:`N(0, \sigma^2)`                          :math:`\sigma = g/\sqrt{n_{mode}}`
=================  ==============================================  =========================================

Each keeps the variance of activations (Xavier: a compromise between the forward and the backward
pass) or of the forward pass only (He, ``mode='fan_in'``) near constant from layer to layer. For He
the gain defaults to :math:`\sqrt 2` (ReLU halves the second moment), so
:math:`\sigma = \sqrt{2 / n_{in}}`.

Randomness always comes from ``rng`` (None, an int seed or a ``np.random.Generator``): the same
seed gives the same weights. These draw from NumPy's generator, so the numbers differ from
PyTorch's for the same seed; the distributions are the same.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from ._validation import check_rng, check_scalar

__all__ = [
    "calculate_gain",
    "xavier_uniform",
    "xavier_normal",
    "he_uniform",
    "he_normal",
    "xavier_uniform_",
    "xavier_normal_",
    "kaiming_uniform_",
    "kaiming_normal_",
    "prior_bias",
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


# -- new arrays ------------------------------------------------------------------------------------
def xavier_uniform(shape, rng=None, *, gain=1.0) -> np.ndarray:
    r"""Xavier (Glorot) uniform: :math:`U(-a, a)`, :math:`a = \text{gain}\sqrt{6/(n_{in}+n_{out})}`.

    Glorot and Bengio, "Understanding the difficulty of training deep feedforward neural networks" (2010).

    Args:
        shape: ``(fan_out, fan_in)`` (or ``(out, in, *kernel)``).
        rng: None, an int seed or a ``np.random.Generator``. Default: None.
        gain: (keyword-only) scaling factor, e.g. ``calculate_gain('tanh')``. Default: 1.0.

    Returns:
        a float64 array of ``shape``.

    Examples:
        >>> w = xavier_uniform((3, 5), rng=0)
        >>> w.shape, bool(abs(w).max() <= (6 / 8) ** 0.5)
        ((3, 5), True)
    """
    shape = _check_shape(shape)
    bound = math.sqrt(3.0) * _xavier_std(shape, gain)
    return check_rng(rng).uniform(-bound, bound, size=shape)


def xavier_normal(shape, rng=None, *, gain=1.0) -> np.ndarray:
    r"""Xavier (Glorot) normal: :math:`N(0, \sigma^2)`, :math:`\sigma = \text{gain}\sqrt{2/(n_{in}+n_{out})}`.

    Args:
        shape: ``(fan_out, fan_in)`` (or ``(out, in, *kernel)``).
        rng: None, an int seed or a ``np.random.Generator``. Default: None.
        gain: (keyword-only) scaling factor. Default: 1.0.

    Returns:
        a float64 array of ``shape``.

    Examples:
        >>> xavier_normal((2, 2), rng=0).shape
        (2, 2)
    """
    shape = _check_shape(shape)
    return check_rng(rng).normal(0.0, _xavier_std(shape, gain), size=shape)


def he_uniform(shape, rng=None, *, a=0.0, mode="fan_in", nonlinearity="leaky_relu") -> np.ndarray:
    r"""He (Kaiming) uniform: :math:`U(-b, b)`, :math:`b = \text{gain}\sqrt{3/n_{mode}}`.

    He et al., "Delving Deep into Rectifiers" (2015). With the defaults (``nonlinearity='leaky_relu'``
    with slope ``a=0``, which is ReLU), gain :math:`=\sqrt 2` and :math:`b = \sqrt{6/n_{in}}`.

    Args:
        shape: ``(fan_out, fan_in)`` (or ``(out, in, *kernel)``).
        rng: None, an int seed or a ``np.random.Generator``. Default: None.
        a: negative slope of the leaky ReLU that follows (used with ``'leaky_relu'``). Default: 0.
        mode: ``'fan_in'`` keeps the variance of the forward pass, ``'fan_out'`` of the backward
            pass. Default: ``'fan_in'``.
        nonlinearity: the name given to :func:`calculate_gain`. Default: ``'leaky_relu'``.

    Returns:
        a float64 array of ``shape``.

    Examples:
        >>> w = he_uniform((4, 6), rng=0)
        >>> bool(abs(w).max() <= 1.0)     # sqrt(6 / 6)
        True
    """
    shape = _check_shape(shape)
    bound = math.sqrt(3.0) * _kaiming_std(shape, a, mode, nonlinearity)
    return check_rng(rng).uniform(-bound, bound, size=shape)


def he_normal(shape, rng=None, *, a=0.0, mode="fan_in", nonlinearity="leaky_relu") -> np.ndarray:
    r"""He (Kaiming) normal: :math:`N(0, \sigma^2)`, :math:`\sigma = \text{gain}/\sqrt{n_{mode}}`.

    With the defaults, :math:`\sigma = \sqrt{2/n_{in}}`. Arguments as :func:`he_uniform`.

    Examples:
        >>> he_normal((3, 8), rng=1).shape
        (3, 8)
    """
    shape = _check_shape(shape)
    return check_rng(rng).normal(0.0, _kaiming_std(shape, a, mode, nonlinearity), size=shape)


# -- in place (PyTorch's names) ----------------------------------------------------------------------
def _target(tensor) -> np.ndarray:
    data = getattr(tensor, "data", tensor) if not isinstance(tensor, np.ndarray) else tensor
    if not isinstance(data, np.ndarray) or data.dtype.kind != "f":
        raise TypeError(
            f"tensor must be a Parameter or a float ndarray; got {type(tensor).__name__}"
            + (f" of dtype {data.dtype}" if isinstance(data, np.ndarray) else "") + "."
        )
    return data


def xavier_uniform_(tensor, gain=1.0, rng=None):
    """Fill a Parameter or float ndarray with :func:`xavier_uniform` values, in place; returns it."""
    data = _target(tensor)
    data[...] = xavier_uniform(data.shape, rng, gain=gain)
    return tensor


def xavier_normal_(tensor, gain=1.0, rng=None):
    """Fill a Parameter or float ndarray with :func:`xavier_normal` values, in place; returns it."""
    data = _target(tensor)
    data[...] = xavier_normal(data.shape, rng, gain=gain)
    return tensor


def kaiming_uniform_(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    """Fill a Parameter or float ndarray with :func:`he_uniform` values, in place; returns it.

    The argument order is ``torch.nn.init.kaiming_uniform_``'s (``a, mode, nonlinearity``).
    """
    data = _target(tensor)
    data[...] = he_uniform(data.shape, rng, a=a, mode=mode, nonlinearity=nonlinearity)
    return tensor


def kaiming_normal_(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    """Fill a Parameter or float ndarray with :func:`he_normal` values, in place; returns it."""
    data = _target(tensor)
    data[...] = he_normal(data.shape, rng, a=a, mode=mode, nonlinearity=nonlinearity)
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
