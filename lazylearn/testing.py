"""Checks that explain themselves: what the exercise tests and the test suite call.

Every check raises ``AssertionError`` with a message that says *what* differs: the type ("got
None: did you forget to return?"), the shape (and how to fix it), *where* (the index of the worst
entry), *by how much* (absolute and relative) and, when the pattern is recognisable, a likely
cause ("exactly 4 times too large: a sum where the mean was wanted").

    >>> import numpy as np
    >>> from lazylearn.testing import check_close
    >>> check_close(np.array([1.0, 2.0]), np.array([1.0, 2.0]), "y_hat")
    >>> check_close(4.0, 1.0, "loss", n=4)
    Traceback (most recent call last):
    ...
    AssertionError: loss is wrong.
      expected: 1
      got:      4
      difference: 3 (relative 300%)
      likely cause: the result is exactly 4 times too large: a sum where the mean was wanted (divide by N = 4), or a gradient that was not averaged over the batch.
      tolerance: |got - expected| <= 1e-08 + 1e-06 * |expected|

Tamper resistance
-----------------
A notebook's test cells run in the same Python process as the student's code, so that code
could replace the helpers (``lazylearn.testing.check_close = lambda *a, **k: None``) or NumPy's
comparison functions (``np.allclose = lambda *a, **k: True``). Test cells therefore start with::

    from lazylearn.testing import fresh
    T = fresh()

:func:`fresh` executes this file again into a new, private module object (not through
``sys.modules``) and checks that the NumPy functions tests rely on are NumPy's own (the very
objects seen when this module was first imported, defined inside NumPy, and behaving as NumPy's
do). It raises ``AssertionError("the test helpers were modified by the notebook ...")`` otherwise.
In addition, assigning an attribute of ``lazylearn.testing`` raises ``AttributeError``.

What this defends against: shadowing a helper's name in the notebook, assigning attributes of
``lazylearn.testing``, replacing functions of ``numpy`` or ``numpy.testing`` (including with
``np.frompyfunc`` ufuncs), and rebinding ``np`` (test cells re-import it).
What remains possible for a determined student, since everything runs in one process: writing
into ``vars(lazylearn.testing)`` or ``sys.modules``, patching ``importlib`` or ``builtins``,
replacing NumPy functions with objects crafted to pass every check above, or editing files on
disk. The grader's sandbox and its static scan of submissions (``lazylearn.grading``) are the
defence there.
"""
from __future__ import annotations

import importlib.util
import math
import os
import sys
import types

import numpy as np
import numpy.testing

__all__ = [
    "check_close",
    "check_scalar_close",
    "check_shape",
    "check_gradient",
    "numerical_gradient",
    "check_not_mutated",
    "worked_mean",
    "worked_sum",
    "fresh",
]

# ----------------------------------------------------------------------------------------------
# formatting


def _fmt(x) -> str:
    """A number in at most 6 significant digits (integers stay integers)."""
    try:
        x = float(x)
    except (TypeError, ValueError):
        return repr(x)
    if math.isnan(x) or math.isinf(x):
        return str(x)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def _fmt_array(a: np.ndarray) -> str:
    if a.ndim == 0:
        return _fmt(a)
    return np.array2string(a, precision=6, threshold=24, edgeitems=3, separator=", ",
                           max_line_width=88).replace("\n", "\n            ")


def _fmt_index(idx) -> str:
    idx = tuple(int(i) for i in idx)
    if len(idx) == 1:
        return f"[{idx[0]}]"
    return "[" + ", ".join(str(i) for i in idx) + "]"


def _join_terms(values, limit: int = 8) -> str:
    vals = [_fmt(v) for v in np.asarray(values, dtype=np.float64).ravel()]
    if len(vals) > limit:
        vals = vals[: limit - 2] + ["...", vals[-1]]
    return " + ".join(vals).replace("+ -", "- ")


def worked_mean(values, label: str = "terms") -> str:
    """The arithmetic of a mean written out, for the ``hint=`` of a check.

    >>> worked_mean([0, 0, 1], "squared errors")
    'squared errors [0, 0, 1] -> (0 + 0 + 1)/3 = 0.333333'
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    shown = "[" + ", ".join(_fmt(x) for x in v[:8]) + (", ...]" if v.size > 8 else "]")
    return f"{label} {shown} -> ({_join_terms(v)})/{v.size} = {_fmt(v.sum() / v.size)}"


def worked_sum(values, label: str = "terms") -> str:
    """The arithmetic of a sum written out, for the ``hint=`` of a check.

    >>> worked_sum([1, 2, 3])
    'terms [1, 2, 3] -> 1 + 2 + 3 = 6'
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    shown = "[" + ", ".join(_fmt(x) for x in v[:8]) + (", ...]" if v.size > 8 else "]")
    return f"{label} {shown} -> {_join_terms(v)} = {_fmt(v.sum())}"


# ----------------------------------------------------------------------------------------------
# conversions with messages


def _as_array(value, name: str, what: str = "got") -> np.ndarray:
    """``value`` as an ndarray of numbers, or an AssertionError saying what it was instead."""
    if value is None:
        raise AssertionError(f"{name}: {what} None. Did you forget to `return` the result?")
    if callable(value) and not isinstance(value, np.ndarray):
        raise AssertionError(f"{name}: {what} a function ({getattr(value, '__name__', value)!r}), "
                             "not numbers. Did you forget to call it, with parentheses?")
    if isinstance(value, (str, bytes)):
        raise AssertionError(f"{name}: {what} the text {value!r}, not numbers.")
    if hasattr(value, "data") and isinstance(getattr(value, "data"), np.ndarray) \
            and not isinstance(value, np.ndarray):
        raise AssertionError(f"{name}: {what} a {type(value).__name__} object; compare its "
                             "array instead (use .data).")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists
        raise AssertionError(f"{name}: {what} {type(value).__name__} that is not an array of "
                             f"numbers ({exc}).") from None
    if arr.dtype.kind not in "biuf":
        raise AssertionError(f"{name}: {what} {type(value).__name__} with dtype {arr.dtype}, "
                             "expected numbers.")
    return arr


def _shape_advice(got: tuple, want: tuple) -> str:
    """A likely reason and a fix for a shape mismatch."""
    n_got = int(np.prod(got)) if got else 1
    n_want = int(np.prod(want)) if want else 1
    if len(got) == 2 and len(want) == 2 and got == want[::-1]:
        return ("the axes are swapped: the result looks transposed (a wrong axis, or a missing or "
                "extra .T in a matrix product).")
    if want == () and n_got > 1:
        return ("a single number was expected: reduce with .mean() (or .sum()) over all "
                "entries.")
    if got == () and n_want > 1:
        return (f"one value per entry was expected, shape {want}: something was reduced "
                "(mean/sum) that should not be, or reduced over every axis instead of one.")
    if len(got) == 2 and len(want) == 1 and got[0] == got[1] == want[0]:
        return (f"shape {got} is what broadcasting makes from a column (N, 1) and a row (N,): "
                "make both operands the same shape, e.g. with .reshape(-1) or .ravel().")
    if n_got == n_want:
        return (f"the same {n_got} entries in a different shape: reshape with "
                f".reshape{want if len(want) != 1 else '(' + str(want[0]) + ',)'} -- but first "
                "check why the shape differs (an extra axis from keepdims or a column vector?).")
    if len(got) == len(want) - 1 and all(g in want for g in got):
        return ("one axis is missing: a sum or mean over an axis that should have been kept "
                "(check axis=, or use keepdims=True).")
    if len(got) == len(want) == 1:
        return ("a reduction over the wrong axis, or a different number of elements than the "
                "input (check axis=).")
    if len(got) == len(want):
        return "check which axis a sum/mean runs over and the order of a matrix product."
    return "check the axes of every sum, mean and matrix product."


def check_shape(actual, shape, name: str) -> None:
    """Check that ``actual`` is an array of shape ``shape`` (``None`` in ``shape`` matches any size).

    Raises:
        AssertionError: naming the expected and actual shapes, a likely reason and a fix.

    Example:
        >>> check_shape(np.zeros((2, 3)), (2, None), "h")
        >>> check_shape(np.zeros((3, 2)), (2, 3), "h")
        Traceback (most recent call last):
        ...
        AssertionError: h has shape (3, 2), expected (2, 3): the axes are swapped: the result looks transposed (a wrong axis, or a missing or extra .T in a matrix product).
    """
    arr = _as_array(actual, name)
    shape = tuple(shape)
    ok = arr.ndim == len(shape) and all(s is None or s == g for s, g in zip(shape, arr.shape))
    if not ok:
        want = tuple(g if s is None and i < arr.ndim else s for i, (s, g) in
                     enumerate(zip(shape, arr.shape + (None,) * len(shape))))
        want = tuple(w if w is not None else 0 for w in want)
        shown = "(" + ", ".join("N" if s is None else str(s) for s in shape) + \
            ("," if len(shape) == 1 else "") + ")"
        raise AssertionError(f"{name} has shape {arr.shape}, expected {shown}: "
                             f"{_shape_advice(arr.shape, want)}")


# ----------------------------------------------------------------------------------------------
# value comparison


def _ratio_cause(c: float, n, scalar: bool = False) -> str | None:
    """Name the mistake behind ``actual == c * expected``.

    For a single number any ratio is "constant", so a factor N is only named when it is the
    batch size ``n`` the caller gave; for arrays a constant integer ratio is evidence enough.
    """
    def near(a, b):
        return abs(a - b) <= 1e-6 * max(1.0, abs(b))

    sign = "the sign is flipped and " if c < 0 else ""
    a = abs(c)
    if near(c, -1.0):
        return ("every entry has the opposite sign: a sign error (e.g. (y - y_hat) instead of "
                "(y_hat - y), or adding the gradient instead of subtracting it).")
    if near(a, 2.0):
        return (f"{sign}the result is exactly twice the expected: an extra factor 2 (counted "
                "twice, or a 2 that does not belong in this derivative).")
    if near(a, 0.5):
        return (f"{sign}the result is exactly half the expected: a missing factor 2 (the "
                "derivative of u**2 is 2*u).")
    if a >= 2.5:
        k = round(a)
        if k >= 3 and near(a, k) and (not scalar or (n and k == int(n))):
            return (f"{sign}the result is exactly {k} times too large: a sum where the mean was "
                    f"wanted (divide by N = {k}), or a gradient that was not averaged over the "
                    "batch.")
    if 0 < a < 0.4:
        k = round(1 / a)
        if k >= 3 and near(a * k, 1.0) and (not scalar or (n and k == int(n))):
            return (f"{sign}the result is exactly {k} times too small: a mean where a sum was "
                    f"wanted, or dividing by N = {k} twice.")
    if c < 0:
        return f"every entry is {_fmt(c)} times the expected: at least a sign error."
    return None


def _likely_cause(a: np.ndarray, e: np.ndarray, close: np.ndarray, n) -> str | None:
    """Recognise common patterns between the wrong ``a`` and the right ``e`` (same shape)."""
    with np.errstate(all="ignore"):
        if a.ndim == 2 and a.shape[0] == a.shape[1] and a.shape[0] > 1 \
                and bool(np.all(np.isclose(a, e.T, rtol=1e-6, atol=1e-12))):
            return ("it equals the transpose of the expected matrix: a swapped axis or a "
                    "missing/extra .T (e.g. x.T @ g against g.T @ x).")
        nz = np.abs(e) > 1e-12
        zeros_agree = bool(np.all(np.abs(a[~nz]) <= 1e-9)) if (~nz).any() else True
        if nz.any() and zeros_agree:
            r = a[nz] / e[nz]
            if np.all(np.isfinite(r)) and (r.max() - r.min()) <= 1e-6 * max(1.0, abs(float(r.mean()))):
                cause = _ratio_cause(float(r.mean()), n, scalar=a.size == 1)
                if cause:
                    return cause
        d = a - e
        if a.size > 1 and float(d.max() - d.min()) <= 1e-9 * max(1.0, float(np.abs(d).max())):
            return (f"every entry is off by the same amount, {_fmt(d.ravel()[0])}: a missing or "
                    "extra constant term (a bias?).")
        if bool(np.all(np.isclose(np.abs(a), np.abs(e), rtol=1e-9, atol=1e-12))) \
                and bool(np.any(np.sign(a) != np.sign(e))):
            wrong = np.argwhere(~close)
            where = ", ".join(_fmt_index(i) for i in wrong[:4]) + (" ..." if len(wrong) > 4 else "")
            return (f"the sizes are right but the sign is wrong at {where}: check the sign of "
                    "each case (e.g. x < 0 against x > 0, or an abs() that should not be there).")
        if a.size == e.size and a.size > 1 and bool(np.all(np.isclose(np.sort(a.ravel()),
                                                                     np.sort(e.ravel()),
                                                                     rtol=1e-9, atol=1e-12))):
            return "the right values in the wrong order: check the axis or the indexing."
    return None


def check_close(actual, expected, name: str, *, rtol: float = 1e-6, atol: float = 1e-8,
                hint: str | None = None, n: int | None = None) -> None:
    """Check that ``actual`` equals ``expected`` up to ``|a - e| <= atol + rtol * |e|``.

    Args:
        actual: the value to check (a number or an array).
        expected: the correct value.
        name: what ``actual`` is, as the student knows it (``"mse(y_hat, y)"``).
        rtol: relative tolerance. Default: 1e-6.
        atol: absolute tolerance. Default: 1e-8.
        hint: how the expected value is computed, shown when the check fails (e.g. from
            :func:`worked_mean`). Default: None.
        n: the batch size, if known, to recognise a sum used instead of a mean. Default: None.

    Raises:
        AssertionError: saying what differs (type, shape, NaN, which entry and by how much) and a
            likely cause when the pattern is recognisable.
    """
    a = _as_array(actual, name)
    e = _as_array(expected, f"{name} (expected value)", "the expected value is")
    if a.shape != e.shape:
        if not (e.ndim == 0 and a.size == 1):
            msg = [f"{name} has shape {a.shape}, expected {e.shape}: {_shape_advice(a.shape, e.shape)}"]
            if hint:
                msg.append(f"  how it should be computed: {hint}")
            raise AssertionError("\n".join(msg))
        a = a.reshape(())
    a = a.astype(np.float64)
    e = e.astype(np.float64)
    lines = []
    a_nan = np.isnan(a) & ~np.isnan(e)
    a_inf = np.isinf(a) & np.isfinite(e)
    if a_nan.any() or a_inf.any():
        bad = a_nan | a_inf
        first = np.argwhere(bad)[0] if a.ndim else ()
        kind = "NaN" if a_nan.any() else "infinity"
        where = f" first at index {_fmt_index(first)}" if a.ndim else ""
        lines.append(f"{name} contains {kind}: {int(bad.sum())} of {a.size} entries,{where}.")
        lines.append("  likely cause: 0/0, log(0), log of a negative number or an overflowing exp "
                     "(a very large input or learning rate). Check the inputs that produce it.")
    else:
        close = np.abs(a - e) <= atol + rtol * np.abs(e)
        close |= (a == e)  # equal infinities
        close |= np.isnan(a) & np.isnan(e)
        if bool(close.all()):
            return
        diff = np.where(close, 0.0, np.abs(a - e))
        score = diff / (atol + rtol * np.abs(e))
        score = np.where(np.isfinite(score), score, np.inf)
        worst = np.unravel_index(int(np.argmax(score)), a.shape) if a.ndim else ()
        aw, ew = float(a[worst]), float(e[worst])
        absd = abs(aw - ew)
        rel = f" (relative {_fmt(100 * absd / abs(ew))}%)" if ew != 0 else ""
        if a.ndim == 0:
            lines.append(f"{name} is wrong.")
            lines.append(f"  expected: {_fmt(ew)}")
            lines.append(f"  got:      {_fmt(aw)}")
            lines.append(f"  difference: {_fmt(absd)}{rel}")
        else:
            lines.append(f"{name} is wrong: {int((~close).sum())} of {a.size} entries differ.")
            lines.append(f"  worst at index {_fmt_index(worst)}: expected {_fmt(ew)}, got "
                         f"{_fmt(aw)}, difference {_fmt(absd)}{rel}")
            lines.append(f"  expected: {_fmt_array(e)}")
            lines.append(f"  got:      {_fmt_array(a)}")
        cause = _likely_cause(a, e, close, n)
        if cause:
            lines.append(f"  likely cause: {cause}")
        lines.append(f"  tolerance: |got - expected| <= {_fmt(atol)} + {_fmt(rtol)} * |expected|")
    if hint:
        lines.append(f"  how it should be computed: {hint}")
    raise AssertionError("\n".join(lines))


def check_scalar_close(actual, expected, name: str, *, rtol: float = 1e-6, atol: float = 1e-8,
                       hint: str | None = None, n: int | None = None) -> None:
    """Check that ``actual`` is a single number close to ``expected`` (see :func:`check_close`).

    A 0-d array or a NumPy scalar counts as a number; an array of several entries does not.
    """
    a = _as_array(actual, name)
    if a.size != 1:
        raise AssertionError(f"{name} should be a single number; got an array of shape {a.shape}. "
                             "Did you forget to reduce it (with .mean() or .sum())?"
                             + (f"\n  how it should be computed: {hint}" if hint else ""))
    check_close(a.reshape(()), expected, name, rtol=rtol, atol=atol, hint=hint, n=n)


# ----------------------------------------------------------------------------------------------
# gradients


def numerical_gradient(fn, x, *, eps: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of a scalar function, in float64.

    ``g[i] = (fn(x + eps e_i) - fn(x - eps e_i)) / (2 eps)``; ``fn`` gets a fresh copy of ``x``
    at every call, so a function that modifies its input cannot spoil the estimate.

    Example:
        >>> numerical_gradient(lambda v: (v ** 2).sum(), np.array([1.0, -2.0])).round(6)
        array([ 2., -4.])
    """
    if not callable(fn):
        raise TypeError(f"fn must be a function of x returning one number (the loss); got {type(fn).__name__}.")
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)

    def value(v):
        out = _as_array(fn(v), "the function given to the gradient check", "returned")
        if out.size != 1:
            raise AssertionError("the function given to the gradient check must return a single "
                                 f"number (the loss); it returned shape {out.shape}.")
        return float(out.reshape(()))

    for idx in np.ndindex(*x.shape):
        xp = x.copy()
        xp[idx] += eps
        xm = x.copy()
        xm[idx] -= eps
        grad[idx] = (value(xp) - value(xm)) / (2 * eps)
    return grad


def check_gradient(fn, x, *, analytic=None, eps: float = 1e-6, rtol: float = 1e-5,
                   atol: float = 1e-7, name: str = "gradient", n: int | None = None) -> np.ndarray:
    """Compare a gradient with central differences of ``fn`` around ``x`` (in float64).

    Args:
        fn: maps an array shaped like ``x`` to a single number.
        x: where to take the gradient.
        analytic: the gradient to check: an array, or a function ``grad_fn(x)``. If None, only
            the numerical gradient is computed. Default: None.
        eps: the finite-difference step. Default: 1e-6.
        rtol, atol: tolerances of the comparison. Defaults: 1e-5, 1e-7.
        name: what the analytic gradient is called in messages. Default: ``"gradient"``.
        n: the batch size, to recognise a gradient not averaged over the batch. Default: None.

    Returns:
        The numerical gradient.

    Example:
        >>> g = check_gradient(lambda w: ((3 * w - 6) ** 2).mean(), np.array([1.0]),
        ...                    analytic=lambda w: 2 * 3 * (3 * w - 6))
    """
    x = np.array(x, dtype=np.float64)
    num = numerical_gradient(fn, x, eps=eps)
    if analytic is None:
        return num
    got = analytic(x.copy()) if callable(analytic) else analytic
    check_close(got, num, name, rtol=rtol, atol=atol, n=n,
                hint=f"the numerical gradient (f(x + eps) - f(x - eps)) / (2 eps), eps = {eps:g}, "
                     "taken one entry at a time")
    return num


# ----------------------------------------------------------------------------------------------
# mutation


def _snapshot(obj):
    if isinstance(obj, np.ndarray):
        return obj.copy()
    if hasattr(obj, "data") and isinstance(getattr(obj, "data"), np.ndarray):
        return obj.data.copy()
    if isinstance(obj, list):
        return [_snapshot(o) for o in obj]
    return None


def _changed(before, obj):
    """(index or None, n changed) if ``obj`` differs from its ``before`` snapshot, else None."""
    if before is None:
        return None
    if isinstance(before, list):
        if not isinstance(obj, list) or len(obj) != len(before):
            return ("length", 0)
        for b, o in zip(before, obj):
            if _changed(b, o):
                return _changed(b, o)
        return None
    now = obj.data if not isinstance(obj, np.ndarray) else obj
    if now.shape != before.shape or now.dtype != before.dtype:
        return ("shape", 0)
    same = (now == before) | ((now != now) & (before != before))
    if bool(same.all()):
        return None
    idx = np.argwhere(~same)[0] if now.ndim else ()
    return (idx, int((~same).sum()))


def check_not_mutated(fn, *args, name: str | None = None, **kwargs):
    """Call ``fn(*args, **kwargs)`` and check that it left its array arguments unchanged.

    Returns:
        What ``fn`` returned.

    Raises:
        AssertionError: naming the argument that changed, how many entries and where.

    Example:
        >>> def scale(x):
        ...     x *= 2
        ...     return x
        >>> check_not_mutated(scale, np.ones(3))
        Traceback (most recent call last):
        ...
        AssertionError: scale changed its argument #1 in place: 3 of 3 entries, first at index [0]. Work on a copy: write x = x * 2 rather than x *= 2, or start with x = x.copy().
    """
    name = name or getattr(fn, "__name__", "the function")
    before_args = [_snapshot(a) for a in args]
    before_kw = {k: _snapshot(v) for k, v in kwargs.items()}
    out = fn(*args, **kwargs)
    labels = [(f"argument #{i + 1}", b, a) for i, (b, a) in enumerate(zip(before_args, args))]
    labels += [(f"argument {k}=", before_kw[k], v) for k, v in kwargs.items()]
    for label, before, obj in labels:
        ch = _changed(before, obj)
        if ch is None:
            continue
        idx, count = ch
        if isinstance(idx, str):
            detail = f"its {idx} changed"
        else:
            size = (obj if isinstance(obj, np.ndarray) else getattr(obj, "data", np.zeros(0))).size
            detail = f"{count} of {size} entries" + (f", first at index {_fmt_index(idx)}"
                                                     if len(idx) else "")
        raise AssertionError(f"{name} changed its {label} in place: {detail}. Work on a copy: "
                             "write x = x * 2 rather than x *= 2, or start with x = x.copy().")
    return out


# ----------------------------------------------------------------------------------------------
# tamper resistance

# The NumPy objects that test cells and these helpers use, as they were when this module was
# first imported (before any student code, in a notebook whose first cell imports lazylearn).
_NUMPY_NAMES = (
    "abs", "absolute", "add", "all", "allclose", "any", "arange", "argmax", "argmin", "argsort",
    "argwhere", "array", "array2string", "array_equal", "asarray", "clip", "concatenate", "copy",
    "cumsum", "diff", "dot", "einsum", "equal", "errstate", "exp", "full", "isclose", "isfinite",
    "isinf", "isnan", "linspace", "log", "log1p", "matmul", "max", "maximum", "mean", "min",
    "minimum", "multiply", "ndindex", "ones", "ones_like", "outer", "prod", "ravel", "reshape",
    "sign", "sort", "sqrt", "square", "stack", "std", "subtract", "sum", "tanh", "unravel_index",
    "where", "zeros", "zeros_like",
)
_TESTING_NAMES = ("assert_allclose", "assert_array_equal", "assert_array_almost_equal",
                  "assert_equal", "assert_almost_equal")
_TAMPERED = "the test helpers were modified by the notebook"


def _capture():
    got = {("numpy", n): getattr(np, n, None) for n in _NUMPY_NAMES}
    got.update({("numpy.testing", n): getattr(numpy.testing, n, None) for n in _TESTING_NAMES})
    got[("numpy.random", "default_rng")] = getattr(np.random, "default_rng", None)
    return got


_GENUINE = types.MappingProxyType(_capture())
_NUMPY_DIR = os.path.dirname(os.path.abspath(np.__file__))


def _defined_in_numpy(obj) -> bool:
    """Whether ``obj`` looks like NumPy's own: its code, if any, lives in NumPy's directory."""
    ufunc = type(np.add)
    if isinstance(obj, ufunc):
        return "vectorized" not in obj.__name__ and type(obj).__module__ == "numpy"
    for target in (obj, getattr(obj, "__wrapped__", None), getattr(obj, "__func__", None)):
        code = getattr(target, "__code__", None)
        if code is not None:
            filename = code.co_filename
            if not os.path.isabs(filename):  # compiled (Cython) NumPy code: "numpy/random/..."
                return filename.replace(os.sep, "/").startswith("numpy/")
            return os.path.abspath(filename).startswith(_NUMPY_DIR + os.sep)
    if isinstance(obj, type):
        return obj.__module__.split(".")[0] == "numpy"
    module = getattr(obj, "__module__", None) or ""
    return module.split(".")[0] == "numpy" and type(obj).__module__ in ("builtins", "numpy")


def _behaves() -> list[str]:
    """Canaries: the comparison functions must still be able to say 'no'."""
    bad = []
    one, two = np.array([1.0, 0.5]), np.array([1.0, 2.0])
    try:
        if np.allclose(one, two) or not np.allclose(one, one):
            bad.append("numpy.allclose")
        if bool(np.all(np.isclose(one, two))):
            bad.append("numpy.isclose")
        if np.array_equal(one, two):
            bad.append("numpy.array_equal")
        if float(np.mean(two)) != 1.5 or float(np.sum(two)) != 3.0 or float(np.max(two)) != 2.0:
            bad.append("numpy.mean/sum/max")
        if float(np.abs(-2.0)) != 2.0 or not bool(np.isnan(np.nan)) or bool(np.isfinite(np.inf)):
            bad.append("numpy.abs/isnan/isfinite")
        if float(np.dot(one, two)) != 2.0 or float((np.matmul(one, two))) != 2.0:
            bad.append("numpy.dot/matmul")
        if abs(float(np.exp(np.log(2.0))) - 2.0) > 1e-12:
            bad.append("numpy.exp/log")
    except Exception as exc:  # a replacement that crashes is tampering too
        bad.append(f"numpy ({type(exc).__name__}: {exc})")
    for fn in _TESTING_NAMES[:3]:
        try:
            getattr(numpy.testing, fn)(one, two)
        except AssertionError:
            continue
        except Exception:
            pass
        bad.append(f"numpy.testing.{fn}")
    return bad


def _verify_numpy() -> None:
    """Raise AssertionError if a NumPy function tests rely on is not NumPy's own."""
    np_now = sys.modules.get("numpy")
    if np_now is not np or os.path.dirname(os.path.abspath(getattr(np_now, "__file__", "") or "")) != _NUMPY_DIR:
        raise AssertionError(f"{_TAMPERED}: the module 'numpy' was replaced.")
    bad = []
    now = _capture()
    for key, obj in now.items():
        first = _GENUINE.get(key)
        if obj is not first or (obj is not None and not _defined_in_numpy(obj)):
            bad.append(".".join(key))
    bad += _behaves()
    if bad:
        raise AssertionError(f"{_TAMPERED}: {', '.join(sorted(set(bad)))} is not NumPy's own "
                             "function any more. Remove the code that assigns to it and restart "
                             "the kernel (Kernel > Restart & Run All).")


def fresh():
    """A private, untouched copy of this module, for the test cells of a notebook.

    The copy is executed from this file into a new module object that is not registered in
    ``sys.modules``, so assignments the notebook made to ``lazylearn.testing`` do not reach it.
    It also checks that NumPy's functions are NumPy's own.

    Returns:
        A module with the same functions as ``lazylearn.testing``.

    Raises:
        AssertionError: ``"the test helpers were modified by the notebook ..."`` if NumPy or the
            helpers were tampered with.

    Example:
        >>> T = fresh()
        >>> T.check_close(1.0, 1.0, "x")
    """
    path = _SOURCE_FILE
    spec = importlib.util.spec_from_file_location("lazylearn._testing_private", path)
    if spec is None or spec.loader is None:
        raise AssertionError(f"{_TAMPERED}: cannot load {path}.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # The copy captured NumPy as it is now; the first import saw it before the notebook's code.
    _verify_numpy()
    module._GENUINE = _GENUINE
    module._verify_numpy()
    module.__class__ = _ReadOnlyModule
    return module


class _ReadOnlyModule(types.ModuleType):
    """A module whose public functions cannot be reassigned (``mod.f = ...`` raises)."""

    def __setattr__(self, attr, value):
        if attr.startswith("__") and attr.endswith("__"):
            return super().__setattr__(attr, value)
        raise AttributeError(f"{self.__name__}.{attr} cannot be reassigned: the exercise tests "
                             "rely on the genuine helpers.")

    def __delattr__(self, attr):
        raise AttributeError(f"{self.__name__}.{attr} cannot be deleted: the exercise tests rely "
                             "on the genuine helpers.")


_SOURCE_FILE = os.path.abspath(__file__)

if __name__ in sys.modules and sys.modules[__name__].__dict__ is globals():
    sys.modules[__name__].__class__ = _ReadOnlyModule
