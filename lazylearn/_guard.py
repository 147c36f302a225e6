"""The anti-tamper guard of the exercise checks (:mod:`lazylearn.testing`).

A notebook's test cells run in the same Python process as the student's code, so that code
could replace the helpers (``lazylearn.testing.check_close = lambda *a, **k: None``) or NumPy's
comparison functions (``np.allclose = lambda *a, **k: True``). Test cells therefore start with::

    from lazylearn.testing import fresh
    T = fresh()

:func:`fresh` executes ``lazylearn/testing.py`` again into a new, private module object (not
through ``sys.modules``) and checks that the NumPy functions tests rely on are NumPy's own (the
very objects seen when the checks were first imported, defined inside NumPy, and behaving as
NumPy's do). It raises ``AssertionError("the test helpers were modified by the notebook ...")``
otherwise. :func:`protect` makes the attributes of the imported ``lazylearn.testing`` read-only
(assigning one raises ``AttributeError``).

What this defends against: shadowing a helper's name in the notebook, assigning attributes of
``lazylearn.testing``, replacing functions of ``numpy`` or ``numpy.testing`` (including with
``np.frompyfunc`` ufuncs), and rebinding ``np`` (test cells re-import it).
What remains possible for a determined student, since everything runs in one process: writing
into ``vars(lazylearn.testing)``, ``vars(lazylearn._guard)`` or ``sys.modules``, patching
``importlib`` or ``builtins``, replacing NumPy functions with objects crafted to pass every check
above, or editing files on disk. The grader's sandbox and its static scan of submissions
(``lazylearn.grading``) are the defence there.
"""
from __future__ import annotations

import importlib.util
import os
import sys
import types

import numpy as np
import numpy.testing

__all__ = ["fresh", "protect"]

TAMPERED = "the test helpers were modified by the notebook"
_CHECKS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testing.py")
_GUARD_FILE = os.path.abspath(__file__)

# The NumPy objects that test cells and the checks use, as they were when this module was first
# imported (by lazylearn.testing, before any student code, in a notebook whose first cell
# imports lazylearn.testing).
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


def verify_numpy(genuine=None) -> None:
    """Raise AssertionError if a NumPy function tests rely on is not NumPy's own.

    Args:
        genuine: the snapshot taken at the first import. Default: this module's.
    """
    genuine = _GENUINE if genuine is None else genuine
    np_now = sys.modules.get("numpy")
    if np_now is not np or os.path.dirname(os.path.abspath(getattr(np_now, "__file__", "") or "")) != _NUMPY_DIR:
        raise AssertionError(f"{TAMPERED}: the module 'numpy' was replaced.")
    bad = []
    for key, obj in _capture().items():
        if obj is not genuine.get(key) or (obj is not None and not _defined_in_numpy(obj)):
            bad.append(".".join(key))
    bad += _behaves()
    if bad:
        raise AssertionError(f"{TAMPERED}: {', '.join(sorted(set(bad)))} is not NumPy's own "
                             "function any more. Remove the code that assigns to it and restart "
                             "the kernel (Kernel > Restart & Run All).")


class ReadOnlyModule(types.ModuleType):
    """A module whose public functions cannot be reassigned (``mod.f = ...`` raises)."""

    def __setattr__(self, attr, value):
        if attr.startswith("__") and attr.endswith("__"):
            return super().__setattr__(attr, value)
        raise AttributeError(f"{self.__name__}.{attr} cannot be reassigned: the exercise tests "
                             "rely on the genuine helpers.")

    def __delattr__(self, attr):
        raise AttributeError(f"{self.__name__}.{attr} cannot be deleted: the exercise tests rely "
                             "on the genuine helpers.")


def protect(name: str) -> None:
    """Make the attributes of the imported module ``name`` read-only (nothing for a private copy
    that is not in ``sys.modules``)."""
    module = sys.modules.get(name)
    if module is not None and type(module) is types.ModuleType:
        module.__class__ = ReadOnlyModule


def _load(path: str, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise AssertionError(f"{TAMPERED}: cannot load {path}.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fresh():
    """A private, untouched copy of :mod:`lazylearn.testing`, for the test cells of a notebook.

    The copy is executed from ``lazylearn/testing.py`` into a new module object that is not
    registered in ``sys.modules``, so assignments the notebook made to ``lazylearn.testing`` do
    not reach it. NumPy's functions are checked to be NumPy's own, by this module and by a
    private copy of it executed from its file.

    Returns:
        A read-only module with the same functions as ``lazylearn.testing``.

    Raises:
        AssertionError: ``"the test helpers were modified by the notebook ..."`` if NumPy or the
            helpers were tampered with.

    Example:
        >>> T = fresh()
        >>> T.check_close(1.0, 1.0, "x")
    """
    verify_numpy()
    _load(_GUARD_FILE, "lazylearn._guard_private").verify_numpy(_GENUINE)
    module = _load(_CHECKS_FILE, "lazylearn._testing_private")
    module.__class__ = ReadOnlyModule
    return module
