"""Plausible wrong answers for chapter 1's graded exercise, written from the task text and the page only."""

WRONG = [
    # ------------------------------------------------------------------ Task 1: predict
    dict(
        id="predict-hardcoded-w2",
        task="Task 1",
        cell="predict-answer",
        function="predict",
        kind="ignored-arg",
        why="hard-codes the chapter's perfect weight w = 2 and ignores w: predict(1.5, x) on the "
            "chapter data must be [4.5, -3, 0, 7.5], this gives [6, -4, 0, 10]",
        code='''
def predict(w, x):
    return 2 * x
''',
    ),
    dict(
        id="predict-inplace-imul",
        task="Task 1",
        cell="predict-answer",
        function="predict",
        kind="state-order",
        why="x *= w modifies the caller's array (the task says 'Do not modify x'): after "
            "predict(3.0, x) the chapter's x is [9, -6, 0, 15]; for an int x and w = 0.5 it even "
            "raises a casting error instead of returning [0.5, 1, 1.5]",
        code='''
def predict(w, x):
    x *= w
    return x
''',
    ),
    dict(
        id="predict-asarray-alias",
        task="Task 1",
        cell="predict-answer",
        function="predict",
        kind="state-order",
        why="believes np.asarray makes a copy; for a float64 array it returns the same object, so "
            "the in-place multiply changes the caller's x (predict(2.0, x) on the chapter data "
            "leaves x = [6, -4, 0, 10])",
        code='''
def predict(w, x):
    y_hat = np.asarray(x, dtype=float)
    y_hat *= w
    return y_hat
''',
    ),
    dict(
        id="predict-zeros_like-int-truncates",
        task="Task 1",
        cell="predict-answer",
        function="predict",
        kind="dtype",
        why="np.zeros_like(x) inherits x's dtype, so for an int array the products are truncated: "
            "predict(0.5, np.array([1, 2, 3])) must be [0.5, 1.0, 1.5], this gives [0, 1, 1]",
        code='''
def predict(w, x):
    y_hat = np.zeros_like(x)
    for i in range(len(x)):
        y_hat[i] = w * x[i]
    return y_hat
''',
    ),
    dict(
        id="predict-loop-1d-only",
        task="Task 1",
        cell="predict-answer",
        function="predict",
        kind="return-type",
        why="a loop into np.zeros(len(x)) only works for 1-D x ('an array x of any shape'): for "
            "x of shape (2, 3) it raises, and for a 0-d x len() fails",
        code='''
def predict(w, x):
    y_hat = np.zeros(len(x))
    for i in range(len(x)):
        y_hat[i] = w * x[i]
    return y_hat
''',
    ),
    dict(
        id="predict-ravel",
        task="Task 1",
        cell="predict-answer",
        function="predict",
        kind="return-type",
        why="flattens the result: for x of shape (2, 3) it returns shape (6,) instead of the "
            "shape of x",
        code='''
def predict(w, x):
    return np.ravel(w * x)
''',
    ),
    dict(
        id="predict-column-reshape",
        task="Task 1",
        cell="predict-answer",
        function="predict",
        kind="return-type",
        why="reshapes to a column because the page says networks return (N, 1): on the chapter "
            "data it returns shape (4, 1) instead of (4,), which then broadcasts in mse",
        code='''
def predict(w, x):
    return (w * x).reshape(-1, 1)
''',
    ),
    dict(
        id="predict-list-comprehension",
        task="Task 1",
        cell="predict-answer",
        function="predict",
        kind="return-type",
        why="returns a Python list, not an array of the shape of x: on the chapter data the "
            "result has no .shape, and for a 0-d x iterating fails",
        code='''
def predict(w, x):
    return [w * xi for xi in x]
''',
    ),
    dict(
        id="predict-sum-dot",
        task="Task 1",
        cell="predict-answer",
        function="predict",
        kind="other-quantity",
        why="thinks of a neuron as a weighted sum and returns one number: predict(2.0, x) on the "
            "chapter data gives 12.0 instead of the array [6, -4, 0, 10]",
        code='''
def predict(w, x):
    return np.sum(w * x)
''',
    ),
    dict(
        id="predict-forces-float64",
        task="Task 1",
        cell="predict-answer",
        function="predict",
        kind="dtype",
        ambiguous=True,
        why="casts to float64, so a float32 x gives a float64 result, whereas w * x keeps float32 "
            "for a Python-float w (x = np.ones(3, np.float32), w = 0.5). Only wrong if dtype must "
            "be preserved: 'returning the predictions for a number w and an array x of any shape "
            "(the result has the shape of x)' names the shape but not the dtype",
        code='''
def predict(w, x):
    return np.asarray(x, dtype=np.float64) * float(w)
''',
    ),
    # ------------------------------------------------------------------ Task 2: mse
    dict(
        id="mse-sum-not-mean",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        kind="other-quantity",
        why="sum of squared errors, not the mean: mse(1 * x, y) on the chapter data must be 9.5, "
            "this gives 38",
        code='''
def mse(y_hat, y):
    return np.sum((y_hat - y) ** 2)
''',
    ),
    dict(
        id="mse-divide-n-minus-1",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        kind="other-quantity",
        why="divides by N - 1 as for a sample variance: mse(1 * x, y) on the chapter data gives "
            "38 / 3 = 12.67 instead of 9.5",
        code='''
def mse(y_hat, y):
    return np.sum((y_hat - y) ** 2) / (y.size - 1)
''',
    ),
    dict(
        id="mse-square-of-mean",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        kind="formula",
        why="squares the mean residual instead of averaging the squares; the residuals of the "
            "chapter data at w = 1 are [-3, 2, 0, -5], mean -1.5, so this gives 2.25 instead of 9.5",
        code='''
def mse(y_hat, y):
    return np.mean(y_hat - y) ** 2
''',
    ),
    dict(
        id="mse-np-var",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        kind="other-quantity",
        why="np.var subtracts the mean residual first (variance of the residuals, not their mean "
            "square): at w = 1 on the chapter data it gives 9.5 - 2.25 = 7.25; for y_hat = y + 1 it "
            "gives 0 instead of 1",
        code='''
def mse(y_hat, y):
    return np.var(y_hat - y)
''',
    ),
    dict(
        id="mse-rmse",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        kind="other-quantity",
        why="takes the square root (RMSE): mse(1 * x, y) on the chapter data gives 3.08 instead "
            "of 9.5",
        code='''
def mse(y_hat, y):
    return np.sqrt(np.mean((y_hat - y) ** 2))
''',
    ),
    dict(
        id="mse-div-len-first-axis",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        kind="axes",
        why="len() counts rows, not entries: for y_hat = [[1, 2, 3], [4, 5, 6]] and y = zeros "
            "the mean over all 6 entries is 91/6 = 15.17, this gives 91/2 = 45.5 (and a 0-d input "
            "raises)",
        code='''
def mse(y_hat, y):
    return np.sum((y_hat - y) ** 2) / len(y)
''',
    ),
    dict(
        id="mse-axis0",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        kind="axes",
        why="mean over axis 0 only: for 2-D inputs of shape (2, 3) it returns an array of 3 "
            "column means instead of one number",
        code='''
def mse(y_hat, y):
    return np.mean((y_hat - y) ** 2, axis=0)
''',
    ),
    dict(
        id="mse-keepdims",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        kind="return-type",
        why="keepdims=True returns an array of shape (1,) (or (1, 1) for 2-D input) instead of a "
            "single number, e.g. array([9.5]) for w = 1 on the chapter data",
        code='''
def mse(y_hat, y):
    return np.mean((y_hat - y) ** 2, keepdims=True)
''',
    ),
    dict(
        id="mse-caret-xor",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        kind="dtype",
        why="writes the square as ^ (bitwise XOR in Python): it raises for float arrays, and for "
            "int arrays it is silently wrong: y_hat = [3, 0], y = [1, 0] gives mean([2^2, 0^2]) = "
            "mean([0, 2]) = 1.0 instead of 2",
        code='''
def mse(y_hat, y):
    return np.mean((y_hat - y) ^ 2)
''',
    ),
    dict(
        id="mse-floor-division",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        kind="formula",
        why="integer-division habit: // floors the mean, so y_hat = [1, 0], y = [0, 0] gives 0 "
            "instead of 0.5 (and mse(1 * x, y) on the chapter data gives 9.0 instead of 9.5)",
        code='''
def mse(y_hat, y):
    return np.sum((y_hat - y) ** 2) // y.size
''',
    ),
    dict(
        id="mse-squeeze-only-prediction",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        kind="axes",
        why="'fixes' the page's broadcasting warning by squeezing only y_hat; when both arrays "
            "are columns of shape (N, 1) (allowed: same shape), (N,) - (N, 1) broadcasts to (N, N): "
            "y_hat = y = the chapter's y as a column gives 58 instead of 0",
        code='''
def mse(y_hat, y):
    return np.mean((np.squeeze(y_hat) - y) ** 2)
''',
    ),
    dict(
        id="mse-expanded-square",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        kind="extreme",
        why="expands (a - b)^2 = a^2 - 2ab + b^2, which overflows and cancels: y_hat = y = "
            "[1e200, -1e200] gives nan (inf - inf) instead of 0, and y_hat = [1e8 + 1], y = [1e8] "
            "gives 0 instead of 1",
        code='''
def mse(y_hat, y):
    return np.mean(y_hat ** 2 - 2 * y_hat * y + y ** 2)
''',
    ),
    # ------------------------------------------------------------------ Task 2: mae
    dict(
        id="mae-no-abs",
        task="Task 2",
        cell="losses-answer",
        function="mae",
        kind="formula",
        why="forgets the absolute value, so errors of opposite sign cancel: mae(1 * x, y) on the "
            "chapter data gives -1.5 instead of 2.5",
        code='''
def mae(y_hat, y):
    return np.mean(y_hat - y)
''',
    ),
    dict(
        id="mae-abs-of-mean",
        task="Task 2",
        cell="losses-answer",
        function="mae",
        kind="formula",
        why="absolute value of the mean residual instead of the mean absolute residual: "
            "mae(1 * x, y) on the chapter data gives 1.5 instead of 2.5",
        code='''
def mae(y_hat, y):
    return np.abs(np.mean(y_hat - y))
''',
    ),
    dict(
        id="mae-abs-difference",
        task="Task 2",
        cell="losses-answer",
        function="mae",
        kind="formula",
        why="subtracts absolute values instead of taking the absolute difference: for "
            "y_hat = [-1], y = [1] it gives 0 instead of 2; mae(1 * x, y) on the chapter data gives "
            "-2.5 instead of 2.5",
        code='''
def mae(y_hat, y):
    return np.mean(np.abs(y_hat) - np.abs(y))
''',
    ),
    dict(
        id="mae-sum-not-mean",
        task="Task 2",
        cell="losses-answer",
        function="mae",
        kind="other-quantity",
        why="sum of absolute errors: mae(1 * x, y) on the chapter data gives 10 instead of 2.5",
        code='''
def mae(y_hat, y):
    return np.sum(np.abs(y_hat - y))
''',
    ),
    dict(
        id="mae-div-len-first-axis",
        task="Task 2",
        cell="losses-answer",
        function="mae",
        kind="axes",
        why="len() counts rows, not all entries: for y_hat = [[1, 2, 3], [4, 5, 6]], y = zeros "
            "the mean over all entries is 3.5, this gives 10.5",
        code='''
def mae(y_hat, y):
    return np.sum(np.abs(y_hat - y)) / len(y_hat)
''',
    ),
    dict(
        id="mae-axis-last",
        task="Task 2",
        cell="losses-answer",
        function="mae",
        kind="axes",
        why="means over the last axis (per row) instead of over all entries: for 2-D inputs of "
            "shape (2, 3) it returns 2 numbers, e.g. [2, 5] instead of 3.5",
        code='''
def mae(y_hat, y):
    return np.mean(np.abs(y_hat - y), axis=-1)
''',
    ),
    dict(
        id="mae-median",
        task="Task 2",
        cell="losses-answer",
        function="mae",
        kind="other-quantity",
        why="median of the absolute errors (the 'robust' loss mixed up with MAE): the chapter data "
            "at w = 1 has absolute errors [3, 2, 0, 5], median 2.5 = mean by chance, but at w = 3 on "
            "x = [1, 2, 10], y = 2x the errors [1, 2, 10] give 2 instead of 4.33",
        code='''
def mae(y_hat, y):
    return np.median(np.abs(y_hat - y))
''',
    ),
    dict(
        id="mae-sqrt-of-square",
        task="Task 2",
        cell="losses-answer",
        function="mae",
        kind="extreme",
        why="writes |r| as sqrt(r**2), which overflows for large residuals: y_hat = [1e200], "
            "y = [0] gives inf instead of 1e200",
        code='''
def mae(y_hat, y):
    return np.mean(np.sqrt((y_hat - y) ** 2))
''',
    ),
    dict(
        id="mae-zeros_like-target-dtype",
        task="Task 2",
        cell="losses-answer",
        function="mae",
        kind="dtype",
        why="collects the errors in np.zeros_like(y), which is an int array when the targets are "
            "ints: y_hat = [1.5, 2.5], y = np.array([1, 2]) gives 0 instead of 0.5",
        code='''
def mae(y_hat, y):
    errors = np.zeros_like(y)
    for i in range(y.size):
        errors.flat[i] = abs(y_hat.flat[i] - y.flat[i])
    return np.mean(errors)
''',
    ),
    dict(
        id="mae-keepdims",
        task="Task 2",
        cell="losses-answer",
        function="mae",
        kind="return-type",
        why="returns a (1,)-shaped array (array([2.5]) for w = 1 on the chapter data), not a "
            "single number",
        code='''
def mae(y_hat, y):
    return np.abs(y_hat - y).mean(keepdims=True)
''',
    ),
    dict(
        id="mae-empty-python-sum",
        task="Task 2",
        cell="losses-answer",
        function="mae",
        kind="boundary",
        ambiguous=True,
        why="a plain-Python mean: correct for every non-empty input, but for empty arrays "
            "(shape (0,)) builtin sum() returns int 0 and 0 / 0 raises ZeroDivisionError where "
            "np.mean gives nan. Only wrong if empty inputs are tested: 'return a single number: "
            "the mean over all entries' does not say what the mean of zero entries is",
        code='''
def mae(y_hat, y):
    a = np.ravel(y_hat)
    b = np.ravel(y)
    return sum(abs(float(p) - float(t)) for p, t in zip(a, b)) / len(a)
''',
    ),
    # ------------------------------------------------------------------ Task 3: mse_grad
    dict(
        id="mse_grad-missing-factor-2",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        kind="formula",
        why="drops the 2 of the power rule: at w = 1 on the chapter data the slope is "
            "19 (w - 2) = -19, this gives -9.5",
        code='''
def mse_grad(w, x, y):
    return np.mean((w * x - y) * x)
''',
    ),
    dict(
        id="mse_grad-missing-inner-x",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        kind="formula",
        why="forgets the chain-rule factor x_i: at w = 1 on the chapter data it gives "
            "mean(2 * [-3, 2, 0, -5]) = -3 instead of -19",
        code='''
def mse_grad(w, x, y):
    return np.mean(2 * (w * x - y))
''',
    ),
    dict(
        id="mse_grad-times-w-not-x",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        kind="formula",
        why="differentiates w * x with respect to x (inner factor w instead of x): at w = 1 on "
            "the chapter data it gives -3 instead of -19; at w = 3, 9 instead of 19",
        code='''
def mse_grad(w, x, y):
    return np.mean(2 * (w * x - y) * w)
''',
    ),
    dict(
        id="mse_grad-residual-sign-flipped",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        kind="formula",
        why="uses the residual y - y_hat: at w = 1 on the chapter data it gives +19, but the slope "
            "there is -19 (the task's check-yourself line)",
        code='''
def mse_grad(w, x, y):
    return np.mean(2 * (y - w * x) * x)
''',
    ),
    dict(
        id="mse_grad-sum-not-mean",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        kind="other-quantity",
        why="slope of the summed loss, N times too large: at w = 1 on the chapter data it gives "
            "-76 instead of -19",
        code='''
def mse_grad(w, x, y):
    return np.sum(2 * (w * x - y) * x)
''',
    ),
    dict(
        id="mse_grad-closed-form-chapter",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        kind="ignored-arg",
        why="copies the page's closed-form slope 19 (w - 2), which only holds for the four "
            "chapter points: for x = [1, 2], y = [1, 1] at w = 0 the slope is -3, this gives -38",
        code='''
def mse_grad(w, x, y):
    return 19.0 * (w - 2)
''',
    ),
    dict(
        id="mse_grad-product-of-means",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        kind="formula",
        why="the mean of a product is not the product of means: at w = 1 on the chapter data "
            "2 * mean(r) * mean(x) = 2 * (-1.5) * 1.5 = -4.5 instead of -19",
        code='''
def mse_grad(w, x, y):
    return 2 * np.mean(w * x - y) * np.mean(x)
''',
    ),
    dict(
        id="mse_grad-no-reduction",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        kind="return-type",
        why="returns the per-example terms, an array of shape (4,) on the chapter data, instead "
            "of a single number (their mean)",
        code='''
def mse_grad(w, x, y):
    return 2 * (w * x - y) * x
''',
    ),
    dict(
        id="mse_grad-forward-difference",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        kind="formula",
        why="estimates the derivative with a forward difference, off by h * mean(x^2): at w = 2 on "
            "the chapter data it gives 9.5e-4 instead of 0 (and -18.99905 instead of -19 at w = 1)",
        code='''
def mse_grad(w, x, y):
    h = 1e-4
    return (np.mean(((w + h) * x - y) ** 2) - np.mean((w * x - y) ** 2)) / h
''',
    ),
    dict(
        id="mse_grad-zeros_like-int-truncates",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        kind="dtype",
        why="stores the terms in np.zeros_like(x), an int array for int inputs: x = [1, 2, 3], "
            "y = [2, 3, 7] (ints) at w = 0.25 must give -17.0, this gives -16.667 (the terms "
            "-3.5, -10, -37.5 are truncated to -3, -10, -37)",
        code='''
def mse_grad(w, x, y):
    terms = np.zeros_like(x)
    for i in range(len(x)):
        terms[i] = 2 * (w * x[i] - y[i]) * x[i]
    return np.mean(terms)
''',
    ),
    dict(
        id="mse_grad-div-len-rows",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        kind="axes",
        ambiguous=True,
        why="divides by len(x), the number of rows: for x of shape (2, 3) it is 3 times too "
            "large. Only wrong if the grads get multi-dimensional x; Task 3 says 'each returning "
            "a single number' but, unlike Tasks 1 and 2, never says x may have any shape",
        code='''
def mse_grad(w, x, y):
    return np.sum(2 * (w * x - y) * x) / len(x)
''',
    ),
    # ------------------------------------------------------------------ Task 3: mae_grad
    dict(
        id="mae_grad-sign0-plus1",
        task="Task 3",
        cell="grads-answer",
        function="mae_grad",
        kind="boundary",
        why="treats sign(0) as +1 with np.where(r >= 0, 1, -1): at w = 2 on the chapter data "
            "every residual is 0 and the slope must be 0, this gives mean(x) = 1.5; the point "
            "(0, 0) is harmless only because x = 0 there",
        code='''
def mae_grad(w, x, y):
    r = w * x - y
    return np.mean(np.where(r >= 0, 1, -1) * x)
''',
    ),
    dict(
        id="mae_grad-sign0-minus1",
        task="Task 3",
        cell="grads-answer",
        function="mae_grad",
        kind="boundary",
        why="treats sign(0) as -1 with np.where(r > 0, 1, -1): at w = 2 on the chapter data it "
            "gives -1.5 instead of 0",
        code='''
def mae_grad(w, x, y):
    r = w * x - y
    return np.mean(np.where(r > 0, 1.0, -1.0) * x)
''',
    ),
    dict(
        id="mae_grad-r-over-abs-r",
        task="Task 3",
        cell="grads-answer",
        function="mae_grad",
        kind="boundary",
        why="writes sign(r) as r / |r|, which is 0/0 = nan where a residual is 0: the chapter's "
            "point (0, 0) has residual 0 for every w, so mae_grad(1.0, x, y) is nan instead of -2.5",
        code='''
def mae_grad(w, x, y):
    r = w * x - y
    return np.mean(r / np.abs(r) * x)
''',
    ),
    dict(
        id="mae_grad-eps-smoothed-sign",
        task="Task 3",
        cell="grads-answer",
        function="mae_grad",
        kind="extreme",
        why="avoids the 0/0 with r / (|r| + 1e-12), which is far from sign(r) for tiny residuals: "
            "at w = 2 + 1e-13 on the chapter data the slope is +2.5, this gives about 0.67",
        code='''
def mae_grad(w, x, y):
    r = w * x - y
    return np.mean(r / (np.abs(r) + 1e-12) * x)
''',
    ),
    dict(
        id="mae_grad-missing-inner-x",
        task="Task 3",
        cell="grads-answer",
        function="mae_grad",
        kind="formula",
        why="forgets the chain-rule factor x_i: at w = 3 on the chapter data the residuals are "
            "x = [3, -2, 0, 5] and the slope is mean(|x|) = 2.5, this gives mean(sign(x)) = 0.25",
        code='''
def mae_grad(w, x, y):
    return np.mean(np.sign(w * x - y))
''',
    ),
    dict(
        id="mae_grad-abs-x",
        task="Task 3",
        cell="grads-answer",
        function="mae_grad",
        kind="formula",
        why="multiplies by |x| (the page's 'steepness 2.5 = mean |x|') instead of x: at w = 3 on "
            "the chapter data it gives mean(sign(x) * |x|) = 1.5 instead of 2.5",
        code='''
def mae_grad(w, x, y):
    return np.mean(np.sign(w * x - y) * np.abs(x))
''',
    ),
    dict(
        id="mae_grad-closed-form-chapter",
        task="Task 3",
        cell="grads-answer",
        function="mae_grad",
        kind="ignored-arg",
        why="copies the page's slope_abs, 2.5 sign(w - 2), valid only for the chapter data: for "
            "x = [1, 2], y = [1, 1] at w = 0 the slope is -1.5, this gives -2.5",
        code='''
def mae_grad(w, x, y):
    return 2.5 * np.sign(w - 2)
''',
    ),
    dict(
        id="mae_grad-sign-of-mse-slope",
        task="Task 3",
        cell="grads-answer",
        function="mae_grad",
        kind="formula",
        why="takes the sign of the averaged term instead of averaging the signed terms: at w = 3 "
            "on the chapter data it gives sign(9.5) = 1 instead of 2.5",
        code='''
def mae_grad(w, x, y):
    return np.sign(np.mean((w * x - y) * x))
''',
    ),
    dict(
        id="mae_grad-residual-sign-flipped",
        task="Task 3",
        cell="grads-answer",
        function="mae_grad",
        kind="formula",
        why="uses sign(y - w x): at w = 1 on the chapter data it gives +2.5 instead of -2.5",
        code='''
def mae_grad(w, x, y):
    return np.mean(np.sign(y - w * x) * x)
''',
    ),
    dict(
        id="mae_grad-sum-not-mean",
        task="Task 3",
        cell="grads-answer",
        function="mae_grad",
        kind="other-quantity",
        why="slope of the summed absolute error: at w = 1 on the chapter data it gives -10 "
            "instead of -2.5",
        code='''
def mae_grad(w, x, y):
    return np.sum(np.sign(w * x - y) * x)
''',
    ),
    dict(
        id="mae_grad-keepdims",
        task="Task 3",
        cell="grads-answer",
        function="mae_grad",
        kind="return-type",
        why="returns a 1-element array (array([-2.5]) at w = 1 on the chapter data) instead of "
            "a single number",
        code='''
def mae_grad(w, x, y):
    return np.mean(np.sign(w * x - y) * x, keepdims=True)
''',
    ),
    # ------------------------------------------------------------------ Task 4: grid_search
    dict(
        id="grid_search-argmax",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="formula",
        why="'best' read as largest: on the chapter data with ws = np.linspace(-1, 5, 601) it "
            "returns w = -1 (loss 85.5) instead of 2",
        code='''
def grid_search(x, y, ws):
    losses = np.array([mse(predict(w, x), y) for w in ws])
    return ws[np.argmax(losses)], losses
''',
    ),
    dict(
        id="grid_search-returns-index",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="return-type",
        why="returns the index of the best weight, not the weight: with ws = np.linspace(-1, 5, "
            "601) on the chapter data it returns 300 instead of 2.0",
        code='''
def grid_search(x, y, ws):
    losses = np.array([mse(predict(w, x), y) for w in ws])
    return np.argmin(losses), losses
''',
    ),
    dict(
        id="grid_search-returns-min-loss",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="other-quantity",
        why="returns the smallest loss instead of the weight that achieves it: 0.0 instead of 2.0 "
            "on the chapter data with ws = np.linspace(-1, 5, 601)",
        code='''
def grid_search(x, y, ws):
    losses = np.array([mse(predict(w, x), y) for w in ws])
    return losses.min(), losses
''',
    ),
    dict(
        id="grid_search-ties-last",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="boundary",
        why="updates on <=, so the last of tied weights wins: on the chapter data with "
            "ws = [1.0, 3.0] both losses are exactly 9.5 and the first, 1.0, must be returned; "
            "this returns 3.0",
        code='''
def grid_search(x, y, ws):
    losses = []
    best_w, best_loss = None, float("inf")
    for w in ws:
        loss = mse(predict(w, x), y)
        losses.append(loss)
        if loss <= best_loss:
            best_w, best_loss = w, loss
    return best_w, np.array(losses)
''',
    ),
    dict(
        id="grid_search-mask-all-ties",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="return-type",
        why="selects with a boolean mask, returning an array of every minimiser: on the chapter "
            "data with ws = [1.0, 3.0] it returns array([1., 3.]) instead of 1.0, and array([2.]) "
            "rather than a number otherwise",
        code='''
def grid_search(x, y, ws):
    losses = np.array([mse(predict(w, x), y) for w in ws])
    return ws[losses == losses.min()], losses
''',
    ),
    dict(
        id="grid_search-sentinel-1e10",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="extreme",
        why="starts the running minimum at a 'large' 1e10, so when every loss is larger no weight "
            "is ever chosen: x = [1e6], y = [0], ws = [1.0, 2.0] (losses 1e12, 4e12) returns None "
            "instead of 1.0",
        code='''
def grid_search(x, y, ws):
    losses = []
    best_w, best_loss = None, 1e10
    for w in ws:
        loss = mse(predict(w, x), y)
        losses.append(loss)
        if loss < best_loss:
            best_w, best_loss = w, loss
    return best_w, np.array(losses)
''',
    ),
    dict(
        id="grid_search-sentinel-inf-all-inf",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="extreme",
        why="starts at float('inf') with a strict <, so if every loss overflows to inf no weight "
            "is chosen: x = [1e200], y = [0], ws = [1.0, 2.0] returns None, but all losses tie "
            "(inf) and the first weight, 1.0, must be returned",
        code='''
def grid_search(x, y, ws):
    losses = np.empty(len(ws))
    best_w, best_loss = None, np.inf
    for i, w in enumerate(ws):
        losses[i] = mse(predict(w, x), y)
        if losses[i] < best_loss:
            best_w, best_loss = w, losses[i]
    return best_w, losses
''',
    ),
    dict(
        id="grid_search-zeros_like-int-ws",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="dtype",
        why="np.zeros_like(ws) is an int array for an integer grid, so the losses are truncated: "
            "ws = np.arange(-1, 6) on the chapter data must give losses 9.5 (w - 2)^2 = [85.5, 38, "
            "9.5, 0, 9.5, 38, 85.5], this gives [85, 38, 9, 0, 9, 38, 85]",
        code='''
def grid_search(x, y, ws):
    losses = np.zeros_like(ws)
    for i, w in enumerate(ws):
        losses[i] = mse(predict(w, x), y)
    return ws[np.argmin(losses)], losses
''',
    ),
    dict(
        id="grid_search-losses-alias-ws",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="state-order",
        why="'losses = ws' does not copy: the losses overwrite the caller's grid, and best_w is "
            "read from the overwritten array, so with ws = np.linspace(-1, 5, 601) on the chapter "
            "data it returns 0.0 (a loss) instead of 2.0 and ws is destroyed",
        code='''
def grid_search(x, y, ws):
    losses = ws
    for i in range(len(ws)):
        losses[i] = mse(predict(ws[i], x), y)
    return ws[np.argmin(losses)], losses
''',
    ),
    dict(
        id="grid_search-skips-first-weight",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="off-by-one",
        why="initialises with ws[0] but then loops from index 1 and never records its loss: with "
            "ws = np.linspace(-1, 5, 601) the losses array has 600 entries instead of 601",
        code='''
def grid_search(x, y, ws):
    best_w = ws[0]
    best_loss = mse(predict(ws[0], x), y)
    losses = []
    for i in range(1, len(ws)):
        loss = mse(predict(ws[i], x), y)
        losses.append(loss)
        if loss < best_loss:
            best_w, best_loss = ws[i], loss
    return best_w, np.array(losses)
''',
    ),
    dict(
        id="grid_search-broadcast-wrong-axis",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="axes",
        why="vectorises with an (n_weights, N) table but averages over axis 0 (the weights): on "
            "the chapter data with ws = np.linspace(-1, 5, 601) it returns 4 numbers, one per "
            "example, instead of 601 losses",
        code='''
def grid_search(x, y, ws):
    table = (ws[:, None] * x[None, :] - y[None, :]) ** 2
    losses = np.mean(table, axis=0)
    return ws[np.argmin(losses)], losses
''',
    ),
    dict(
        id="grid_search-uses-mae",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="other-quantity",
        why="scores the grid with the MAE instead of the MSE: on the chapter data with ws = [1.0, "
            "3.0] the losses must be [9.5, 9.5], this gives [2.5, 2.5]; with the chapter's outlier "
            "(4, 0) added it picks w = 2 instead of about 1.41",
        code='''
def grid_search(x, y, ws):
    losses = np.array([mae(predict(w, x), y) for w in ws])
    return ws[np.argmin(losses)], losses
''',
    ),
    dict(
        id="grid_search-overwrites-ws",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="ignored-arg",
        why="copies the chapter's grid ws = np.linspace(-1, 5, 601) into the function and ignores "
            "the ws passed in: for ws = [1.0, 3.0] it returns 2.0 and 601 losses instead of 1.0 "
            "and 2 losses",
        code='''
def grid_search(x, y, ws):
    ws = np.linspace(-1.0, 5.0, 601)
    losses = np.array([mse(w * x, y) for w in ws])
    return ws[np.argmin(losses)], losses
''',
    ),
    dict(
        id="grid_search-losses-list",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        kind="return-type",
        why="returns the losses as a Python list, while the task asks for 'the array of losses': "
            "on the chapter data with ws = [1.0, 3.0] the second item is [9.5, 9.5] (a list, no "
            ".shape)",
        code='''
def grid_search(x, y, ws):
    losses = [mse(predict(w, x), y) for w in ws]
    return ws[int(np.argmin(losses))], losses
''',
    ),
]

RIGHT = [
    dict(
        id="predict-np-multiply",
        task="Task 1",
        cell="predict-answer",
        function="predict",
        why="np.multiply with the operands swapped: a new array of the shape of x, x untouched",
        code='''
def predict(w, x):
    return np.multiply(x, w)
''',
    ),
    dict(
        id="predict-copy-then-scale",
        task="Task 1",
        cell="predict-answer",
        function="predict",
        why="an explicit copy in the result dtype before an in-place multiply: x is not modified, "
            "int x with a float w is promoted",
        code='''
def predict(w, x):
    x = np.asarray(x)
    y_hat = x.astype(np.result_type(x, w), copy=True)
    y_hat *= w
    return y_hat
''',
    ),
    dict(
        id="mse-float-sum-over-size",
        task="Task 2",
        cell="losses-answer",
        function="mse",
        why="sum divided by .size (all entries, any shape), returned as a Python float",
        code='''
def mse(y_hat, y):
    d = np.asarray(y_hat) - np.asarray(y)
    return float(np.sum(d * d) / d.size)
''',
    ),
    dict(
        id="mae-maximum-item",
        task="Task 2",
        cell="losses-answer",
        function="mae",
        why="|r| as np.maximum(r, -r), mean over all entries, .item() for a Python float",
        code='''
def mae(y_hat, y):
    r = y_hat - y
    return np.mean(np.maximum(r, -r)).item()
''',
    ),
    dict(
        id="mse_grad-python-loop",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        why="plain Python loop over the flattened arrays with a float accumulator",
        code='''
def mse_grad(w, x, y):
    xs = np.ravel(x)
    ys = np.ravel(y)
    total = 0.0
    for xi, yi in zip(xs, ys):
        total += 2.0 * (w * xi - yi) * xi
    return total / len(xs)
''',
    ),
    dict(
        id="mse_grad-reuses-predict",
        task="Task 3",
        cell="grads-answer",
        function="mse_grad",
        why="reuses predict and takes the mean of the elementwise product, returning a NumPy scalar",
        code='''
def mse_grad(w, x, y):
    r = predict(w, x) - y
    return np.mean(2 * r * x)
''',
    ),
    dict(
        id="mae_grad-nested-where",
        task="Task 3",
        cell="grads-answer",
        function="mae_grad",
        why="sign written with nested np.where, 0 exactly at a zero residual as the task asks",
        code='''
def mae_grad(w, x, y):
    r = w * x - y
    s = np.where(r > 0, 1.0, np.where(r < 0, -1.0, 0.0))
    return float(np.mean(s * x))
''',
    ),
    dict(
        id="grid_search-loop-strict-less",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        why="loop that starts from the first weight and replaces it only on a strictly smaller "
            "loss (keeps the first of ties, and returns ws[0] when every loss is inf)",
        code='''
def grid_search(x, y, ws):
    losses = np.empty(len(ws), dtype=float)
    best = 0
    for i in range(len(ws)):
        losses[i] = mse(predict(ws[i], x), y)
        if losses[i] < losses[best]:
            best = i
    return ws[best], losses
''',
    ),
    dict(
        id="grid_search-list-argmin",
        task="Task 4",
        cell="grid-answer",
        function="grid_search",
        why="list comprehension converted to an array, np.argmin (first of ties) on it",
        code='''
def grid_search(x, y, ws):
    losses = np.asarray([mse(predict(w, x), y) for w in ws], dtype=float)
    return ws[int(np.argmin(losses))], losses
''',
    ),
]


# ----------------------------------------------------------------------------------------------
# Added for tests/test_exercises.py (the entries above are the reviewer's, unchanged).
# EXPECT: for each WRONG entry, a regular expression the feedback of a test cell calling its
# function must match: the message that names the mistake.
# ALLOWED: ambiguous entries that the task text, made precise, now allows; they keep full marks.

EXPECT = {
    "predict-hardcoded-w2": r"looks like w is ignored",
    "predict-inplace-imul": r"predict changed its argument #2 in place",
    "predict-asarray-alias": r"predict changed its argument #2 in place",
    "predict-zeros_like-int-truncates": r"integer x is wrong.*looks like the products were stored in an integer array",
    "predict-loop-1d-only": r"predict\(-1\.5, x\) for x of shape \(3, 5\)|setting an array element with a sequence",
    "predict-ravel": r"for x of shape \(3, 5\) has shape \(15,\), expected \(3, 5\)",
    "predict-column-reshape": r"predict\(2\.0, x\) has shape \(4, 1\), expected \(4,\)",
    "predict-list-comprehension": r"should be a NumPy array; got a list",
    "predict-sum-dot": r"should be a NumPy array; got the single number 12",
    "predict-forces-float64": r"float32 x has dtype float64, expected float32: float32 input was turned into float64",
    "mse-sum-not-mean": r"looks like the sum of the squared errors, not their mean",
    "mse-divide-n-minus-1": r"looks like a division by N - 1",
    "mse-square-of-mean": r"looks like the square of the mean error",
    "mse-np-var": r"looks like np\.var",
    "mse-rmse": r"looks like the root of the mean \(RMSE\)",
    "mse-div-len-first-axis": r"looks like the mean was divided by len\(\.\.\.\) \(the rows\)",
    "mse-axis0": r"should be a single number; got an array of shape \(3,\)",
    "mse-keepdims": r"got an array of shape \(1,\)\. an array of one entry is not a number: drop keepdims=True",
    "mse-caret-xor": r"bitwise_xor|looks like \^ is not a power",
    "mse-floor-division": r"looks like a floor division //",
    "mse-squeeze-only-prediction": r"looks like only one of the two arrays was squeezed",
    "mse-expanded-square": r"looks like the square was expanded",
    "mae-no-abs": r"looks like the absolute value is missing",
    "mae-abs-of-mean": r"looks like the absolute value of the mean error",
    "mae-abs-difference": r"looks like \|y_hat\| - \|y\| instead of \|y_hat - y\|",
    "mae-sum-not-mean": r"looks like the sum of the absolute errors",
    "mae-div-len-first-axis": r"looks like the mean was divided by len\(\.\.\.\) \(the rows\)",
    "mae-axis-last": r"should be a single number; got an array of shape \(4,\)",
    "mae-median": r"looks like the median of the absolute errors",
    "mae-sqrt-of-square": r"looks like \|r\| written as sqrt\(r\*\*2\)",
    "mae-zeros_like-target-dtype": r"looks like the errors were stored in an integer array",
    "mae-keepdims": r"got an array of shape \(1,\)\. an array of one entry is not a number: drop keepdims=True",
    "mse_grad-missing-factor-2": r"looks like the factor 2 of the power rule is missing",
    "mse_grad-missing-inner-x": r"looks like the chain-rule factor x_i is missing",
    "mse_grad-times-w-not-x": r"looks like the inner factor is w instead of x_i",
    "mse_grad-residual-sign-flipped": r"every entry has the opposite sign: a sign error",
    "mse_grad-sum-not-mean": r"exactly 4 times too large: a sum where the mean was wanted",
    "mse_grad-closed-form-chapter": r"looks like the chapter's 19 \(w - 2\)",
    "mse_grad-product-of-means": r"looks like a product of means",
    "mse_grad-no-reduction": r"should be a single number; got an array of shape \(4,\)\. Did you forget to reduce it",
    "mse_grad-forward-difference": r"looks like a forward difference",
    "mse_grad-zeros_like-int-truncates": r"looks like the terms were stored in an integer array",
    "mse_grad-div-len-rows": r"looks like the sum was divided by len\(x\) \(the rows\)",
    "mae_grad-sign0-plus1": r"looks like sign\(0\) = \+1: at w = 2 .* the slope must be 0",
    "mae_grad-sign0-minus1": r"looks like sign\(0\) = -1: at w = 2 .* the slope must be 0",
    "mae_grad-r-over-abs-r": r"(is|contains) NaN.*looks like sign\(r\) written as r / \|r\|",
    "mae_grad-eps-smoothed-sign": r"looks like sign\(r\) written as r / \(\|r\| \+ a small number\)",
    "mae_grad-missing-inner-x": r"looks like the chain-rule factor x_i is missing",
    "mae_grad-abs-x": r"looks like \|x_i\| instead of x_i",
    "mae_grad-closed-form-chapter": r"looks like the chapter's 2\.5 sign\(w - 2\)",
    "mae_grad-sign-of-mse-slope": r"looks like the sign of the MSE-like mean",
    "mae_grad-residual-sign-flipped": r"every entry has the opposite sign: a sign error",
    "mae_grad-sum-not-mean": r"exactly 4 times too large: a sum where the mean was wanted",
    "mae_grad-keepdims": r"got an array of shape \(1,\)\. an array of one entry is not a number",
    "grid_search-argmax": r"looks like the weight with the largest loss \(argmax instead of argmin\)",
    "grid_search-returns-index": r"looks like the index of the best weight, not the weight itself",
    "grid_search-returns-min-loss": r"looks like the smallest loss, not the weight that gives it",
    "grid_search-ties-last": r"looks like the last of tied weights",
    "grid_search-mask-all-ties": r"best_w .*should be a single number; got an array",
    "grid_search-sentinel-1e10": r"a running minimum must start from the first loss \(or inf\)",
    "grid_search-sentinel-inf-all-inf": r"every loss is inf, so they all tie and the first weight wins",
    "grid_search-zeros_like-int-ws": r"looks like the losses were stored in an integer array",
    "grid_search-losses-alias-ws": r"grid_search changed its argument #3 in place",
    "grid_search-skips-first-weight": r"looks like the loss of the first weight is missing",
    "grid_search-broadcast-wrong-axis": r"looks like a mean over the wrong axis",
    "grid_search-uses-mae": r"looks like the MAE instead of the MSE",
    "grid_search-overwrites-ws": r"losses \(one per weight in ws\) has shape \(601,\), expected \(9,\)",
    "grid_search-losses-list": r"losses \(one per weight in ws\) should be a NumPy array; got a list",
}

ALLOWED = {
    "mae-empty-python-sum": "Task 2 now says the inputs have at least one entry",
}
