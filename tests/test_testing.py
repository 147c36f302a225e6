"""lazylearn.testing: each message case triggers, gradient checks, tamper resistance."""
import doctest
import re

import numpy as np
import pytest

import lazylearn._guard as G
import lazylearn.testing as T
from lazylearn.testing import (
    check_array,
    check_bool,
    check_close,
    check_gradient,
    check_new_array,
    check_not_mutated,
    check_scalar_close,
    check_shape,
    fresh,
    numerical_gradient,
    worked_mean,
)


def message(fn, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as info:
        fn(*args, **kwargs)
    return str(info.value)


def test_doctests():
    result = doctest.testmod(T, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0
    result = doctest.testmod(G, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 2 and result.failed == 0


def test_the_checks_and_the_guard_live_apart():
    """testing.py holds the checks students read; the anti-tamper machinery is in _guard.py."""
    source = open(T.__file__).read()
    for word in ("_NUMPY_NAMES", "spec_from_file_location", "_behaves", "MappingProxyType"):
        assert word not in source
    assert T.fresh is G.fresh and type(T) is G.ReadOnlyModule


def test_a_known_mistake_is_named():
    msg = message(check_scalar_close, 1.5, 0.0, "mae_grad(2.0, x, y)",
                  mistakes={"sign(0) = +1": 1.5, "sign(0) = -1": -1.5})
    assert "looks like sign(0) = +1" in msg and "sign(0) = -1" not in msg
    # a mistake that gives the right answer for these inputs is never blamed
    msg = message(check_close, np.array([1.0, 5.0]), np.array([1.0, 2.0]), "y",
                  mistakes={"no mistake here": np.array([1.0, 2.0]), "x5": np.array([1.0, 5.0])})
    assert "looks like x5" in msg and "no mistake here" not in msg
    # NaN and infinities are matched exactly, a finite value is not 'close to' inf
    assert "looks like overflow" in message(check_close, np.inf, 1e200, "m", mistakes={"overflow": np.inf})
    assert "looks like" not in message(check_close, 1e200, np.inf, "m", mistakes={"big": np.inf})
    assert "looks like 0/0" in message(check_close, np.nan, 1.0, "m", mistakes={"0/0": np.nan})
    # a wrong shape can be named too
    msg = message(check_close, np.arange(3.0), np.arange(4.0), "history", mistakes={"row 0 missing": np.arange(3.0)})
    assert "shape (3,), expected (4,)" in msg and "looks like row 0 missing" in msg


def test_a_one_entry_array_is_not_a_number():
    msg = message(check_scalar_close, np.array([2.0]), 2.0, "mse")
    assert "should be a single number; got an array of shape (1,)" in msg and "keepdims" in msg
    check_scalar_close(np.float32(2.0), 2.0, "mse")
    check_scalar_close(2, 2.0, "mse")


def test_check_array_names_type_shape_and_dtype():
    a = np.ones(3, np.float32)
    assert check_array(a, "p", shape=(3,), dtype=np.float32) is a
    assert "should be a NumPy array; got a list" in message(check_array, [1.0], "p")
    assert "got the single number 12" in message(check_array, 12.0, "p")
    assert "forget to `return`" in message(check_array, None, "p")
    assert "shape (3,), expected (4,)" in message(check_array, a, "p", shape=(4,))
    msg = message(check_array, a.astype(np.float64), "p", dtype=np.float32)
    assert "dtype float64, expected float32: float32 input was turned into float64" in msg
    assert "an integer result" in message(check_array, np.ones(2, int), "p", dtype=np.float64)


def test_check_bool():
    check_bool(True, True, "d")
    check_bool(np.False_, False, "d")
    assert "returned False, expected True.\n  why: inf" in message(check_bool, False, True, "d", hint="inf")
    assert "should be True or False; got an array of shape (3,)" in message(check_bool, np.zeros(3, bool), False, "d")
    assert "should be True or False; got 1 (int)" in message(check_bool, 1, True, "d")
    assert "forget to `return`" in message(check_bool, None, True, "d")


def test_check_new_array():
    w = np.arange(3.0)
    check_new_array(w - 0.0, w, "step")
    check_new_array(1.0, w, "step")
    for alias in (w, w[:], np.asarray(w), w.reshape(3)):
        assert "returned the input array itself" in message(check_new_array, alias, w, "step")


def test_equal_values_pass_and_tolerance_is_respected():
    check_close(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]), "x")
    check_close(3, 3.0, "x")
    check_close(np.array([0.5]), 0.5, "loss")  # a single-entry array counts as a number
    msg = message(check_close, 1.001, 1.0, "x", rtol=1e-6)
    assert "expected: 1" in msg and "got:      1.001" in msg and "difference: 0.001" in msg
    assert "relative 0.1%" in msg


def test_none_says_forgot_return():
    msg = message(check_close, None, 1.0, "mse(y_hat, y)")
    assert "mse(y_hat, y)" in msg and "None" in msg and "forget to `return`" in msg


def test_function_and_text_are_named():
    assert "forget to call it" in message(check_close, np.mean, 1.0, "m")
    assert "text 'abc'" in message(check_close, "abc", 1.0, "m")


@pytest.mark.parametrize("n", [3, 4, 32])
def test_sum_instead_of_mean(n):
    errors = np.arange(1.0, n + 1)
    msg = message(check_close, errors.sum(), errors.mean(), "loss", n=n)
    assert f"exactly {n} times too large" in msg and "sum where the mean was wanted" in msg
    # the same for an unaveraged gradient array
    g = np.array([[0.5, -1.0], [2.0, 0.25]])
    msg = message(check_close, g * n, g, "dW")
    assert f"exactly {n} times too large" in msg and "not averaged over the batch" in msg


def test_mean_instead_of_sum():
    msg = message(check_close, 2.0, 8.0, "total", n=4)
    assert "exactly 4 times too small" in msg and "mean where a sum was wanted" in msg
    msg = message(check_close, np.array([1.0, 0.5]), np.array([4.0, 2.0]), "totals")
    assert "exactly 4 times too small" in msg


def test_a_scalar_ratio_is_only_blamed_on_n_when_n_is_given():
    # 1/3 against 5/3 is a ratio of 5 by coincidence: no "sum instead of mean" claim
    assert "likely cause" not in message(check_close, 1 / 3, 5 / 3, "mse")
    assert "likely cause" not in message(check_close, 5.0, 1.0, "mse", n=3)
    assert "exactly 3 times too large" in message(check_close, 3.0, 1.0, "mse", n=3)


@pytest.mark.parametrize("factor, words", [(2.0, "twice the expected"), (0.5, "missing factor 2")])
def test_factor_two(factor, words):
    g = np.array([1.0, -3.0, 0.0, 2.5])
    msg = message(check_close, g * factor, g, "dL/dw")
    assert words in msg
    assert "3 of 4 entries differ" in msg  # the zero entry agrees


def test_sign_error():
    g = np.array([[1.0, -2.0], [0.5, 3.0]])
    msg = message(check_close, -g, g, "dx")
    assert "sign error" in msg
    msg = message(check_close, -2 * g, g, "dx")
    assert "sign is flipped" in msg and "twice" in msg


def test_partial_sign_error_names_the_entries():
    e = np.array([1.0, -2.0, 3.0])
    msg = message(check_close, np.array([1.0, 2.0, 3.0]), e, "relu_grad")
    assert "sign is wrong at [1]" in msg


def test_transposed_shape_and_transposed_values():
    e = np.arange(6.0).reshape(2, 3)
    msg = message(check_close, e.T, e, "dW")
    assert "shape (3, 2), expected (2, 3)" in msg and "transposed" in msg
    sq = np.array([[1.0, 2.0], [3.0, 4.0]])
    msg = message(check_close, sq.T, sq, "dW")
    assert "transpose of the expected matrix" in msg


def test_worst_entry_is_located():
    e = np.zeros((3, 4))
    a = e.copy()
    a[2, 1] = 0.75
    a[0, 0] = 1e-3
    msg = message(check_close, a, e, "h")
    assert "2 of 12 entries differ" in msg
    assert "worst at index [2, 1]: expected 0, got 0.75, difference 0.75" in msg


def test_nan_is_located():
    a = np.array([0.1, np.nan, 0.3])
    msg = message(check_close, a, np.array([0.1, 0.2, 0.3]), "p")
    assert "contains NaN" in msg and "1 of 3 entries" in msg and "index [1]" in msg
    assert "log(0)" in msg
    assert "infinity" in message(check_close, np.inf, 1.0, "loss")
    check_close(np.array([np.nan]), np.array([np.nan]), "both nan")


@pytest.mark.parametrize("got, want, words", [
    ((4,), (), "single number was expected"),
    ((), (4,), "one value per entry was expected"),
    ((4, 4), (4,), "broadcasting makes from a column"),
    ((4, 1), (4,), "same 4 entries in a different shape"),
    ((3,), (4,), "wrong axis"),
    ((5,), (5, 2), "one axis is missing"),
])
def test_shape_messages(got, want, words):
    msg = message(check_close, np.zeros(got), np.zeros(want), "out")
    assert f"shape {got}, expected {want}" in msg and words in msg


def test_no_pattern_claimed_for_a_small_inaccuracy():
    e = np.array([0.75, 3.0, 12.0])
    msg = message(check_close, e * (1 + np.array([4e-6, -2e-6, 1e-6])), e, "g")
    assert "likely cause" not in msg


def test_constant_offset_and_wrong_order():
    e = np.array([1.0, 2.0, 4.0])
    assert "off by the same amount, 0.5" in message(check_close, e + 0.5, e, "y_hat")
    assert "wrong order" in message(check_close, e[::-1], e, "y_hat")


def test_hint_and_worked_arithmetic():
    errors = np.array([0.0, 0.0, 1.0])
    hint = worked_mean(errors ** 2, "squared errors")
    assert hint == "squared errors [0, 0, 1] -> (0 + 0 + 1)/3 = 0.333333"
    msg = message(check_close, 1.0, 1 / 3, "mse", hint=hint, n=3)
    assert "how it should be computed: squared errors [0, 0, 1] -> (0 + 0 + 1)/3" in msg
    assert "3 times too large" in msg


def test_check_scalar_close():
    check_scalar_close(np.float64(2.0), 2.0, "loss")
    check_scalar_close(np.array(2.0), 2.0, "loss")
    msg = message(check_scalar_close, np.ones(3), 1.0, "loss")
    assert "single number" in msg and "shape (3,)" in msg
    assert "forget to `return`" in message(check_scalar_close, None, 1.0, "loss")


def test_check_shape():
    check_shape(np.zeros((5, 3)), (None, 3), "h")
    msg = message(check_shape, np.zeros((3, 5)), (5, 3), "h")
    assert "h has shape (3, 5), expected (5, 3)" in msg and "transposed" in msg
    assert "expected (N, 3)" in message(check_shape, np.zeros((5, 4)), (None, 3), "h")
    assert "None" in message(check_shape, None, (2,), "h")


def f_quadratic(w):
    return float(((np.array([3.0, -2.0, 5.0]) * w[0] + w[1] - np.array([6.0, -4.0, 10.0])) ** 2).mean())


def grad_quadratic(w):
    x, y = np.array([3.0, -2.0, 5.0]), np.array([6.0, -4.0, 10.0])
    r = x * w[0] + w[1] - y
    return np.array([2 * (r * x).mean(), 2 * r.mean()])


def test_numerical_gradient_matches_hand_derivation():
    w = np.array([0.7, -0.3])
    np.testing.assert_allclose(numerical_gradient(f_quadratic, w), grad_quadratic(w), rtol=1e-7)


def test_check_gradient_passes_right_and_catches_wrong():
    w = np.array([0.7, -0.3])
    num = check_gradient(f_quadratic, w, analytic=grad_quadratic)
    check_gradient(f_quadratic, w, analytic=grad_quadratic(w))
    np.testing.assert_allclose(num, grad_quadratic(w), rtol=1e-7)
    msg = message(check_gradient, f_quadratic, w, analytic=lambda v: grad_quadratic(v) / 2,
                  name="dL/dw")
    assert "dL/dw is wrong" in msg and "missing factor 2" in msg and "numerical gradient" in msg
    msg = message(check_gradient, f_quadratic, w, analytic=lambda v: -grad_quadratic(v))
    assert "sign error" in msg and "numerical gradient" in msg
    # a wrong gradient that is no simple multiple is still caught
    msg = message(check_gradient, f_quadratic, w, analytic=lambda v: grad_quadratic(v) + [0, 1e-3])
    assert "1 of 2 entries differ" in msg


def test_check_gradient_rejects_vector_valued_function():
    assert "single number" in message(check_gradient, lambda v: v * 2, np.ones(2),
                                      analytic=np.ones(2))
    with pytest.raises(TypeError, match="fn must be a function of x"):
        check_gradient(np.ones(2), np.ones(2), analytic=np.ones(2))


def test_numerical_gradient_is_immune_to_a_mutating_function():
    def loss(v):
        out = float((v ** 2).sum())
        v *= 0  # a careless function
        return out
    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(numerical_gradient(loss, x), [2.0, 4.0], rtol=1e-7)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_check_not_mutated():
    x = np.array([[1.0, -1.0], [2.0, 0.5]])
    out = check_not_mutated(lambda a: np.maximum(a, 0), x)
    np.testing.assert_array_equal(out, [[1.0, 0.0], [2.0, 0.5]])

    def relu_inplace(a):
        a[a < 0] = 0
        return a
    msg = message(check_not_mutated, relu_inplace, x.copy(), name="relu")
    assert "relu changed its argument #1 in place: 1 of 4 entries, first at index [0, 1]" in msg

    def shuffle_y(x, y, rng=None):
        y[:] = y[::-1]
        return x, y
    msg = message(check_not_mutated, shuffle_y, x.copy(), y=np.array([1.0, 2.0]))
    assert "argument y=" in msg


def test_module_attributes_cannot_be_reassigned():
    with pytest.raises(AttributeError, match="cannot be reassigned"):
        T.check_close = lambda *a, **k: None
    with pytest.raises(AttributeError, match="cannot be deleted"):
        del T.check_close
    assert T.check_close is check_close


def test_fresh_returns_a_private_working_copy():
    P = fresh()
    assert P is not T and P.check_close is not T.check_close
    assert P.__name__ != T.__name__
    P.check_close(1.0, 1.0, "x")
    assert "3 times too large" in message(P.check_close, 3.0, 1.0, "x", n=3)
    with pytest.raises(AttributeError):
        P.check_close = None


def test_fresh_ignores_tampering_with_the_imported_module():
    # Writing into the module's namespace directly bypasses the read-only guard; fresh()
    # still executes the file, so its copy is genuine.
    saved = vars(T)["check_close"]
    try:
        vars(T)["check_close"] = lambda *a, **k: None
        assert T.check_close(5.0, 1.0, "x") is None
        assert "5 times too large" in message(fresh().check_close, 5.0, 1.0, "x", n=5)
    finally:
        vars(T)["check_close"] = saved


@pytest.mark.parametrize("module, attr, fake", [
    ("numpy", "allclose", lambda *a, **k: True),
    ("numpy", "isclose", lambda a, b, **k: np.ones(np.shape(a), bool)),
    ("numpy", "mean", lambda *a, **k: 0.0),
    ("numpy", "abs", np.frompyfunc(lambda v: 0.0, 1, 1)),
    ("numpy.testing", "assert_allclose", lambda *a, **k: None),
    ("numpy", "exp", np.sqrt),  # a genuine NumPy function in the wrong place
])
def test_fresh_detects_patched_numpy(monkeypatch, module, attr, fake):
    target = np if module == "numpy" else np.testing
    monkeypatch.setattr(target, attr, fake)
    with pytest.raises(AssertionError, match=re.escape("the test helpers were modified by the notebook")
                       + ".*" + re.escape(f"{module}.{attr}")):
        fresh()


def test_fresh_detects_a_replaced_function_posing_as_numpy(monkeypatch):
    def allclose(a, b, rtol=1e-5, atol=1e-8, equal_nan=False):
        return True
    allclose.__module__ = "numpy"
    monkeypatch.setattr(np, "allclose", allclose)
    with pytest.raises(AssertionError, match="numpy.allclose"):
        fresh()


def test_fresh_passes_after_tampering_is_undone(monkeypatch):
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    with pytest.raises(AssertionError):
        fresh()
    monkeypatch.undo()
    fresh().check_close(1.0, 1.0, "x")
