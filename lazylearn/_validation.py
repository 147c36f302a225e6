"""Argument checks shared by every public function of lazylearn.

Each check raises ``TypeError`` for a wrong type and ``ValueError`` for a wrong value, with a
message that names the argument, says what was expected and what was given, in the style of
scikit-learn's ``check_scalar``: ``"lr must be a float in [0, inf); got -0.1."``.
Private: the package calls these at its public boundary; users never need to.
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "check_array",
    "check_scalar",
    "check_rng",
    "check_same_shape",
    "check_labels",
    "check_probabilities",
    "as_float_array",
]

def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{value!r} ({type(value).__name__})"


def as_float_array(x, name: str) -> np.ndarray:
    """``x`` as a floating ndarray: float32 stays float32, everything else becomes float64."""
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be an array of numbers; got {_describe(x)}.")
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be an array of numbers; got {_describe(x)} ({exc}).") from None
    if arr.dtype == np.float32 or arr.dtype == np.float64:
        return arr
    if arr.dtype.kind in "biuf":
        return arr.astype(np.float64)
    raise TypeError(f"{name} must be an array of numbers; got dtype {arr.dtype}.")


def check_array(x, name: str, *, ndim=None, min_ndim=None, finite: bool = True, dtype="float") -> np.ndarray:
    """Convert ``x`` to an ndarray and check its rank and values.

    Args:
        x: array-like.
        name: the argument's name, used in error messages.
        ndim: an int or a tuple of allowed ranks, or None for any.
        min_ndim: the smallest allowed rank, or None.
        finite: reject NaN and infinity. Default: True.
        dtype: ``"float"`` (float32 kept, others become float64), ``"int"`` (integer labels) or None
            (left as given).
    """
    if dtype == "float":
        arr = as_float_array(x, name)
    elif dtype == "int":
        arr = np.asarray(x)
        if arr.dtype.kind == "f" and arr.size and np.all(np.mod(arr, 1) == 0):
            arr = arr.astype(np.int64)
        if arr.dtype.kind not in "iu":
            raise TypeError(f"{name} must hold integer class labels; got dtype {arr.dtype}.")
    else:
        arr = np.asarray(x)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(str(a) for a in allowed)
            raise ValueError(f"{name} must be {want}-dimensional; got shape {arr.shape}.")
    if min_ndim is not None and arr.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimensions; got shape {arr.shape}.")
    if finite and arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} must be finite; got {bad} NaN or infinite value(s).")
    return arr


def check_scalar(x, name: str, *, kind=numbers.Real, min_val=None, max_val=None,
                 include_min: bool = True, include_max: bool = True):
    """Check that ``x`` is a scalar of ``kind`` inside the given interval and return it."""
    if isinstance(x, np.ndarray) and x.ndim == 0:
        x = x.item()
    kind_name = {numbers.Real: "a float", numbers.Integral: "an int"}.get(kind, kind.__name__)
    if isinstance(x, bool) or not isinstance(x, kind):
        raise TypeError(f"{name} must be {kind_name}; got {_describe(x)}.")
    if isinstance(x, float) and np.isnan(x):
        raise ValueError(f"{name} must be a number; got nan.")
    lo = "(" if (not include_min or min_val is None) else "["
    hi = ")" if (not include_max or max_val is None) else "]"
    interval = f"{lo}{'-inf' if min_val is None else min_val}, {'inf' if max_val is None else max_val}{hi}"
    too_low = min_val is not None and (x < min_val if include_min else x <= min_val)
    too_high = max_val is not None and (x > max_val if include_max else x >= max_val)
    if too_low or too_high:
        raise ValueError(f"{name} must be {kind_name} in {interval}; got {x!r}.")
    return x


def check_rng(rng) -> np.random.Generator:
    """Normalise ``rng`` (None, an int seed or a Generator) to a ``np.random.Generator``."""
    if rng is None or isinstance(rng, (numbers.Integral, np.random.Generator, np.random.SeedSequence)):
        if isinstance(rng, bool):
            raise TypeError(f"rng must be None, an int seed or a numpy Generator; got {rng!r}.")
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be None, an int seed or a numpy Generator; got {_describe(rng)}.")


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str = "input", name_b: str = "target") -> None:
    """Raise a ValueError naming both arguments when two arrays differ in shape."""
    if a.shape != b.shape:
        hint = ""
        if a.ndim == b.ndim + 1 and a.shape[-1] == 1 and a.shape[:-1] == b.shape:
            hint = f" Reshape {name_b} with {name_b}.reshape(-1, 1)."
        elif b.ndim == a.ndim + 1 and b.shape[-1] == 1 and b.shape[:-1] == a.shape:
            hint = f" Reshape {name_b} with {name_b}.reshape(-1)."
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape; got {name_a} {a.shape} and "
            f"{name_b} {b.shape}.{hint}"
        )


def check_labels(target, num_classes: int, name: str = "target", *, ignore_index=None) -> np.ndarray:
    """Check integer class labels in ``[0, num_classes)`` and return them as int64."""
    arr = check_array(target, name, dtype="int")
    valid = arr if ignore_index is None else arr[arr != ignore_index]
    if valid.size and (valid.min() < 0 or valid.max() >= num_classes):
        raise ValueError(
            f"{name} must hold class labels in [0, {num_classes - 1}]; got values from "
            f"{int(valid.min())} to {int(valid.max())}."
        )
    return arr.astype(np.int64, copy=False)


def check_probabilities(p: np.ndarray, name: str) -> np.ndarray:
    """Check that every value of ``p`` lies in [0, 1] (for losses that take probabilities)."""
    if p.size and (p.min() < 0 or p.max() > 1):
        raise ValueError(
            f"{name} must hold probabilities in [0, 1]; got values from {p.min():.4g} to {p.max():.4g}. "
            "If these are logits, use the *WithLogits version or apply a sigmoid first."
        )
    return p
