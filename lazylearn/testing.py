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

Test cells do not import these functions directly: they start with ``T = fresh()``, a private
copy of this module made by the anti-tamper guard, :mod:`lazylearn._guard`, which also keeps
this module's attributes from being reassigned.
"""
from __future__ import annotations

import math

import numpy as np

from lazylearn._guard import fresh, protect

__all__ = [
    "check_close",
    "check_scalar_close",
    "check_shape",
    "check_gradient",
    "numerical_gradient",
    "check_not_mutated",
    "check_bool",
    "check_array",
    "check_new_array",
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


def _as_array(value, name: str, what: str = "got", hint: str | None = None) -> np.ndarray:
    """``value`` as an ndarray of numbers, or an AssertionError saying what it was instead."""
    if value is None:
        raise AssertionError(f"{name}: {what} None. Did you forget to `return` the result?"
                             + (f"\n  how it should be computed: {hint}" if hint else ""))
    if callable(value) and not isinstance(value, np.ndarray):
        raise AssertionError(f"{name}: {what} a function ({getattr(value, '__name__', value)!r}), "
                             "not numbers. Did you forget to call it, with parentheses?")
    if isinstance(value, (str, bytes)):
        raise AssertionError(f"{name}: {what} the text {value!r}, not numbers.")
    if hasattr(value, "data") and isinstance(value.data, np.ndarray) \
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
    ok = arr.ndim == len(shape) and all(s is None or s == g for s, g in zip(shape, arr.shape, strict=True))
    if not ok:
        want = tuple(g if s is None and i < arr.ndim else s for i, (s, g) in
                     enumerate(zip(shape, arr.shape + (None,) * len(shape), strict=False)))
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


def _looks_like(a: np.ndarray, mistakes, rtol: float, atol: float, expected=None) -> list[str]:
    """The descriptions in ``mistakes`` ({description: value of that mistake}) that ``a`` matches,
    leaving out the mistakes that give the right answer for these inputs."""
    rtol, atol = max(rtol, 1e-6), max(atol, 1e-8)

    def same(u, v):
        if v.shape != u.shape and not (v.size == u.size == 1):
            return False
        v = v.reshape(u.shape)
        with np.errstate(all="ignore"):
            ok = ((np.abs(u - v) <= atol + rtol * np.abs(v)) & np.isfinite(v)) | (u == v) \
                | (np.isnan(u) & np.isnan(v))
        return bool(ok.all())

    found = []
    for description, value in (mistakes or {}).items():
        try:
            v = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            continue
        if same(a, v) and not (expected is not None and same(np.asarray(expected, dtype=np.float64), v)):
            found.append(f"  looks like {description}")
    return found


def check_close(actual, expected, name: str, *, rtol: float = 1e-6, atol: float = 1e-8,
                hint: str | None = None, n: int | None = None, mistakes: dict | None = None) -> None:
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
        mistakes: known wrong answers, ``{description: the value that mistake gives}``; when
            ``actual`` matches one, the message says "looks like <description>". Default: None.

    Raises:
        AssertionError: saying what differs (type, shape, NaN, which entry and by how much) and a
            likely cause when the pattern is recognisable.

    Example:
        >>> check_close(1.5, 0.0, "mae_grad(2.0, x, y)", mistakes={
        ...     "sign(0) = +1: at w = 2 every error is 0, so the slope must be 0": 1.5})
        Traceback (most recent call last):
        ...
        AssertionError: mae_grad(2.0, x, y) is wrong.
          looks like sign(0) = +1: at w = 2 every error is 0, so the slope must be 0
          expected: 0
          got:      1.5
          difference: 1.5
          tolerance: |got - expected| <= 1e-08 + 1e-06 * |expected|
    """
    a = _as_array(actual, name, hint=hint)
    e = _as_array(expected, f"{name} (expected value)", "the expected value is")
    if a.shape != e.shape:
        if not (e.ndim == 0 and a.size == 1):
            msg = [f"{name} has shape {a.shape}, expected {e.shape}: {_shape_advice(a.shape, e.shape)}"]
            msg += _looks_like(a.astype(np.float64), mistakes, rtol, atol, e)
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
        lines.append(f"{name} contains {kind}: {int(bad.sum())} of {a.size} entries,{where}." if a.ndim
                     else f"{name} is {kind}.")
        lines.append("  likely cause: 0/0, log(0), log of a negative number or an overflowing exp "
                     "(a very large input or learning rate). Check the inputs that produce it.")
    else:
        close = (np.abs(a - e) <= atol + rtol * np.abs(e)) & np.isfinite(e)
        close |= (a == e)  # equal infinities (a finite number is never close to inf)
        close |= np.isnan(a) & np.isnan(e)
        if bool(close.all()):
            return
        diff = np.where(close, 0.0, np.abs(a - e))
        with np.errstate(all="ignore"):
            score = diff / (atol + rtol * np.abs(e))
        score = np.where(np.isfinite(score) | close, np.where(close, 0.0, score), np.inf)
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
    lines[1:1] = _looks_like(a, mistakes, rtol, atol, e)
    if hint:
        lines.append(f"  how it should be computed: {hint}")
    raise AssertionError("\n".join(lines))


def check_scalar_close(actual, expected, name: str, *, rtol: float = 1e-6, atol: float = 1e-8,
                       hint: str | None = None, n: int | None = None, mistakes: dict | None = None) -> None:
    """Check that ``actual`` is a single number close to ``expected`` (see :func:`check_close`).

    A Python number, a NumPy scalar or a 0-d array counts as a number; an array with an axis does
    not, even with one entry (``keepdims=True`` or ``x[0:1]`` give shape ``(1,)``).
    """
    a = _as_array(actual, name, hint=hint)
    if a.ndim != 0:
        if a.size == 1:
            why = ("an array of one entry is not a number: drop keepdims=True, or index with [0] "
                   "rather than [0:1]; float(...) or .item() give a plain number.")
        else:
            why = "Did you forget to reduce it (with .mean() or .sum())?"
        raise AssertionError(f"{name} should be a single number; got an array of shape {a.shape}. {why}"
                             + "".join("\n" + m for m in _looks_like(a.astype(np.float64), mistakes, rtol, atol,
                                                                      expected))
                             + (f"\n  how it should be computed: {hint}" if hint else ""))
    check_close(a, expected, name, rtol=rtol, atol=atol, hint=hint, n=n, mistakes=mistakes)


def check_array(actual, name: str, *, shape=None, dtype=None) -> np.ndarray:
    """Check that ``actual`` is a NumPy array (not a list or a number), of ``shape`` and ``dtype``.

    Args:
        shape: the expected shape (``None`` in it matches any size), or None for any shape.
        dtype: the expected dtype (e.g. ``np.float32``), or None for any.

    Returns:
        ``actual``.

    Example:
        >>> check_array([1.0, 2.0], "predict(2.0, x)")
        Traceback (most recent call last):
        ...
        AssertionError: predict(2.0, x) should be a NumPy array; got a list. Build the result with NumPy operations (or np.array(...) of the list).
    """
    if not isinstance(actual, np.ndarray):
        _as_array(actual, name)  # None, a function, text: the specific message
        kind = f"a {type(actual).__name__}" if not isinstance(actual, (int, float, np.generic)) \
            else f"the single number {_fmt(actual)}"
        raise AssertionError(f"{name} should be a NumPy array; got {kind}. Build the result with "
                             "NumPy operations (or np.array(...) of the list).")
    if shape is not None:
        check_shape(actual, shape, name)
    if dtype is not None and actual.dtype != np.dtype(dtype):
        want, got = np.dtype(dtype), actual.dtype
        if want == np.float32 and got == np.float64:
            why = ("float32 input was turned into float64 (np.asarray(x, dtype=float), float(...), "
                   "np.zeros(...) or a float64 constant array): keep the input's dtype.")
        elif want.kind == "f" and got.kind in "biu":
            why = ("an integer result: the values were stored in an integer array (np.zeros_like "
                   "of integer input, or integer division) and lost their fractions.")
        else:
            why = "check which operation changes the dtype."
        raise AssertionError(f"{name} has dtype {got}, expected {want}: {why}")
    return actual


def check_new_array(result, original, name: str) -> None:
    """Check that ``result`` does not share memory with the input array ``original``.

    Raises:
        AssertionError: when ``result`` is ``original`` itself or a view of it, so that changing
            one changes the other.

    Example:
        >>> w = np.zeros(2)
        >>> check_new_array(w[:], w, "gd_step(w, 0, lr)")
        Traceback (most recent call last):
        ...
        AssertionError: gd_step(w, 0, lr) returned the input array itself (or a view of it, such as w[:] or np.asarray(w)): changing the result would change the caller's array. Return a new array, e.g. w - lr * grad, or start from w.copy().
    """
    if isinstance(result, np.ndarray) and isinstance(original, np.ndarray) \
            and np.shares_memory(result, original):
        raise AssertionError(f"{name} returned the input array itself (or a view of it, such as "
                             "w[:] or np.asarray(w)): changing the result would change the "
                             "caller's array. Return a new array, e.g. w - lr * grad, or start "
                             "from w.copy().")


def check_bool(actual, expected: bool, name: str, *, hint: str | None = None) -> None:
    """Check that ``actual`` is ``True`` or ``False`` (a Python or NumPy bool) and equals ``expected``.

    Raises:
        AssertionError: naming the type when ``actual`` is not a bool (an array, a number, None),
            or the value; ``hint`` says why the expected answer is right.

    Example:
        >>> check_bool(np.True_, True, "diverged([1, inf])")
        >>> check_bool(False, True, "diverged([1, inf])", hint="inf is not finite")
        Traceback (most recent call last):
        ...
        AssertionError: diverged([1, inf]) returned False, expected True.
          why: inf is not finite
    """
    why = f"\n  why: {hint}" if hint else ""
    if actual is None:
        raise AssertionError(f"{name}: got None. Did you forget to `return` the result?")
    if not isinstance(actual, (bool, np.bool_)):
        kind = (f"an array of shape {actual.shape}" if isinstance(actual, np.ndarray)
                else f"{actual!r} ({type(actual).__name__})")
        raise AssertionError(f"{name} should be True or False; got {kind}. Reduce with np.any / "
                             f"np.all and convert with bool(...).{why}")
    if bool(actual) != bool(expected):
        raise AssertionError(f"{name} returned {bool(actual)}, expected {bool(expected)}.{why}")


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
    if hasattr(obj, "data") and isinstance(obj.data, np.ndarray):
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
        for b, o in zip(before, obj, strict=True):
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
    labels = [(f"argument #{i + 1}", b, a) for i, (b, a) in enumerate(zip(before_args, args, strict=True))]
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


protect(__name__)  # assigning lazylearn.testing.check_close raises AttributeError
