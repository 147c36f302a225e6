"""Plausible wrong answers for chapter 2's graded exercise, written from the task text and the page only."""

WRONG = [
    # ------------------------------------------------------------------ Task 1: gd_step
    dict(
        id="gd_step-inplace-minus-eq",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="state-order",
        why="updates the caller's array in place and returns it: with w = np.array([1.0, 2.0]), "
            "grad = np.array([1.0, 1.0]), lr = 0.1 the caller's w becomes [0.9, 1.9] and the result is w itself "
            "(for an int array w = np.array([1, 2]) it even raises a casting error)",
        code='''
def gd_step(w, grad, lr):
    w -= lr * grad
    return w
''',
    ),
    dict(
        id="gd_step-slice-is-a-view",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="state-order",
        why="copies with w[:] as one would a list, but for a NumPy array w[:] is a view: with "
            "w = np.array([1.0, 2.0]), grad = np.array([1.0, 1.0]), lr = 0.1 the caller's w is changed to "
            "[0.9, 1.9]; for a number w = 1.0 it raises TypeError",
        code='''
def gd_step(w, grad, lr):
    new_w = w[:]              # "copy" the weights
    new_w -= lr * grad
    return new_w
''',
    ),
    dict(
        id="gd_step-asarray-no-copy",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="state-order",
        why="np.asarray does not copy a float64 array, so the in-place update changes the caller's weights: "
            "w = np.array([1.0, 2.0]), grad = np.array([1.0, 1.0]), lr = 0.1 leaves w == [0.9, 1.9] and the "
            "result shares memory with w (values right for numbers and int arrays, which asarray does copy)",
        code='''
def gd_step(w, grad, lr):
    new_w = np.asarray(w, dtype=float)
    new_w -= lr * np.asarray(grad)
    return new_w
''',
    ),
    dict(
        id="gd_step-plus-sign",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="formula",
        why="steps along the gradient instead of against it (climbs uphill): w = 1.0, grad = 2.0, lr = 0.1 "
            "gives 1.2 instead of 0.8",
        code='''
def gd_step(w, grad, lr):
    return w + lr * grad
''',
    ),
    dict(
        id="gd_step-lr-hard-coded",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="ignored-arg",
        why="uses the page's learning rate 0.05 instead of the argument lr: w = 1.0, grad = 2.0, lr = 0.1 "
            "gives 0.9 instead of 0.8 (right only when lr == 0.05)",
        code='''
def gd_step(w, grad, lr=0.05):
    return w - 0.05 * grad
''',
    ),
    dict(
        id="gd_step-same-object-at-zero-grad",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="boundary",
        why="short-cut at a minimum returns the caller's own array, not a new one: with "
            "w = np.array([2.0, 2.0]), grad = np.zeros(2), lr = 0.1 the result is w itself, so modifying the "
            "result modifies the old weights",
        code='''
def gd_step(w, grad, lr):
    if np.all(grad == 0):          # already at a minimum: nothing to do
        return w
    return w - lr * grad
''',
    ),
    dict(
        id="gd_step-zeros-like-int",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="dtype",
        why="allocates the 'new array' with np.zeros_like(w), which keeps an integer dtype: "
            "w = np.array([1, 2]), grad = np.array([1, 1]), lr = 0.5 gives [0, 1] instead of [0.5, 1.5] "
            "(and w = 1 gives 0 instead of 0.5)",
        code='''
def gd_step(w, grad, lr):
    new_w = np.zeros_like(w)
    new_w[...] = w - lr * grad
    return new_w
''',
    ),
    dict(
        id="gd_step-astype-w-dtype",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="dtype",
        why="'keeps the dtype of the weights' by casting back, which truncates integer weights: "
            "w = np.array([3, 4]), grad = np.array([1.0, 1.0]), lr = 0.25 gives [2, 3] instead of [2.75, 3.75]",
        code='''
def gd_step(w, grad, lr):
    w = np.asarray(w)
    return (w - lr * grad).astype(w.dtype)
''',
    ),
    dict(
        id="gd_step-forces-float64",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="dtype",
        ambiguous=True,
        why="converts everything to float64: for float32 w = np.array([1, 2], np.float32) and float32 "
            "grad = np.array([1, 1], np.float32), lr = 0.1 the plain w - lr * grad stays float32, this returns "
            "float64 (values equal to float32 precision). Only wrong if float32 must be preserved: "
            "'Write gd_step(w, grad, lr) that returns the new weights' does not say the dtype of w is kept",
        code='''
def gd_step(w, grad, lr):
    return np.asarray(w, dtype=np.float64) - lr * np.asarray(grad, dtype=np.float64)
''',
    ),
    dict(
        id="gd_step-float-cast",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="return-type",
        why="tested only with numbers: float() of the result raises TypeError for "
            "w = np.array([1.0, 2.0]), grad = np.array([1.0, 1.0]), and turns a shape-(1,) array into a float",
        code='''
def gd_step(w, grad, lr):
    return float(w - lr * grad)
''',
    ),
    dict(
        id="gd_step-nan-to-num",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="extreme",
        why="hides divergence by replacing inf/NaN with finite numbers: w = 1.0, grad = np.inf, lr = 0.1 "
            "must give -inf but gives -1.8e308, and grad = np.nan gives 0.0 instead of nan",
        code='''
def gd_step(w, grad, lr):
    return np.nan_to_num(w - lr * grad)       # keep the weights finite
''',
    ),
    dict(
        id="gd_step-clipped-gradient",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="extreme",
        why="clips the gradient 'for stability', which the task does not ask: w = 0.0, grad = 1e6, "
            "lr = 1e-3 gives -1.0 instead of -1000.0",
        code='''
def gd_step(w, grad, lr):
    return w - lr * np.clip(grad, -1e3, 1e3)
''',
    ),
    dict(
        id="gd_step-unit-direction",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        kind="other-quantity",
        why="moves a distance lr along the direction of the gradient (normalised) instead of lr times the "
            "gradient: w = 1.0, grad = 2.0, lr = 0.1 gives 0.9 instead of 0.8, and grad = 0 gives nan",
        code='''
def gd_step(w, grad, lr):
    return w - lr * grad / np.linalg.norm(grad)
''',
    ),
    # ------------------------------------------------------------------ Task 2: gradient_descent
    dict(
        id="gradient_descent-append-same-array",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="state-order",
        why="the pitfall of the task text: one array updated in place and appended every step, so all rows "
            "equal the last weights: grad_fn = lambda w: 2 * (w - 3), w0 = 0.0, lr = 0.1, steps = 3 gives "
            "[1.464, 1.464, 1.464, 1.464] instead of [0, 0.6, 1.08, 1.464]",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = np.array(w0, dtype=float)
    history = [w]
    for _ in range(steps):
        w[...] = gd_step(w, grad_fn(w), lr)
        history.append(w)
    return np.array(history)
''',
    ),
    dict(
        id="gradient_descent-mutates-w0",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="state-order",
        why="history is right, but np.asarray does not copy a float array, so the caller's w0 is overwritten "
            "with the final weights: w0 = np.array([0.0, 1.0]), grad_fn = lambda w: 2 * (w - 3), lr = 0.1, "
            "steps = 3 leaves w0 == [1.464, 1.976] (fine for a number w0)",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = np.asarray(w0, dtype=float)
    history = [w.copy()]
    for _ in range(steps):
        w[...] = gd_step(w, grad_fn(w), lr)
        history.append(w.copy())
    return np.array(history)
''',
    ),
    dict(
        id="gradient_descent-no-w0-row",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="off-by-one",
        why="forgets row 0: returns shape (steps,) instead of (steps + 1,); grad_fn = lambda w: 2 * (w - 3), "
            "w0 = 0.0, lr = 0.1, steps = 3 gives [0.6, 1.08, 1.464]",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = w0
    history = []
    for _ in range(steps):
        w = gd_step(w, grad_fn(w), lr)
        history.append(w)
    return np.array(history)
''',
    ),
    dict(
        id="gradient_descent-shifted-rows",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="off-by-one",
        why="gets the length steps + 1 by making one step too many and leaving out w0: the shape is right but "
            "row t holds the weights after t + 1 steps; grad_fn = lambda w: 2 * (w - 3), w0 = 0.0, lr = 0.1, "
            "steps = 2 gives [0.6, 1.08, 1.464] instead of [0, 0.6, 1.08]",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = w0
    history = []
    for _ in range(steps + 1):
        w = gd_step(w, grad_fn(w), lr)
        history.append(w)
    return np.array(history)
''',
    ),
    dict(
        id="gradient_descent-lagged-gradient",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="off-by-one",
        why="indexes the history with t - 1 for the gradient, so from the second step on the gradient is "
            "taken one step late: grad_fn = lambda w: 2 * (w - 3), w0 = 0.0, lr = 0.1, steps = 3 gives "
            "[0, 0.6, 1.2, 1.68] instead of [0, 0.6, 1.08, 1.464] (right for steps <= 1)",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    history = [np.array(w0, dtype=float)]
    for t in range(steps):
        history.append(gd_step(history[t], grad_fn(history[t - 1]), lr))
    return np.array(history)
''',
    ),
    dict(
        id="gradient_descent-gradient-once",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="state-order",
        why="computes the gradient once at w0 and reuses the stale value every step: "
            "grad_fn = lambda w: 2 * (w - 3), w0 = 0.0, lr = 0.1, steps = 3 gives [0, 0.6, 1.2, 1.8] "
            "instead of [0, 0.6, 1.08, 1.464] (right only for steps <= 1)",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = w0
    g = grad_fn(w0)
    history = [w0]
    for _ in range(steps):
        w = gd_step(w, g, lr)
        history.append(w)
    return np.array(history)
''',
    ),
    dict(
        id="gradient_descent-global-mse-grad",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="ignored-arg",
        why="ignores grad_fn and uses the setup's mse_grad on the global line data: passes the 'Look at it' "
            "cell, but grad_fn = lambda w: 2 * (w - 3), w0 = 0.0, lr = 0.1, steps = 2 gives [0, 3.8, 0.38] "
            "instead of [0, 0.6, 1.08]",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = w0
    history = [w0]
    for _ in range(steps):
        w = gd_step(w, mse_grad(w, x, y), lr)
        history.append(w)
    return np.array(history)
''',
    ),
    dict(
        id="gradient_descent-list-returned",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="return-type",
        why="returns the Python list of weights instead of an array: for grad_fn = lambda w: 2 * (w - 3), "
            "w0 = 0.0, lr = 0.1, steps = 3 the result has no .shape and history[:, 0]-style indexing fails",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = w0
    history = [w0]
    for _ in range(steps):
        w = gd_step(w, grad_fn(w), lr)
        history.append(w)
    return history
''',
    ),
    dict(
        id="gradient_descent-atleast-1d",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="return-type",
        why="turns a number w0 into a length-1 vector 'to be safe', so the history has shape (steps + 1, 1) "
            "instead of (steps + 1,): w0 = 0.0, steps = 15 in the 'Look at it' cell, where f'{hist[1]:8.3f}' "
            "then raises TypeError",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = np.atleast_1d(np.array(w0, dtype=float))
    history = [w]
    for _ in range(steps):
        w = gd_step(w, grad_fn(w), lr)
        history.append(w)
    return np.array(history)
''',
    ),
    dict(
        id="gradient_descent-stack-last-axis",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="axes",
        why="stacks the steps along the last axis: right for a number w0, but w0 = np.array([0.0, 1.0]), "
            "grad_fn = lambda w: 2 * (w - 3), lr = 0.1, steps = 3 gives shape (2, 4) instead of (4, 2)",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = np.array(w0, dtype=float)
    history = [w]
    for _ in range(steps):
        w = gd_step(w, grad_fn(w), lr)
        history.append(w)
    return np.stack(history, axis=-1)
''',
    ),
    dict(
        id="gradient_descent-hstack",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="axes",
        why="np.hstack concatenates the rows into one flat vector: right for a number w0, but "
            "w0 = np.array([0.0, 1.0]), grad_fn = lambda w: 2 * (w - 3), lr = 0.1, steps = 3 gives shape (8,) "
            "instead of (4, 2)",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = np.array(w0, dtype=float)
    history = [w]
    for _ in range(steps):
        w = gd_step(w, grad_fn(w), lr)
        history.append(w)
    return np.hstack(history)
''',
    ),
    dict(
        id="gradient_descent-stops-when-not-finite",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="extreme",
        why="stops early once the weights overflow (the page's 'Divergence ends in inf and nan'), so a "
            "diverging run has fewer than steps + 1 rows: grad_fn = lambda w: mse_grad(w, x, y) on the line data, "
            "w0 = -1.0, lr = 0.2, steps = 800 must have shape (801,) with inf/nan at the end",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = w0
    history = [w0]
    for _ in range(steps):
        w = gd_step(w, grad_fn(w), lr)
        if not np.all(np.isfinite(w)):
            break
        history.append(w)
    return np.array(history)
''',
    ),
    dict(
        id="gradient_descent-stops-at-zero-gradient",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="boundary",
        why="stops when the gradient is exactly zero, so the history is shorter than steps + 1: "
            "grad_fn = lambda w: w - 3.0, w0 = 0.0, lr = 1.0, steps = 5 lands on 3 after one step and returns "
            "[0, 3] instead of [0, 3, 3, 3, 3, 3]",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = w0
    history = [w0]
    for _ in range(steps):
        g = grad_fn(w)
        if np.all(g == 0):     # converged
            break
        w = gd_step(w, g, lr)
        history.append(w)
    return np.array(history)
''',
    ),
    dict(
        id="gradient_descent-prealloc-w0-dtype",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        kind="dtype",
        why="preallocates the history with the dtype of w0, so an integer start truncates every row: "
            "w0 = 0 (int), grad_fn = lambda w: mse_grad(w, x, y), lr = 0.01, steps = 3 gives [0, 0, 0, 0] "
            "instead of [0, 0.38, 0.6878, 0.9371]",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    history = np.zeros((steps + 1,) + np.shape(w0), dtype=np.asarray(w0).dtype)
    history[0] = w0
    for t in range(steps):
        history[t + 1] = gd_step(history[t], grad_fn(history[t]), lr)
    return history
''',
    ),
    # ------------------------------------------------------------------ Task 3: minibatch_sgd
    dict(
        id="minibatch_sgd-drops-last-batch",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="off-by-one",
        why="uses len(x) // batch_size batches, dropping the smaller last batch that the task keeps: "
            "N = 10, batch_size = 3, epochs = 2 gives 6 steps instead of 8 (and no step at all when "
            "batch_size > N)",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for k in range(len(x) // batch_size):
            b = order[k * batch_size:(k + 1) * batch_size]
            g = np.mean(2 * (w * x[b] - y[b]) * x[b])
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-sum-not-mean",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="other-quantity",
        why="sums the per-example gradients instead of averaging them over the batch: N = 10, "
            "batch_size = 3, lr = 0.01, epochs = 2 gives steps about 3 times too long (wrong from the first "
            "step whenever batch_size > 1)",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            g = np.sum(2 * (w * x[b] - y[b]) * x[b])
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-divides-by-batch-size",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="boundary",
        why="divides by batch_size instead of the actual size B of the batch, wrong for the smaller last "
            "batch: N = 10, batch_size = 3, epochs = 2, the 4th and 8th steps (batch of 1) are only a third as long as they should be",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            g = np.sum(2 * (w * x[b] - y[b]) * x[b]) / batch_size
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-divides-by-N",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="other-quantity",
        why="divides the batch sum by N (as in the full-batch formula) instead of B: N = 10, batch_size = 3, "
            "lr = 0.01, epochs = 2 gives steps 3.3 times too short",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            g = 2 * np.sum((w * x[b] - y[b]) * x[b]) / len(x)
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-one-permutation",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="state-order",
        why="draws the order once before the epoch loop, so every epoch visits the batches in the same order "
            "(and rng is called once instead of once per epoch): N = 10, batch_size = 3, epochs = 2, "
            "rng = np.random.default_rng(0) differs from the second epoch on",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    order = rng.permutation(len(x))
    for _ in range(epochs):
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            g = np.mean(2 * (w * x[b] - y[b]) * x[b])
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-separate-permutations",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="other",
        why="shuffles x and y with two separate permutations, which breaks the pairs (x_i, y_i) and draws "
            "twice per epoch: N = 10 noisy points, batch_size = 3, epochs = 2, rng = default_rng(0) gives "
            "different weights from the first step",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        xs = x[rng.permutation(len(x))]
        ys = y[rng.permutation(len(x))]
        for start in range(0, len(x), batch_size):
            xb, yb = xs[start:start + batch_size], ys[start:start + batch_size]
            g = np.mean(2 * (w * xb - yb) * xb)
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-global-np-random",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="ignored-arg",
        why="ignores rng and draws from NumPy's global generator, so the run cannot be reproduced: "
            "N = 10, batch_size = 3, epochs = 2, rng = default_rng(0) gives a different order (and rng is "
            "left untouched)",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        order = np.random.permutation(len(x))
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            g = np.mean(2 * (w * x[b] - y[b]) * x[b])
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-own-seeded-rng",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="ignored-arg",
        why="replaces the rng argument by a fresh default_rng(0): matches only when the caller passes a "
            "fresh default_rng(0); with rng = np.random.default_rng(1), N = 10, batch_size = 3, epochs = 2 "
            "the order differs",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    rng = np.random.default_rng(0)
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            g = np.mean(2 * (w * x[b] - y[b]) * x[b])
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-order-not-used",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="ignored-arg",
        why="draws order but then slices x and y in their original order: N = 10, batch_size = 3, "
            "epochs = 2, rng = default_rng(0) gives different batches (right only if the permutation happens "
            "to be the identity, or when batch_size >= N and the one batch holds all examples)",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            g = np.mean(2 * (w * xb - yb) * xb)
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-array-split-count",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="other",
        why="np.array_split(order, batch_size) makes batch_size batches, not batches of batch_size "
            "examples: N = 10, batch_size = 2, epochs = 2 gives 2 steps per epoch of 5 examples instead of "
            "5 steps of 2",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for b in np.array_split(order, batch_size):
            g = np.mean(2 * (w * x[b] - y[b]) * x[b])
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-array-split-evenly",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="boundary",
        why="np.array_split into ceil(N / B) pieces shares the examples out evenly instead of cutting "
            "consecutive batches of B with a smaller last one: N = 10, batch_size = 4 gives batches of "
            "4, 3, 3 instead of 4, 4, 2 (right when B divides N)",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    n_batches = int(np.ceil(len(x) / batch_size))
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for b in np.array_split(order, n_batches):
            g = np.mean(2 * (w * x[b] - y[b]) * x[b])
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-stale-epoch-gradients",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="state-order",
        why="computes all the batch gradients of an epoch at the weight of the start of the epoch, then "
            "applies them: N = 10, batch_size = 3, epochs = 2 agrees on the first step and differs from the "
            "second",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        batch_list = [order[s:s + batch_size] for s in range(0, len(x), batch_size)]
        grads = [np.mean(2 * (w * x[b] - y[b]) * x[b]) for b in batch_list]
        for g in grads:
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-includes-w0",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="off-by-one",
        why="puts w0 first although the task says 'w0 not included': N = 10, batch_size = 3, epochs = 2 "
            "gives 9 entries instead of 8",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = [w0]
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            g = np.mean(2 * (w * x[b] - y[b]) * x[b])
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-epoch-by-batch-array",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="return-type",
        why="returns a 2-D array (epochs, batches per epoch) instead of one entry per step: N = 10, "
            "batch_size = 3, epochs = 2 gives shape (2, 4) instead of (8,)",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    per_epoch = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        this_epoch = []
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            w = w - lr * np.mean(2 * (w * x[b] - y[b]) * x[b])
            this_epoch.append(w)
        per_epoch.append(this_epoch)
    return np.array(per_epoch)
''',
    ),
    dict(
        id="minibatch_sgd-concatenate-epochs",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="boundary",
        why="collects one array per epoch and np.concatenate's them, which raises ValueError for epochs = 0 "
            "(must return an empty array of shape (0,))",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    per_epoch = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        this_epoch = []
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            w = w - lr * np.mean(2 * (w * x[b] - y[b]) * x[b])
            this_epoch.append(w)
        per_epoch.append(np.array(this_epoch))
    return np.concatenate(per_epoch)
''',
    ),
    dict(
        id="minibatch_sgd-inplace-alias",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="state-order",
        why="keeps w as a 0-d array, updates it in place and appends the same object every step, so all "
            "entries equal the final weight: N = 10, batch_size = 3, epochs = 2, w0 = 0.0 gives 8 equal values",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = np.array(w0, dtype=float)
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            w -= lr * np.mean(2 * (w * x[b] - y[b]) * x[b])
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-prealloc-w0-dtype",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="dtype",
        why="preallocates the result with the dtype of w0, so an integer start truncates every stored weight: "
            "w0 = 0 (int), N = 10, batch_size = 3, lr = 0.01, epochs = 2 stores integers instead of the "
            "float weights",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    n_batches = -(-len(x) // batch_size)
    ws = np.zeros(epochs * n_batches, dtype=np.asarray(w0).dtype)
    w = w0
    t = 0
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            w = w - lr * np.mean(2 * (w * x[b] - y[b]) * x[b])
            ws[t] = w
            t += 1
    return ws
''',
    ),
    dict(
        id="minibatch_sgd-half-mse-gradient",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="formula",
        why="drops the factor 2 of the MSE gradient (the gradient of half the MSE): N = 10, batch_size = 3, "
            "lr = 0.01, epochs = 2, w0 = 0.0 gives steps half as long",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            g = np.mean((w * x[b] - y[b]) * x[b])
            w = w - lr * g
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-full-batch-gradient",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="other-quantity",
        why="loops over the batches but takes the full-data gradient mse_grad(w, x, y) at every step: "
            "N = 10, batch_size = 3, epochs = 2 gives deterministic weights that differ from the mini-batch "
            "ones from the first step (right only for batch_size >= N)",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            w = w - lr * mse_grad(w, x, y)
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-shuffles-inputs-in-place",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="state-order",
        why="reorders the caller's x and y in place with x[:] = x[order]: after the call x and y are permuted "
            "(N = 10, batch_size = 3, epochs = 2), and from the second epoch on the new order is applied to the "
            "already shuffled arrays, so the weights differ from step 5 (right weights only for epochs = 1)",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        x[:] = x[order]
        y[:] = y[order]
        for start in range(0, len(x), batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            w = w - lr * np.mean(2 * (w * xb - yb) * xb)
            ws.append(w)
    return np.array(ws)
''',
    ),
    dict(
        id="minibatch_sgd-stops-when-not-finite",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        kind="extreme",
        why="stops once the weight overflows, so a diverging run returns fewer entries than steps: "
            "N = 10, batch_size = 3, lr = 10.0, epochs = 200 must have 800 entries, ending in inf/nan",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            b = order[start:start + batch_size]
            w = w - lr * np.mean(2 * (w * x[b] - y[b]) * x[b])
            if not np.isfinite(w):
                return np.array(ws)
            ws.append(w)
    return np.array(ws)
''',
    ),
    # ------------------------------------------------------------------ Task 4: critical_lr
    dict(
        id="critical_lr-two-over-mean-square",
        task="Task 4",
        cell="lr-answer",
        function="critical_lr",
        kind="other-quantity",
        why="plugs L = mean(x**2) (without the factor 2) into 2 / L: twice the critical rate; on the line "
            "data x = [3, -2, 0, 5] gives 0.2105 instead of 0.1053",
        code='''
def critical_lr(x):
    return float(2 / np.mean(x ** 2))
''',
    ),
    dict(
        id="critical_lr-one-over-L",
        task="Task 4",
        cell="lr-answer",
        function="critical_lr",
        kind="other-quantity",
        why="returns 1 / L, the ideal one-step rate of the page, not the critical 2 / L: x = [3, -2, 0, 5] "
            "gives 0.0526 instead of 0.1053",
        code='''
def critical_lr(x):
    L = 2 * np.mean(x ** 2)
    return float(1 / L)
''',
    ),
    dict(
        id="critical_lr-sum-for-mean",
        task="Task 4",
        cell="lr-answer",
        function="critical_lr",
        kind="other-quantity",
        why="sum of squares instead of their mean: x = [3, -2, 0, 5] gives 1/38 = 0.0263 instead of 0.1053 "
            "(right only for N = 1)",
        code='''
def critical_lr(x):
    return float(1 / np.sum(x ** 2))
''',
    ),
    dict(
        id="critical_lr-variance",
        task="Task 4",
        cell="lr-answer",
        function="critical_lr",
        kind="other-quantity",
        why="uses the variance of x (mean removed) instead of the mean square: x = [3, -2, 0, 5] gives "
            "1 / 7.25 = 0.1379 instead of 0.1053 (right only when mean(x) = 0)",
        code='''
def critical_lr(x):
    return float(1 / np.var(x))
''',
    ),
    dict(
        id="critical_lr-square-of-mean",
        task="Task 4",
        cell="lr-answer",
        function="critical_lr",
        kind="formula",
        why="squares the mean instead of averaging the squares: x = [3, -2, 0, 5] gives 1 / 2.25 = 0.444 "
            "instead of 0.1053, and x = [-1, 1] gives inf instead of 1.0",
        code='''
def critical_lr(x):
    return float(1 / np.mean(x) ** 2)
''',
    ),
    dict(
        id="critical_lr-hard-coded",
        task="Task 4",
        cell="lr-answer",
        function="critical_lr",
        kind="ignored-arg",
        why="copies the page's number 2 / L = 2 / 19 for the line data and ignores x: x = [1.0, 2.0] must "
            "give 0.4",
        code='''
def critical_lr(x):
    return 2 / 19
''',
    ),
    dict(
        id="critical_lr-keepdims-array",
        task="Task 4",
        cell="lr-answer",
        function="critical_lr",
        kind="return-type",
        why="keepdims=True leaves an array of shape (1,) where a float is asked: x = [3, -2, 0, 5] gives "
            "array([0.10526]) instead of 0.10526",
        code='''
def critical_lr(x):
    return 1 / np.mean(np.square(x), keepdims=True)
''',
    ),
    dict(
        id="critical_lr-int-overflow",
        task="Task 4",
        cell="lr-answer",
        function="critical_lr",
        kind="dtype",
        why="squares in the integer dtype of x without promoting to float, which overflows: "
            "x = np.array([200, 300], dtype=np.int16) gives -0.00187 instead of 1.54e-05 (for float32 x it "
            "also returns np.float32, not a Python float)",
        code='''
def critical_lr(x):
    x = np.asarray(x)
    return 1 / np.mean(x * x)
''',
    ),
    dict(
        id="critical_lr-largest-square",
        task="Task 4",
        cell="lr-answer",
        function="critical_lr",
        kind="other-quantity",
        why="takes the largest x_i**2 ('the sharpest direction') instead of the mean: x = [3, -2, 0, 5] "
            "gives 0.04 instead of 0.1053",
        code='''
def critical_lr(x):
    return float(1 / np.max(np.abs(x)) ** 2)
''',
    ),
    dict(
        id="critical_lr-zero-inputs-raise",
        task="Task 4",
        cell="lr-answer",
        function="critical_lr",
        kind="boundary",
        ambiguous=True,
        why="Python float division raises ZeroDivisionError for x = np.zeros(3) (L = 0: every learning rate "
            "works, eta_crit = inf). Only wrong if inf is expected there: 'critical_lr(x) returning eta_crit "
            "(a float)' does not say what to return when all inputs are 0",
        code='''
def critical_lr(x):
    return 1.0 / float(np.mean(np.asarray(x, dtype=float) ** 2))
''',
    ),
    # ------------------------------------------------------------------ Task 4: diverged
    dict(
        id="diverged-nan-only",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="extreme",
        why="checks np.isnan only and misses infinity: losses = [3.0, inf, 1.0] must be True, gives False",
        code='''
def diverged(losses):
    losses = np.asarray(losses, dtype=float)
    return bool(np.any(np.isnan(losses)) or losses[-1] > losses[0])
''',
    ),
    dict(
        id="diverged-inf-only",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="extreme",
        why="checks np.isinf only and misses NaN: losses = [3.0, nan, 1.0] must be True, gives False",
        code='''
def diverged(losses):
    losses = np.asarray(losses, dtype=float)
    return bool(np.any(np.isinf(losses)) or losses[-1] > losses[0])
''',
    ),
    dict(
        id="diverged-only-last-finite",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="boundary",
        why="checks only the last loss for NaN/inf, not 'any loss': losses = [3.0, nan, 1.0] must be True, "
            "gives False",
        code='''
def diverged(losses):
    return bool(not np.isfinite(losses[-1]) or losses[-1] > losses[0])
''',
    ),
    dict(
        id="diverged-ge-tie",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="boundary",
        why=">= instead of 'larger than': a flat run losses = [1.0, 1.0] (or a single loss [2.0]) must be "
            "False, gives True",
        code='''
def diverged(losses):
    losses = np.asarray(losses, dtype=float)
    return bool(not np.all(np.isfinite(losses)) or losses[-1] >= losses[0])
''',
    ),
    dict(
        id="diverged-last-vs-previous",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="other-quantity",
        why="compares the last loss with the one before it instead of the first one: losses = [5.0, 1.0, 2.0] "
            "must be False, gives True (and a single loss raises IndexError)",
        code='''
def diverged(losses):
    losses = np.asarray(losses, dtype=float)
    return bool(not np.all(np.isfinite(losses)) or losses[-1] > losses[-2])
''',
    ),
    dict(
        id="diverged-any-increase",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="other-quantity",
        why="flags any increase between two consecutive losses (an oscillating but converging run): "
            "losses = [5.0, 1.0, 2.0, 0.5] must be False, gives True",
        code='''
def diverged(losses):
    losses = np.asarray(losses, dtype=float)
    return bool(not np.all(np.isfinite(losses)) or np.any(np.diff(losses) > 0))
''',
    ),
    dict(
        id="diverged-max-vs-first",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="other-quantity",
        why="compares the largest loss with the first instead of the last one: losses = [1.0, 5.0, 0.5] "
            "must be False, gives True",
        code='''
def diverged(losses):
    losses = np.asarray(losses, dtype=float)
    return bool(not np.all(np.isfinite(losses)) or losses.max() > losses[0])
''',
    ),
    dict(
        id="diverged-any-vs-all",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="formula",
        why="any/all confused: 'not any finite' is True only when every loss is non-finite: "
            "losses = [1.0, nan, 0.5] must be True, gives False",
        code='''
def diverged(losses):
    losses = np.asarray(losses, dtype=float)
    return bool(not np.isfinite(losses).any() or losses[-1] > losses[0])
''',
    ),
    dict(
        id="diverged-comparison-only",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="extreme",
        why="relies on the comparison alone, but every comparison with NaN is False: losses = [1.0, nan] "
            "must be True, gives False",
        code='''
def diverged(losses):
    return bool(losses[-1] > losses[0])
''',
    ),
    dict(
        id="diverged-sum-overflow",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="extreme",
        why="tests finiteness on the sum of the losses, which overflows for large finite losses: "
            "losses = [1e308, 1e308, 1.0] must be False, gives True",
        code='''
def diverged(losses):
    losses = np.asarray(losses, dtype=float)
    return bool(not np.isfinite(np.sum(losses)) or losses[-1] > losses[0])
''',
    ),
    dict(
        id="diverged-elementwise-array",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="return-type",
        why="uses | on arrays and returns one boolean per loss instead of True/False: "
            "losses = [1.0, 2.0, 0.5] gives array([False, False, False]), losses = [1.0, nan] an array whose "
            "truth value is ambiguous",
        code='''
def diverged(losses):
    losses = np.asarray(losses, dtype=float)
    return ~np.isfinite(losses) | (losses[-1] > losses[0])
''',
    ),
    dict(
        id="diverged-numpy-bool",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="return-type",
        ambiguous=True,
        why="returns np.bool_ instead of Python bool: for losses = np.array([1.0, 2.0]) the result is "
            "np.True_, and diverged(...) is True is False. Only wrong if a Python bool is required: "
            "'`True` when a run went wrong ...; `False` otherwise' does not say whether np.True_ counts",
        code='''
def diverged(losses):
    losses = np.asarray(losses, dtype=float)
    return np.any(~np.isfinite(losses)) | (losses[-1] > losses[0])
''',
    ),
    dict(
        id="diverged-isclose-tolerance",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="boundary",
        why="ignores increases within floating-point tolerance: losses = [1.0, 1.0 + 1e-9] (last larger "
            "than first) must be True, gives False",
        code='''
def diverged(losses):
    losses = np.asarray(losses, dtype=float)
    if not np.all(np.isfinite(losses)):
        return True
    return bool(losses[-1] > losses[0] and not np.isclose(losses[-1], losses[0]))
''',
    ),
    dict(
        id="diverged-ratio",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        kind="boundary",
        why="tests the ratio last / first, which is NaN for a run at loss 0 and misses a NaN in the middle: "
            "losses = [0.0, 0.0] must be False, gives True; losses = [2.0, nan, 1.0] must be True, gives False",
        code='''
def diverged(losses):
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.float64(losses[-1]) / np.float64(losses[0])
    return bool(not np.isfinite(ratio) or ratio > 1)
''',
    ),
]

RIGHT = [
    dict(
        id="gd_step-np-subtract",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        why="the ufuncs np.subtract / np.multiply instead of operators; always a new array (or a NumPy "
            "scalar for numbers), same dtype rules as w - lr * grad",
        code='''
def gd_step(w, grad, lr):
    return np.subtract(w, np.multiply(lr, grad))
''',
    ),
    dict(
        id="gd_step-negative-lr",
        task="Task 1",
        cell="step-answer",
        function="gd_step",
        why="adds -lr times the gradient; the addition builds a new array, the inputs are untouched",
        code='''
def gd_step(w, grad, lr):
    step = -lr * grad
    return w + step
''',
    ),
    dict(
        id="gradient_descent-stack-history-last",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        why="no loop variable: each step reads history[-1], gd_step returns a new object, np.stack instead "
            "of np.array (np.stack of 0-d arrays gives shape (steps + 1,))",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    history = [np.array(w0, copy=True)]
    for _ in range(steps):
        history.append(gd_step(history[-1], grad_fn(history[-1]), lr))
    return np.stack(history)
''',
    ),
    dict(
        id="gradient_descent-while-loop",
        task="Task 2",
        cell="loop-answer",
        function="gradient_descent",
        why="while loop with an explicit counter and a copy of w0; rebinding w instead of updating it in place",
        code='''
def gradient_descent(grad_fn, w0, lr, steps):
    w = np.copy(w0)
    history = [w]
    t = 0
    while t < steps:
        w = gd_step(w, grad_fn(w), lr)
        history.append(w)
        t += 1
    return np.asarray(history)
''',
    ),
    dict(
        id="minibatch_sgd-mse-grad-on-batch",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        why="reuses the given mse_grad on the batch (np.mean over the batch is the average over B) and "
            "gd_step-style update; batches by a while loop over start indices",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    w = w0
    ws = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        start = 0
        while start < len(x):
            b = order[start:start + batch_size]
            w = w - lr * mse_grad(w, x[b], y[b])
            ws.append(w)
            start += batch_size
    return np.array(ws, dtype=float)
''',
    ),
    dict(
        id="minibatch_sgd-array-split-at-indices",
        task="Task 3",
        cell="sgd-answer",
        function="minibatch_sgd",
        why="np.array_split at the indices B, 2B, ... (consecutive batches, smaller last one); the data are "
            "reordered once per epoch into new arrays xs, ys (the caller's x and y are untouched)",
        code='''
def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):
    n = len(x)
    w = float(w0)
    ws = []
    for _ in range(epochs):
        order = rng.permutation(n)
        xs, ys = np.asarray(x, dtype=float)[order], np.asarray(y, dtype=float)[order]
        for xb, yb in zip(np.array_split(xs, np.arange(batch_size, n, batch_size)),
                          np.array_split(ys, np.arange(batch_size, n, batch_size))):
            g = 2 * np.dot(w * xb - yb, xb) / len(xb)
            w = w - lr * g
            ws.append(w)
    return np.array(ws, dtype=float)
''',
    ),
    dict(
        id="critical_lr-dot-item",
        task="Task 4",
        cell="lr-answer",
        function="critical_lr",
        why="N / (x . x) with a float copy of x, returned via .item() instead of float()",
        code='''
def critical_lr(x):
    x = np.asarray(x, dtype=np.float64)
    return (x.size / np.dot(x, x)).item()
''',
    ),
    dict(
        id="critical_lr-two-over-L",
        task="Task 4",
        cell="lr-answer",
        function="critical_lr",
        why="computes the curvature L = 2/N sum x_i^2 first and returns 2 / L, a NumPy float64 (a subclass "
            "of float)",
        code='''
def critical_lr(x):
    L = 2 * np.mean(np.asarray(x, dtype=float) ** 2)
    return np.float64(2) / L
''',
    ),
    dict(
        id="diverged-python-loop",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        why="plain Python loop with math.isfinite, returns a Python bool",
        code='''
import math


def diverged(losses):
    for value in losses:
        if not math.isfinite(float(value)):
            return True
    return bool(float(losses[-1]) > float(losses[0]))
''',
    ),
    dict(
        id="diverged-isnan-or-isinf",
        task="Task 4",
        cell="lr-answer",
        function="diverged",
        why="np.isnan and np.isinf instead of np.isfinite, and the comparison written the other way round",
        code='''
def diverged(losses):
    losses = np.asarray(losses, dtype=float)
    bad = bool(np.isnan(losses).any()) or bool(np.isinf(losses).any())
    return bad or bool(losses[0] < losses[-1])
''',
    ),
]


# ----------------------------------------------------------------------------------------------
# Added for tests/test_exercises.py (the entries above are the reviewer's, unchanged).
# EXPECT: for each WRONG entry, a regular expression the feedback of a test cell calling its
# function must match: the message that names the mistake.
# ALLOWED: ambiguous entries that the task text, made precise, now allows; they keep full marks.

EXPECT = {
    "gd_step-inplace-minus-eq": r"gd_step changed its argument #1 in place",
    "gd_step-slice-is-a-view": r"gd_step changed its argument #1 in place",
    "gd_step-asarray-no-copy": r"gd_step changed its argument #1 in place",
    "gd_step-plus-sign": r"looks like a step along the gradient \(w \+ lr \* grad\)",
    "gd_step-lr-hard-coded": r"looks like lr is ignored: the page's 0\.05",
    "gd_step-same-object-at-zero-grad": r"gd_step\(w, grad=0, lr=0\.1\) returned the input array itself",
    "gd_step-zeros-like-int": r"looks like the result was stored in \(or cast back to\) the integer dtype of w",
    "gd_step-astype-w-dtype": r"looks like the result was stored in \(or cast back to\) the integer dtype of w",
    "gd_step-forces-float64": r"float32 weights and gradient has dtype float64, expected float32",
    "gd_step-float-cast": r"only (0-dimensional|length-1|size-1) arrays can be converted to Python scalars",
    "gd_step-nan-to-num": r"looks like inf and NaN were replaced by finite numbers",
    "gd_step-clipped-gradient": r"looks like the gradient was clipped",
    "gd_step-unit-direction": r"looks like the gradient was normalised to length 1",
    "gradient_descent-append-same-array": r"looks like every row is the same array, updated in place",
    "gradient_descent-mutates-w0": r"gradient_descent changed its argument #2 in place",
    "gradient_descent-no-w0-row": r"looks like the history misses row 0 \(w0\)",
    "gradient_descent-shifted-rows": r"looks like row t holds the weights after t \+ 1 steps",
    "gradient_descent-lagged-gradient": r"looks like the gradient was taken one step late",
    "gradient_descent-gradient-once": r"looks like the gradient was computed once at w0",
    "gradient_descent-global-mse-grad": r"looks like grad_fn is ignored",
    "gradient_descent-list-returned": r"should be a NumPy array; got a list",
    "gradient_descent-atleast-1d": r"looks like a number w0 was turned into a vector of one weight",
    "gradient_descent-stack-last-axis": r"has shape \(2, 26\), expected \(26, 2\): the axes are swapped",
    "gradient_descent-hstack": r"looks like the rows were concatenated into one flat vector",
    "gradient_descent-stops-when-not-finite": r"a diverging run .*every step is kept, inf and NaN rows included has shape",
    "gradient_descent-stops-at-zero-gradient": r"the gradient is 0 from step 1 on: every step is still made\) has shape \(2,\)",
    "gradient_descent-prealloc-w0-dtype": r"looks like the history was stored in the integer dtype of w0",
    "minibatch_sgd-drops-last-batch": r"looks like the smaller last batch was dropped",
    "minibatch_sgd-sum-not-mean": r"looks like the batch gradient was summed, not averaged",
    "minibatch_sgd-divides-by-batch-size": r"looks like the sum was divided by batch_size, also for the smaller last batch",
    "minibatch_sgd-divides-by-N": r"looks like the batch sum was divided by N",
    "minibatch_sgd-one-permutation": r"looks like one (order drawn once|permutation) for all epochs",
    "minibatch_sgd-separate-permutations": r"looks like two draws per epoch: x and y were shuffled with separate permutations",
    "minibatch_sgd-global-np-random": r"looks like rng was not used",
    "minibatch_sgd-own-seeded-rng": r"looks like rng was not used",
    "minibatch_sgd-order-not-used": r"looks like the batches follow the original order of x",
    "minibatch_sgd-array-split-count": r"looks like np\.array_split\(order, batch_size\) makes batch_size batches",
    "minibatch_sgd-array-split-evenly": r"looks like the examples were shared out evenly",
    "minibatch_sgd-stale-epoch-gradients": r"looks like every gradient of an epoch was taken at the weight of the start",
    "minibatch_sgd-includes-w0": r"looks like w0 is included",
    "minibatch_sgd-epoch-by-batch-array": r"looks like a 2-D array \(epochs, batches per epoch\)",
    "minibatch_sgd-concatenate-epochs": r"need at least one array to concatenate",
    "minibatch_sgd-inplace-alias": r"looks like every entry is the same array, updated in place",
    "minibatch_sgd-prealloc-w0-dtype": r"looks like the weights were stored in the integer dtype of w0",
    "minibatch_sgd-half-mse-gradient": r"looks like the factor 2 of the MSE gradient is missing",
    "minibatch_sgd-full-batch-gradient": r"looks like the gradient of all N examples at every step",
    "minibatch_sgd-shuffles-inputs-in-place": r"minibatch_sgd changed its argument #[12] in place",
    "minibatch_sgd-stops-when-not-finite": r"a diverging run .*every step is kept, inf and NaN included has shape",
    "critical_lr-two-over-mean-square": r"looks like 2 / mean\(x\*\*2\)",
    "critical_lr-one-over-L": r"looks like 1 / L = 1 / \(2 mean\(x\*\*2\)\)",
    "critical_lr-sum-for-mean": r"looks like the sum of the squares instead of their mean",
    "critical_lr-variance": r"looks like the variance of x",
    "critical_lr-square-of-mean": r"looks like the square of the mean instead of the mean of the squares",
    "critical_lr-hard-coded": r"looks like the page's number for the chapter's data, 2 / 19",
    "critical_lr-keepdims-array": r"got an array of shape \(1,\)\. an array of one entry is not a number",
    "critical_lr-int-overflow": r"looks like x\*\*2 was computed in the integer dtype of x, which overflows",
    "critical_lr-largest-square": r"looks like the largest x_i\*\*2 instead of their mean",
    "critical_lr-zero-inputs-raise": r"ZeroDivisionError|float division by zero",
    "diverged-nan-only": r"diverged\(\[2\.0, inf, 1\.0\]\) returned False, expected True\.\n  why: a loss is inf, which is not finite",
    "diverged-inf-only": r"diverged\(\[1\.0, nan, nan\]\) returned False, expected True\.\n  why: a loss is NaN",
    "diverged-only-last-finite": r"returned False, expected True\.\n  why: a loss (is inf|in the middle is NaN)",
    "diverged-ge-tie": r"returned True, expected False\.\n  why: the last loss equals the first: 'larger' is strict",
    "diverged-last-vs-previous": r"returned True, expected False\.\n  why: .*(a rise in the middle|not with the one before it)",
    "diverged-any-increase": r"returned True, expected False\.\n  why: .*a rise in the middle",
    "diverged-max-vs-first": r"returned True, expected False\.\n  why: .*\(or the largest loss\) does not count",
    "diverged-any-vs-all": r"returned False, expected True\.\n  why: (a loss is NaN|one NaN is enough)",
    "diverged-comparison-only": r"returned False, expected True\.\n  why: (a loss is NaN|.*every comparison with NaN is False)",
    "diverged-sum-overflow": r"why: large but finite losses: test each loss with np\.isfinite, not their sum",
    "diverged-elementwise-array": r"should be True or False; got an array of shape",
    "diverged-isclose-tolerance": r"returned False, expected True\.\n  why: the last loss is larger than the first, if only by 1e-9",
    "diverged-ratio": r"returned (False|True), expected (True|False)\.\n  why: (a loss is inf|a run at loss 0)",
}

ALLOWED = {
    "diverged-numpy-bool": "Task 4 now says np.True_ and np.False_ count as bools",
}
