"""Plausible wrong answers for chapter 4's graded exercise, written from the task text and the page only."""

WRONG = [
    # ------------------------------------------------------------------------------------------
    # Task 1: HuberLoss
    # ------------------------------------------------------------------------------------------
    dict(
        id="HuberLoss-smoothl1-divided-by-delta",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        kind="formula",
        why="writes PyTorch's SmoothL1Loss(beta=delta) (0.5 r^2 / delta inside, |r| - delta/2 outside, "
            "gradient clip(r/delta, -1, 1)), the trap the task names: at delta = 2, r = 3 the loss must "
            "be 4.0, not 2.0, and the gradient 2, not 1 (identical only for delta = 1)",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a = np.abs(r)
        d = self.delta
        l = np.where(a < d, 0.5 * r ** 2 / d, a - 0.5 * d)
        self.r, self.n = r, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = np.clip(self.r / self.delta, -1, 1)
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="HuberLoss-delta-hardcoded-1",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        kind="ignored-arg",
        why="stores delta but the formulas use the default 1.0 (copied from the page's delta = 1 example): "
            "with delta = 2 and r = 1.5 the loss must be 1.125 (quadratic), not 1.0, and the gradient 1.5, not 1",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a = np.abs(r)
        l = np.where(a <= 1.0, 0.5 * r * r, a - 0.5)
        self.r, self.n = r, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = np.clip(self.r, -1.0, 1.0)
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="HuberLoss-delta-zero-accepted",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        kind="boundary",
        why="checks `if delta < 0` instead of `unless delta > 0`: HuberLoss(delta=0) must raise ValueError "
            "naming delta, but is created (and then gives the loss 0 * |r| = 0 everywhere)",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if delta < 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a = np.abs(r)
        d = self.delta
        l = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r, self.n = r, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = np.clip(self.r, -self.delta, self.delta)
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="HuberLoss-mean-grad-not-divided",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        kind="formula",
        why="backward returns clip(r, -delta, delta) for every reduction, forgetting the 1/input.size of "
            "'mean' that the task spells out: for the default reduction on 12 elements the gradient is "
            "12 times too large (right only for 'sum' and 'none', or a single element)",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a = np.abs(r)
        d = self.delta
        l = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r = r
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        return np.clip(self.r, -self.delta, self.delta)
''',
    ),
    dict(
        id="HuberLoss-mean-grad-over-len",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        kind="axes",
        why="divides the 'mean' gradient by len(input), the number of rows, instead of input.size: right for "
            "1-D input, but for input of shape (3, 4) the gradient is 4 times too large",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a = np.abs(r)
        d = self.delta
        l = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r, self.n = r, len(input)
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = np.clip(self.r, -self.delta, self.delta)
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="HuberLoss-returns-python-float",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        kind="return-type",
        why="returns float(np.mean(l)) for 'mean' and 'sum': the value is right but the conventions ask for "
            "the NumPy scalar of the input's dtype, 'not a Python float' (and float32 input gives a 64-bit "
            "Python float); e.g. HuberLoss()(np.array([100.0]), np.array([1.0])) must be np.float64(98.5)",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a = np.abs(r)
        d = self.delta
        l = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r, self.n = r, input.size
        if self.reduction == "none":
            return l
        return float(np.mean(l)) if self.reduction == "mean" else float(np.sum(l))

    def backward(self):
        g = np.clip(self.r, -self.delta, self.delta)
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="HuberLoss-float64-cast",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        kind="dtype",
        why="converts with np.asarray(input, dtype=float) 'to be safe': float32 input then gives a float64 "
            "loss and a float64 gradient, but 'float32 input gives float32 results: the loss, and its gradient'",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        input = np.asarray(input, dtype=float)
        target = np.asarray(target, dtype=float)
        r = input - target
        a = np.abs(r)
        d = self.delta
        l = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r, self.n = r, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = np.clip(self.r, -self.delta, self.delta)
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="HuberLoss-residual-in-place",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        kind="state-order",
        why="computes the residual in place with `r = input; r -= target`: loss and gradient are right, but "
            "the caller's input now holds input - target (for any target != 0), and 'a loss never modifies them'",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input
        r -= target
        a = np.abs(r)
        d = self.delta
        l = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r, self.n = r, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = np.clip(self.r, -self.delta, self.delta)
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="HuberLoss-grad-sign-outside",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        kind="formula",
        why="backward writes the outer branch as sign(r) (the MAE slope of the page) instead of "
            "delta * sign(r): at delta = 2 and r = 3 the gradient must be 2, not 1 (right only for delta = 1)",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a = np.abs(r)
        d = self.delta
        l = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r, self.n = r, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = np.where(np.abs(self.r) <= self.delta, self.r, np.sign(self.r))
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="HuberLoss-linear-branch-missing-delta",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        kind="formula",
        why="expands delta(|r| - delta/2) wrongly as delta*|r| - delta/2: identical for delta = 1 (all the "
            "page's numbers), but at delta = 2, r = 3 the loss must be 4.0, not 5.0 (and the branches no "
            "longer meet at |r| = delta)",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a = np.abs(r)
        d = self.delta
        l = np.where(a <= d, 0.5 * r * r, d * a - 0.5 * d)
        self.r, self.n = r, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = np.clip(self.r, -self.delta, self.delta)
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="HuberLoss-reduction-checked-in-call",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        kind="state-order",
        why="validates reduction only when the loss is called, so HuberLoss(reduction='avg') is created "
            "without error; the task says 'A loss class checks its settings when it is created (in __init__)'",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        if self.reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {self.reduction!r}")
        r = input - target
        a = np.abs(r)
        d = self.delta
        l = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r, self.n = r, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = np.clip(self.r, -self.delta, self.delta)
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="HuberLoss-sum-grad-divided",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        kind="formula",
        why="divides the gradient by input.size for every reduction but 'none' (`if self.reduction != 'none'`): "
            "with reduction='sum' on 12 elements the gradient must be clip(r, -delta, delta), not 1/12 of it",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a = np.abs(r)
        d = self.delta
        l = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r, self.n = r, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = np.clip(self.r, -self.delta, self.delta)
        if self.reduction != "none":
            g = g / self.n
        return g
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 2: msle_loss
    # ------------------------------------------------------------------------------------------
    dict(
        id="msle_loss-log-of-one-plus",
        task="Task 2",
        cell="msle-answer",
        function="msle_loss",
        kind="extreme",
        why="np.log(1 + input) instead of np.log1p: 1 + 1e-12 loses digits, so for input [1e-12] and target [0.] "
            "the loss is 1.00018e-24 instead of 1e-24 (relative error 1.8e-4), and input [1e-17] gives exactly "
            "0 instead of 1e-34; the task says 'Use np.log1p(v) ... computed accurately also for small v' "
            "(only a relative-tolerance comparison on tiny values sees it)",
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if np.any(input <= -1):
        raise ValueError(f"input must be > -1 everywhere; got {input.min()}")
    if np.any(target <= -1):
        raise ValueError(f"target must be > -1 everywhere; got {target.min()}")
    l = (np.log(1 + input) - np.log(1 + target)) ** 2
    if reduction == "none":
        return l
    return np.mean(l) if reduction == "mean" else np.sum(l)
''',
    ),
    dict(
        id="msle_loss-minus-one-allowed",
        task="Task 2",
        cell="msle-answer",
        function="msle_loss",
        kind="boundary",
        why="checks `input < -1` instead of `<= -1`: input [-1.0, 1.0] must raise ValueError naming input, "
            "but returns inf (log1p(-1) = -inf)",
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if np.any(input < -1):
        raise ValueError(f"input must be > -1 everywhere; got {input.min()}")
    if np.any(target < -1):
        raise ValueError(f"target must be > -1 everywhere; got {target.min()}")
    l = (np.log1p(input) - np.log1p(target)) ** 2
    if reduction == "none":
        return l
    return np.mean(l) if reduction == "mean" else np.sum(l)
''',
    ),
    dict(
        id="msle_loss-target-not-checked",
        task="Task 2",
        cell="msle-answer",
        function="msle_loss",
        kind="ignored-arg",
        why="validates only the predictions: target [-2.0, 0.0] must raise ValueError naming target, but "
            "log1p(-2) is NaN and the loss comes out nan",
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if np.any(input <= -1):
        raise ValueError(f"input must be > -1 everywhere; got {input.min()}")
    l = (np.log1p(input) - np.log1p(target)) ** 2
    if reduction == "none":
        return l
    return np.mean(l) if reduction == "mean" else np.sum(l)
''',
    ),
    dict(
        id="msle_loss-one-message-for-both",
        task="Task 2",
        cell="msle-answer",
        function="msle_loss",
        kind="other",
        why="one combined check with one message naming only input: for target [-1.0, 0.0] the ValueError "
            "says 'input must be > -1', but the task wants it 'naming target if any entry of target is'",
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if np.any(input <= -1) or np.any(target <= -1):
        raise ValueError("input must be > -1 everywhere")
    l = (np.log1p(input) - np.log1p(target)) ** 2
    if reduction == "none":
        return l
    return np.mean(l) if reduction == "mean" else np.sum(l)
''',
    ),
    dict(
        id="msle_loss-rmsle",
        task="Task 2",
        cell="msle-answer",
        function="msle_loss",
        kind="other-quantity",
        why="returns the root of the mean (RMSLE, the Kaggle metric) for 'mean': for input [100.] and "
            "target [1.] the loss must be log(101/2)^2 = 15.38, not 3.92",
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if np.any(input <= -1):
        raise ValueError(f"input must be > -1 everywhere; got {input.min()}")
    if np.any(target <= -1):
        raise ValueError(f"target must be > -1 everywhere; got {target.min()}")
    l = (np.log1p(input) - np.log1p(target)) ** 2
    if reduction == "none":
        return l
    return np.sqrt(np.mean(l)) if reduction == "mean" else np.sum(l)
''',
    ),
    dict(
        id="msle_loss-mean-over-len",
        task="Task 2",
        cell="msle-answer",
        function="msle_loss",
        kind="axes",
        why="'mean' as np.sum(l) / len(input): right for 1-D input, but for shape (3, 4) it divides by 3 "
            "instead of input.size = 12",
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if np.any(input <= -1):
        raise ValueError(f"input must be > -1 everywhere; got {input.min()}")
    if np.any(target <= -1):
        raise ValueError(f"target must be > -1 everywhere; got {target.min()}")
    l = (np.log1p(input) - np.log1p(target)) ** 2
    if reduction == "none":
        return l
    return np.sum(l) / len(input) if reduction == "mean" else np.sum(l)
''',
    ),
    dict(
        id="msle_loss-python-float",
        task="Task 2",
        cell="msle-answer",
        function="msle_loss",
        kind="return-type",
        why="returns l.mean().item() / l.sum().item(), a Python float: the conventions ask for the NumPy "
            "scalar of the input's dtype, explicitly 'not a Python float' (float32 input then also loses "
            "its dtype); any input shows it, e.g. [100.] against [1.]",
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if np.any(input <= -1):
        raise ValueError(f"input must be > -1 everywhere; got {input.min()}")
    if np.any(target <= -1):
        raise ValueError(f"target must be > -1 everywhere; got {target.min()}")
    l = (np.log1p(input) - np.log1p(target)) ** 2
    if reduction == "none":
        return l
    return l.mean().item() if reduction == "mean" else l.sum().item()
''',
    ),
    dict(
        id="msle_loss-float64-cast",
        task="Task 2",
        cell="msle-answer",
        function="msle_loss",
        kind="dtype",
        why="np.asarray(input, dtype=np.float64) before the logs: float32 input gives a float64 loss "
            "(all reductions), against 'float32 input gives float32 results'",
        code='''
def msle_loss(input, target, reduction="mean"):
    input = np.asarray(input, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if np.any(input <= -1):
        raise ValueError(f"input must be > -1 everywhere; got {input.min()}")
    if np.any(target <= -1):
        raise ValueError(f"target must be > -1 everywhere; got {target.min()}")
    l = (np.log1p(input) - np.log1p(target)) ** 2
    if reduction == "none":
        return l
    return np.mean(l) if reduction == "mean" else np.sum(l)
''',
    ),
    dict(
        id="msle_loss-log1p-out-input",
        task="Task 2",
        cell="msle-answer",
        function="msle_loss",
        kind="state-order",
        why="saves memory with np.log1p(input, out=input) (and the same for target): the value is right, but "
            "the caller's arrays are overwritten with their logarithms (any nonzero entry shows it); "
            "'A loss never modifies them'",
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if np.any(input <= -1):
        raise ValueError(f"input must be > -1 everywhere; got {input.min()}")
    if np.any(target <= -1):
        raise ValueError(f"target must be > -1 everywhere; got {target.min()}")
    a = np.log1p(input, out=input)
    b = np.log1p(target, out=target)
    l = (a - b) ** 2
    if reduction == "none":
        return l
    return np.mean(l) if reduction == "mean" else np.sum(l)
''',
    ),
    dict(
        id="msle_loss-unknown-reduction-sums",
        task="Task 2",
        cell="msle-answer",
        function="msle_loss",
        kind="ignored-arg",
        why="no check of reduction: an if/elif/else whose else branch sums, so reduction='avg' returns a "
            "number instead of raising ValueError naming reduction",
        code='''
def msle_loss(input, target, reduction="mean"):
    if np.any(input <= -1):
        raise ValueError(f"input must be > -1 everywhere; got {input.min()}")
    if np.any(target <= -1):
        raise ValueError(f"target must be > -1 everywhere; got {target.min()}")
    l = (np.log1p(input) - np.log1p(target)) ** 2
    if reduction == "none":
        return l
    elif reduction == "mean":
        return np.mean(l)
    else:
        return np.sum(l)
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 3: BCEWithLogitsLoss
    # ------------------------------------------------------------------------------------------
    dict(
        id="BCEWithLogitsLoss-naive-sigmoid-log",
        task="Task 3",
        cell="bce-answer",
        function="BCEWithLogitsLoss",
        kind="extreme",
        why="the textbook formula -[w y log(p) + (1 - y) log(1 - p)] with p = 1/(1 + exp(-z)): at z = -1000, "
            "y = 1 the loss is inf (must be 1000) and at z = 100, 1000 it is nan (0 * -inf); the task asks "
            "for finite results at z = +-1000",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction, self.pos_weight = reduction, pos_weight

    def __call__(self, input, target):
        w = 1 if self.pos_weight is None else self.pos_weight
        p = 1 / (1 + np.exp(-input))
        l = -(w * target * np.log(p) + (1 - target) * np.log(1 - p))
        self.p, self.y, self.w, self.n = p, target, w, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = (1 - self.y) * self.p - self.w * self.y * (1 - self.p)
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="BCEWithLogitsLoss-clip-probability",
        task="Task 3",
        cell="bce-answer",
        function="BCEWithLogitsLoss",
        kind="extreme",
        why="the Keras habit: clip p to [1e-7, 1 - 1e-7] before the logs. Finite everywhere, but at z = -1000, "
            "y = 1 the loss is 16.1 instead of 1000 and at z = -30 it is 16.1 instead of 30; 'finite and "
            "accurate for every logit'",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction, self.pos_weight = reduction, pos_weight

    def __call__(self, input, target):
        w = 1 if self.pos_weight is None else self.pos_weight
        p = 1 / (1 + np.exp(-np.clip(input, -500, 500)))
        p = np.clip(p, 1e-7, 1 - 1e-7)
        l = -(w * target * np.log(p) + (1 - target) * np.log(1 - p))
        self.z, self.y, self.w, self.n = input, target, w, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        z, y, w = self.z, self.y, self.w
        sig = np.exp(-np.logaddexp(0, -z))
        g = (1 - y) * sig - w * y * (1 - sig)
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="BCEWithLogitsLoss-softplus-log1p-exp",
        task="Task 3",
        cell="bce-answer",
        function="BCEWithLogitsLoss",
        kind="extreme",
        why="uses softplus but writes it as np.log1p(np.exp(u)), the first form of the task's formula: "
            "exp(1000) overflows, so z = -1000 with y = 1 (u = 1000) gives inf instead of 1000, and "
            "z = 1000 with y = 0 gives inf too",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction, self.pos_weight = reduction, pos_weight

    def __call__(self, input, target):
        w = 1 if self.pos_weight is None else self.pos_weight
        softplus = lambda u: np.log1p(np.exp(u))
        l = w * target * softplus(-input) + (1 - target) * softplus(input)
        self.z, self.y, self.w, self.n = input, target, w, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        z, y, w = self.z, self.y, self.w
        sig = np.exp(-np.logaddexp(0, -z))
        sig_neg = np.exp(-np.logaddexp(0, z))
        g = (1 - y) * sig - w * y * sig_neg
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="BCEWithLogitsLoss-pos-weight-on-negatives",
        task="Task 3",
        cell="bce-answer",
        function="BCEWithLogitsLoss",
        kind="formula",
        why="puts pos_weight on the (1 - y) term (the weight 'of the positive class' read as 'for predicting "
            "positive'): with pos_weight = 2.5, z = 1, y = 1 the loss must be 2.5 * softplus(-1) = 0.78, "
            "not 0.31 (right only when pos_weight is None or 1)",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction, self.pos_weight = reduction, pos_weight

    def __call__(self, input, target):
        w = 1 if self.pos_weight is None else self.pos_weight
        l = target * np.logaddexp(0, -input) + w * (1 - target) * np.logaddexp(0, input)
        self.z, self.y, self.w, self.n = input, target, w, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        z, y, w = self.z, self.y, self.w
        sig = np.exp(-np.logaddexp(0, -z))
        sig_neg = np.exp(-np.logaddexp(0, z))
        g = w * (1 - y) * sig - y * sig_neg
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="BCEWithLogitsLoss-grad-ignores-pos-weight",
        task="Task 3",
        cell="bce-answer",
        function="BCEWithLogitsLoss",
        kind="ignored-arg",
        why="the loss uses pos_weight but backward returns the familiar sigma(z) - y: with pos_weight = 2.5, "
            "z = 0, y = 1 the gradient must be -2.5 * 0.5 = -1.25, not -0.5",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction, self.pos_weight = reduction, pos_weight

    def __call__(self, input, target):
        w = 1 if self.pos_weight is None else self.pos_weight
        l = w * target * np.logaddexp(0, -input) + (1 - target) * np.logaddexp(0, input)
        self.z, self.y, self.n = input, target, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = np.exp(-np.logaddexp(0, -self.z)) - self.y
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="BCEWithLogitsLoss-grad-weighted-residual",
        task="Task 3",
        cell="bce-answer",
        function="BCEWithLogitsLoss",
        kind="formula",
        why="backward as (sigma(z) - y) * (1 + (w - 1) y), 'the positive examples' gradient scaled by w': equal "
            "to the task's (1 - y) sigma(z) - w y sigma(-z) for labels 0 and 1, but not for soft labels: "
            "pos_weight = 2.5, z = 0, y = 0.3 must give 0.35 - 0.375 = -0.025, not 0.29",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction, self.pos_weight = reduction, pos_weight

    def __call__(self, input, target):
        w = 1 if self.pos_weight is None else self.pos_weight
        l = w * target * np.logaddexp(0, -input) + (1 - target) * np.logaddexp(0, input)
        self.z, self.y, self.w, self.n = input, target, w, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        sig = np.exp(-np.logaddexp(0, -self.z))
        g = (sig - self.y) * (1 + (self.w - 1) * self.y)
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="BCEWithLogitsLoss-pos-weight-as-array",
        task="Task 3",
        cell="bce-answer",
        function="BCEWithLogitsLoss",
        kind="dtype",
        why="normalises pos_weight in __init__ with np.asarray(1.0 if None else pos_weight): a float64 0-d "
            "array is not a 'weak' Python scalar, so float32 input gives a float64 loss and gradient; the "
            "task: 'With pos_weight None or a Python number, float32 input gives float32 results'",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction
        self.pos_weight = np.asarray(1.0 if pos_weight is None else pos_weight, dtype=float)

    def __call__(self, input, target):
        w = self.pos_weight
        l = w * target * np.logaddexp(0, -input) + (1 - target) * np.logaddexp(0, input)
        self.z, self.y, self.n = input, target, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        z, y, w = self.z, self.y, self.pos_weight
        sig = np.exp(-np.logaddexp(0, -z))
        sig_neg = np.exp(-np.logaddexp(0, z))
        g = (1 - y) * sig - w * y * sig_neg
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="BCEWithLogitsLoss-mean-over-rows",
        task="Task 3",
        cell="bce-answer",
        function="BCEWithLogitsLoss",
        kind="axes",
        why="'mean' as sum / input.shape[0], the batch size, in loss and backward: right for 1-D logits, but for "
            "(N, C) = (3, 4) multi-label input both are 4 times too large; the task says dividing by input.size",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction, self.pos_weight = reduction, pos_weight

    def __call__(self, input, target):
        w = 1 if self.pos_weight is None else self.pos_weight
        l = w * target * np.logaddexp(0, -input) + (1 - target) * np.logaddexp(0, input)
        self.z, self.y, self.w, self.n = input, target, w, input.shape[0]
        if self.reduction == "none":
            return l
        return np.sum(l) / self.n if self.reduction == "mean" else np.sum(l)

    def backward(self):
        z, y, w = self.z, self.y, self.w
        sig = np.exp(-np.logaddexp(0, -z))
        sig_neg = np.exp(-np.logaddexp(0, z))
        g = (1 - y) * sig - w * y * sig_neg
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="BCEWithLogitsLoss-mean-grad-not-divided",
        task="Task 3",
        cell="bce-answer",
        function="BCEWithLogitsLoss",
        kind="formula",
        why="backward returns the per-element derivative for every reduction, forgetting '(also in the "
            "backward)': with the default 'mean' on 12 logits the gradient is 12 times too large",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction, self.pos_weight = reduction, pos_weight

    def __call__(self, input, target):
        w = 1 if self.pos_weight is None else self.pos_weight
        l = w * target * np.logaddexp(0, -input) + (1 - target) * np.logaddexp(0, input)
        self.z, self.y, self.w = input, target, w
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        z, y, w = self.z, self.y, self.w
        sig = np.exp(-np.logaddexp(0, -z))
        sig_neg = np.exp(-np.logaddexp(0, z))
        return (1 - y) * sig - w * y * sig_neg
''',
    ),
    dict(
        id="BCEWithLogitsLoss-no-reduction-check",
        task="Task 3",
        cell="bce-answer",
        function="BCEWithLogitsLoss",
        kind="ignored-arg",
        why="never validates reduction (anything but 'none' and 'mean' sums): BCEWithLogitsLoss(reduction='avg') "
            "must raise ValueError naming reduction in __init__",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        self.reduction, self.pos_weight = reduction, pos_weight

    def __call__(self, input, target):
        w = 1 if self.pos_weight is None else self.pos_weight
        l = w * target * np.logaddexp(0, -input) + (1 - target) * np.logaddexp(0, input)
        self.z, self.y, self.w, self.n = input, target, w, input.size
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        z, y, w = self.z, self.y, self.w
        sig = np.exp(-np.logaddexp(0, -z))
        sig_neg = np.exp(-np.logaddexp(0, z))
        g = (1 - y) * sig - w * y * sig_neg
        return g / self.n if self.reduction == "mean" else g
''',
    ),
    dict(
        id="BCEWithLogitsLoss-pytorch-formula",
        task="Task 3",
        cell="bce-answer",
        function="BCEWithLogitsLoss",
        kind="extreme",
        ambiguous=True,
        why="PyTorch's own rearrangement (1 - y) z + (1 + (w - 1) y) softplus(-z): finite everywhere, but for "
            "y = 0 and z = -30 it computes -30 + 30.0000000000000936 and keeps at most two digits of the true "
            "9.36e-14 (the page points this out); ambiguous: 'the loss must be finite and accurate for every "
            "logit' does not say whether accuracy is relative or absolute (the absolute error is 1e-15)",
        code='''
def _softplus(u):
    return np.maximum(u, 0) + np.log1p(np.exp(-np.abs(u)))


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction, self.pos_weight = reduction, pos_weight

    def __call__(self, input, target):
        w = 1 if self.pos_weight is None else self.pos_weight
        l = (1 - target) * input + (1 + (w - 1) * target) * _softplus(-input)
        self._saved = (input, target, w)
        if self.reduction == "none":
            return l
        return l.mean() if self.reduction == "mean" else l.sum()

    def backward(self):
        z, y, w = self._saved
        g = (1 - y) * _sigmoid(z) - w * y * _sigmoid(-z)
        if self.reduction == "mean":
            g = g / z.size
        return g
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 4 (a): log_softmax
    # ------------------------------------------------------------------------------------------
    dict(
        id="log_softmax-no-max-shift",
        task="Task 4",
        cell="ce-answer",
        function="log_softmax",
        kind="extreme",
        why="the first form x - log(sum(exp(x))) without subtracting the max: log_softmax([1000, 0]) gives "
            "[-inf, -inf] (exp(1000) = inf) instead of [0, -1000]",
        code='''
def log_softmax(input, dim=-1):
    return input - np.log(np.sum(np.exp(input), axis=dim, keepdims=True))
''',
    ),
    dict(
        id="log_softmax-log-of-stable-softmax",
        task="Task 4",
        cell="ce-answer",
        function="log_softmax",
        kind="extreme",
        why="computes a stable softmax (max subtracted) and then takes its log: exp(-1000) has already "
            "rounded to 0, so log_softmax([1000, 0]) is [0, -inf] instead of [0, -1000], not 'finite "
            "wherever input is finite'",
        code='''
def log_softmax(input, dim=-1):
    e = np.exp(input - np.max(input, axis=dim, keepdims=True))
    return np.log(e / np.sum(e, axis=dim, keepdims=True))
''',
    ),
    dict(
        id="log_softmax-global-max",
        task="Task 4",
        cell="ce-answer",
        function="log_softmax",
        kind="axes",
        why="subtracts the max of the whole array instead of each row's: for [[1000, 0], [0, -1000]] the "
            "second row's exponents are all below -1000, the sum is 0 and the row comes out [-inf, -inf] "
            "instead of [0, -1000]",
        code='''
def log_softmax(input, dim=-1):
    s = input - np.max(input)
    return s - np.log(np.sum(np.exp(s), axis=dim, keepdims=True))
''',
    ),
    dict(
        id="log_softmax-no-keepdims",
        task="Task 4",
        cell="ce-answer",
        function="log_softmax",
        kind="axes",
        why="reduces without keepdims: fine for 1-D input, but for a (3, 3) array x - max(axis=-1) broadcasts "
            "the row maxima along the wrong axis and silently gives wrong numbers (and a (2, 3, 4) array "
            "raises a broadcasting error)",
        code='''
def log_softmax(input, dim=-1):
    s = input - np.max(input, axis=dim)
    return s - np.log(np.sum(np.exp(s), axis=dim))
''',
    ),
    dict(
        id="log_softmax-dim-ignored",
        task="Task 4",
        cell="ce-answer",
        function="log_softmax",
        kind="ignored-arg",
        why="accepts dim but always normalises the last axis (axis=-1 hard-coded): for a (2, 3, 4) array "
            "with dim=0 or dim=1 the slices along that axis do not sum to 1 after exp",
        code='''
def log_softmax(input, dim=-1):
    s = input - np.max(input, axis=-1, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))
''',
    ),
    dict(
        id="log_softmax-float64-cast",
        task="Task 4",
        cell="ce-answer",
        function="log_softmax",
        kind="dtype",
        why="starts with x = np.asarray(input, dtype=float): float32 logits return float64, but the function "
            "must return 'an array of the shape and dtype of input'",
        code='''
def log_softmax(input, dim=-1):
    x = np.asarray(input, dtype=float)
    s = x - np.max(x, axis=dim, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=dim, keepdims=True))
''',
    ),
    dict(
        id="log_softmax-shift-in-place",
        task="Task 4",
        cell="ce-answer",
        function="log_softmax",
        kind="state-order",
        why="shifts with `input -= input.max(axis=dim, keepdims=True)`: the result is right, but the caller's "
            "logits are modified (any array whose row maxima are not 0); the conventions say inputs are "
            "never modified",
        code='''
def log_softmax(input, dim=-1):
    input -= np.max(input, axis=dim, keepdims=True)
    return input - np.log(np.sum(np.exp(input), axis=dim, keepdims=True))
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 4 (b): CrossEntropyLoss
    # ------------------------------------------------------------------------------------------
    dict(
        id="CrossEntropyLoss-soft-mean-over-NC",
        task="Task 4",
        cell="ce-answer",
        function="CrossEntropyLoss",
        kind="other-quantity",
        why="soft targets with reduction 'mean' computed as -np.mean(q * log_softmax(x)), the mean over all "
            "N*C entries: with C = 4 classes the loss and the gradient are 4 times too small; the task: "
            "'divides their sum by N (not by N C ...) for both kinds of target'",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        N, C = input.shape
        lsm = log_softmax(input, dim=1)
        self.p = np.exp(lsm)
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target >= C):
                raise ValueError(f"target labels must be in 0..{C - 1}")
            self.q = np.zeros_like(input)
            self.q[np.arange(N), target] = 1
            l = -lsm[np.arange(N), target]
            self.div = N
            if self.reduction == "none":
                return l
            return np.mean(l) if self.reduction == "mean" else np.sum(l)
        self.q = target
        self.div = N * C
        if self.reduction == "none":
            return -np.sum(target * lsm, axis=1)
        if self.reduction == "mean":
            return -np.mean(target * lsm)
        return -np.sum(target * lsm)

    def backward(self):
        g = self.p - self.q
        return g / self.div if self.reduction == "mean" else g
''',
    ),
    dict(
        id="CrossEntropyLoss-negative-label-accepted",
        task="Task 4",
        cell="ce-answer",
        function="CrossEntropyLoss",
        kind="boundary",
        why="checks only `target >= C`: a label -1 passes and NumPy's negative indexing silently picks the "
            "last class, but the task wants ValueError naming target 'when a label is outside 0, ..., C-1 "
            "(negative labels included)'; labels [0, -1, 1, 2, 3] show it",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        N, C = input.shape
        lsm = log_softmax(input, dim=1)
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target >= C):
                raise ValueError(f"target labels must be in 0..{C - 1}")
            q = np.zeros_like(input)
            q[np.arange(N), target] = 1
        else:
            q = target
        l = -np.sum(q * lsm, axis=1)
        self.p, self.q, self.N = np.exp(lsm), q, N
        if self.reduction == "none":
            return l
        return np.sum(l) / N if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = self.p - self.q
        return g / self.N if self.reduction == "mean" else g
''',
    ),
    dict(
        id="CrossEntropyLoss-label-C-off-by-one",
        task="Task 4",
        cell="ce-answer",
        function="CrossEntropyLoss",
        kind="off-by-one",
        why="checks `target > C` instead of `>= C`: label C = 4 with 4 classes is accepted and then fails with "
            "an IndexError in the fancy indexing instead of a ValueError naming target",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        N, C = input.shape
        lsm = log_softmax(input, dim=1)
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target > C):
                raise ValueError(f"target labels must be in 0..{C - 1}")
            q = np.zeros_like(input)
            q[np.arange(N), target] = 1
        else:
            q = target
        l = -np.sum(q * lsm, axis=1)
        self.p, self.q, self.N = np.exp(lsm), q, N
        if self.reduction == "none":
            return l
        return np.sum(l) / N if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = self.p - self.q
        return g / self.N if self.reduction == "mean" else g
''',
    ),
    dict(
        id="CrossEntropyLoss-mean-grad-not-divided",
        task="Task 4",
        cell="ce-answer",
        function="CrossEntropyLoss",
        kind="formula",
        why="backward returns softmax(x) - q, the page's per-example formula, also for 'mean': with the "
            "default reduction and N = 5 examples the gradient is 5 times too large",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        N, C = input.shape
        lsm = log_softmax(input, dim=1)
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target >= C):
                raise ValueError(f"target labels must be in 0..{C - 1}")
            q = np.zeros_like(input)
            q[np.arange(N), target] = 1
        else:
            q = target
        l = -np.sum(q * lsm, axis=1)
        self.p, self.q = np.exp(lsm), q
        if self.reduction == "none":
            return l
        return np.mean(l) if self.reduction == "mean" else np.sum(l)

    def backward(self):
        return self.p - self.q
''',
    ),
    dict(
        id="CrossEntropyLoss-int64-only",
        task="Task 4",
        cell="ce-answer",
        function="CrossEntropyLoss",
        kind="dtype",
        why="tells the targets apart with `target.dtype == np.int64` instead of np.issubdtype(..., np.integer): "
            "int32 labels of shape (N,) take the soft-target path (a broadcasting error for N != C, silently "
            "wrong numbers for N == C); 'an integer array' includes int32",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        N, C = input.shape
        lsm = log_softmax(input, dim=1)
        if target.dtype == np.int64:
            if np.any(target < 0) or np.any(target >= C):
                raise ValueError(f"target labels must be in 0..{C - 1}")
            q = np.zeros_like(input)
            q[np.arange(N), target] = 1
        else:
            q = target
        l = -np.sum(q * lsm, axis=1)
        self.p, self.q, self.N = np.exp(lsm), q, N
        if self.reduction == "none":
            return l
        return np.sum(l) / N if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = self.p - self.q
        return g / self.N if self.reduction == "mean" else g
''',
    ),
    dict(
        id="CrossEntropyLoss-eye-onehot-float64-grad",
        task="Task 4",
        cell="ce-answer",
        function="CrossEntropyLoss",
        kind="dtype",
        why="builds the one-hot rows with np.eye(C)[target], which is float64: for float32 logits and integer "
            "labels the loss is float32 (picked by indexing) but backward's p - q is float64; the gradient "
            "must have 'the shape and dtype of input'",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        N, C = input.shape
        lsm = log_softmax(input, dim=1)
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target >= C):
                raise ValueError(f"target labels must be in 0..{C - 1}")
            q = np.eye(C)[target]
            l = -lsm[np.arange(N), target]
        else:
            q = target
            l = -np.sum(q * lsm, axis=1)
        self.p, self.q, self.N = np.exp(lsm), q, N
        if self.reduction == "none":
            return l
        return np.sum(l) / N if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = self.p - self.q
        return g / self.N if self.reduction == "mean" else g
''',
    ),
    dict(
        id="CrossEntropyLoss-soft-to-argmax",
        task="Task 4",
        cell="ce-answer",
        function="CrossEntropyLoss",
        kind="other-quantity",
        why="turns float targets into labels with target.argmax(axis=1): exact for one-hot rows, but for "
            "label-smoothed rows 0.9 onehot + 0.025 (or any soft q) both loss and gradient are those of the "
            "hard label, not of q",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        N, C = input.shape
        if not np.issubdtype(target.dtype, np.integer):
            target = np.argmax(target, axis=1)
        if np.any(target < 0) or np.any(target >= C):
            raise ValueError(f"target labels must be in 0..{C - 1}")
        lsm = log_softmax(input, dim=1)
        l = -lsm[np.arange(N), target]
        q = np.zeros_like(input)
        q[np.arange(N), target] = 1
        self.p, self.q, self.N = np.exp(lsm), q, N
        if self.reduction == "none":
            return l
        return np.sum(l) / N if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = self.p - self.q
        return g / self.N if self.reduction == "mean" else g
''',
    ),
    dict(
        id="CrossEntropyLoss-naive-softmax-backward",
        task="Task 4",
        cell="ce-answer",
        function="CrossEntropyLoss",
        kind="extreme",
        why="the loss uses log_softmax, but backward recomputes softmax naively as exp(x) / sum(exp(x)): for "
            "logits [[1000, 0, -1000]] the gradient is nan instead of [1, 0, -1]",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        N, C = input.shape
        lsm = log_softmax(input, dim=1)
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target >= C):
                raise ValueError(f"target labels must be in 0..{C - 1}")
            q = np.zeros_like(input)
            q[np.arange(N), target] = 1
        else:
            q = target
        l = -np.sum(q * lsm, axis=1)
        self.x, self.q, self.N = input, q, N
        if self.reduction == "none":
            return l
        return np.sum(l) / N if self.reduction == "mean" else np.sum(l)

    def backward(self):
        e = np.exp(self.x)
        g = e / np.sum(e, axis=1, keepdims=True) - self.q
        return g / self.N if self.reduction == "mean" else g
''',
    ),
    dict(
        id="CrossEntropyLoss-none-keepdims",
        task="Task 4",
        cell="ce-answer",
        function="CrossEntropyLoss",
        kind="return-type",
        why="sums with keepdims=True, so reduction='none' returns shape (N, 1) instead of (N,) (for 'mean' "
            "and 'sum' the values are still right); N = 5 shows it",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        N, C = input.shape
        lsm = log_softmax(input, dim=1)
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target >= C):
                raise ValueError(f"target labels must be in 0..{C - 1}")
            q = np.zeros_like(input)
            q[np.arange(N), target] = 1
        else:
            q = target
        l = -np.sum(q * lsm, axis=1, keepdims=True)
        self.p, self.q, self.N = np.exp(lsm), q, N
        if self.reduction == "none":
            return l
        return np.sum(l) / N if self.reduction == "mean" else np.sum(l)

    def backward(self):
        g = self.p - self.q
        return g / self.N if self.reduction == "mean" else g
''',
    ),
    dict(
        id="CrossEntropyLoss-backward-mutates-state",
        task="Task 4",
        cell="ce-answer",
        function="CrossEntropyLoss",
        kind="state-order",
        ambiguous=True,
        why="the classic in-place trick `grad = self.p; grad[range(N), y] -= 1` in backward modifies the stored "
            "softmax, so a second backward() after the same call subtracts 1 again (the first call is right); "
            "ambiguous: 'loss_fn.backward() then returns dloss/dinput for that last call' does not say "
            "outright that backward may be called twice",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        N, C = input.shape
        lsm = log_softmax(input, dim=1)
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target >= C):
                raise ValueError(f"target labels must be in 0..{C - 1}")
            l = -lsm[np.arange(N), target]
        else:
            l = -np.sum(target * lsm, axis=1)
        self.p, self.target, self.N = np.exp(lsm), target, N
        if self.reduction == "none":
            return l
        return np.sum(l) / N if self.reduction == "mean" else np.sum(l)

    def backward(self):
        grad = self.p
        if np.issubdtype(self.target.dtype, np.integer):
            grad[np.arange(self.N), self.target] -= 1
        else:
            grad -= self.target
        return grad / self.N if self.reduction == "mean" else grad
''',
    ),
    dict(
        id="CrossEntropyLoss-python-float",
        task="Task 4",
        cell="ce-answer",
        function="CrossEntropyLoss",
        kind="return-type",
        why="returns float(l.mean()) for 'mean' and float(l.sum()) for 'sum': the value is right, but the "
            "conventions ask for the NumPy scalar of the input's dtype, not a Python float (e.g. the page's "
            "logits [[8, 0, -4]] with label 2)",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        N, C = input.shape
        lsm = log_softmax(input, dim=1)
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target >= C):
                raise ValueError(f"target labels must be in 0..{C - 1}")
            q = np.zeros_like(input)
            q[np.arange(N), target] = 1
        else:
            q = target
        l = -np.sum(q * lsm, axis=1)
        self.p, self.q, self.N = np.exp(lsm), q, N
        if self.reduction == "none":
            return l
        return float(l.mean()) if self.reduction == "mean" else float(l.sum())

    def backward(self):
        g = self.p - self.q
        return g / self.N if self.reduction == "mean" else g
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 5: kl_div
    # ------------------------------------------------------------------------------------------
    dict(
        id="kl_div-zero-target-nan",
        task="Task 5",
        cell="kl-answer",
        function="kl_div",
        kind="boundary",
        why="the formula as written, target * (np.log(target) - input): a zero in the target gives "
            "0 * -inf = nan, so the page's one-hot target [[0, 0, 1]] gives nan instead of 12.0003; "
            "the task says a term with q = 0 is 0",
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "batchmean", "sum", "mean"):
        raise ValueError(f"reduction must be 'none', 'batchmean', 'sum' or 'mean'; got {reduction!r}")
    t = target * (np.log(target) - input)
    if reduction == "none":
        return t
    if reduction == "sum":
        return np.sum(t)
    if reduction == "batchmean":
        return np.sum(t) / input.shape[0]
    return np.mean(t)
''',
    ),
    dict(
        id="kl_div-arguments-swapped",
        task="Task 5",
        cell="kl-answer",
        function="kl_div",
        kind="other-quantity",
        why="reads the formula KL(q || p) with p first and computes sum p (log p - log q) with p = exp(input), "
            "i.e. KL(p || q), which the task warns is different: for a soft target q it differs (and is "
            "inf wherever q = 0)",
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "batchmean", "sum", "mean"):
        raise ValueError(f"reduction must be 'none', 'batchmean', 'sum' or 'mean'; got {reduction!r}")
    p = np.exp(input)
    t = p * (input - np.log(target))
    if reduction == "none":
        return t
    if reduction == "sum":
        return np.sum(t)
    if reduction == "batchmean":
        return np.sum(t) / input.shape[0]
    return np.mean(t)
''',
    ),
    dict(
        id="kl_div-input-as-probabilities",
        task="Task 5",
        cell="kl-answer",
        function="kl_div",
        kind="formula",
        why="treats input as probabilities, q * log(q / input), ignoring that PyTorch's input is the "
            "log-probabilities: with input = log_softmax(x) (negative) the log of a negative ratio is nan",
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "batchmean", "sum", "mean"):
        raise ValueError(f"reduction must be 'none', 'batchmean', 'sum' or 'mean'; got {reduction!r}")
    pos = target > 0
    t = np.where(pos, target * np.log(np.where(pos, target, 1) / input), 0)
    if reduction == "none":
        return t
    if reduction == "sum":
        return np.sum(t)
    if reduction == "batchmean":
        return np.sum(t) / input.shape[0]
    return np.mean(t)
''',
    ),
    dict(
        id="kl_div-default-mean",
        task="Task 5",
        cell="kl-answer",
        function="kl_div",
        kind="ignored-arg",
        why="copies PyTorch's signature default reduction='mean': kl_div(input, target) without a reduction "
            "divides by N*C instead of N, so for C = 4 it is 4 times too small; the task: 'this function "
            "defaults to batchmean'",
        code='''
def kl_div(input, target, reduction="mean"):
    if reduction not in ("none", "batchmean", "sum", "mean"):
        raise ValueError(f"reduction must be 'none', 'batchmean', 'sum' or 'mean'; got {reduction!r}")
    pos = target > 0
    t = np.where(pos, target * (np.log(np.where(pos, target, 1)) - input), 0)
    if reduction == "none":
        return t
    if reduction == "sum":
        return np.sum(t)
    if reduction == "batchmean":
        return np.sum(t) / input.shape[0]
    return np.mean(t)
''',
    ),
    dict(
        id="kl_div-batchmean-is-mean",
        task="Task 5",
        cell="kl-answer",
        function="kl_div",
        kind="other-quantity",
        why="'batchmean' computed as np.mean(t), the mean over all N*C elements (what 'mean' is): for "
            "(5, 4) arrays the default result is 4 times too small (right only when C = 1)",
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "batchmean", "sum", "mean"):
        raise ValueError(f"reduction must be 'none', 'batchmean', 'sum' or 'mean'; got {reduction!r}")
    pos = target > 0
    t = np.where(pos, target * (np.log(np.where(pos, target, 1)) - input), 0)
    if reduction == "none":
        return t
    if reduction == "sum":
        return np.sum(t)
    return np.mean(t)
''',
    ),
    dict(
        id="kl_div-mean-over-rows",
        task="Task 5",
        cell="kl-answer",
        function="kl_div",
        kind="other-quantity",
        why="'mean' computed as the per-row KL averaged over rows (sum / N, the same as 'batchmean'): the "
            "task says 'mean' is the sum divided by N*C; for (5, 4) arrays it is 4 times too large",
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "batchmean", "sum", "mean"):
        raise ValueError(f"reduction must be 'none', 'batchmean', 'sum' or 'mean'; got {reduction!r}")
    pos = target > 0
    t = np.where(pos, target * (np.log(np.where(pos, target, 1)) - input), 0)
    if reduction == "none":
        return t
    if reduction == "sum":
        return np.sum(t)
    return np.mean(np.sum(t, axis=1))
''',
    ),
    dict(
        id="kl_div-none-row-sums",
        task="Task 5",
        cell="kl-answer",
        function="kl_div",
        kind="return-type",
        why="'none' returns the N per-row divergences (shape (N,)) like cross-entropy's 'none', but the task "
            "wants 'these N x C terms': for (5, 4) arrays the shape must be (5, 4)",
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "batchmean", "sum", "mean"):
        raise ValueError(f"reduction must be 'none', 'batchmean', 'sum' or 'mean'; got {reduction!r}")
    pos = target > 0
    t = np.where(pos, target * (np.log(np.where(pos, target, 1)) - input), 0)
    if reduction == "none":
        return np.sum(t, axis=1)
    if reduction == "sum":
        return np.sum(t)
    if reduction == "batchmean":
        return np.sum(t) / input.shape[0]
    return np.mean(t)
''',
    ),
    dict(
        id="kl_div-eps-in-log",
        task="Task 5",
        cell="kl-answer",
        function="kl_div",
        kind="extreme",
        why="avoids log 0 with np.log(target + 1e-8): zero terms come out 0, but tiny probabilities are "
            "distorted: the term of q = 1e-10 uses log(1.01e-8) = -18.4 instead of log(1e-10) = -23.0; "
            "the exact limit (xlogy) is asked for",
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "batchmean", "sum", "mean"):
        raise ValueError(f"reduction must be 'none', 'batchmean', 'sum' or 'mean'; got {reduction!r}")
    t = target * (np.log(target + 1e-8) - input)
    if reduction == "none":
        return t
    if reduction == "sum":
        return np.sum(t)
    if reduction == "batchmean":
        return np.sum(t) / input.shape[0]
    return np.mean(t)
''',
    ),
    dict(
        id="kl_div-zeros-replaced-in-place",
        task="Task 5",
        cell="kl-answer",
        function="kl_div",
        kind="state-order",
        why="`target[target == 0] = 1` so that log(target) is 0 there, then target * ... with the zero mask: "
            "the values are right, but the caller's target (e.g. the one-hot [[0, 0, 1]]) is overwritten "
            "with ones; a loss never modifies its inputs",
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "batchmean", "sum", "mean"):
        raise ValueError(f"reduction must be 'none', 'batchmean', 'sum' or 'mean'; got {reduction!r}")
    zero = target == 0
    target[zero] = 1
    t = target * (np.log(target) - input)
    t[zero] = 0
    if reduction == "none":
        return t
    if reduction == "sum":
        return np.sum(t)
    if reduction == "batchmean":
        return np.sum(t) / input.shape[0]
    return np.mean(t)
''',
    ),
    dict(
        id="kl_div-float64-zeros",
        task="Task 5",
        cell="kl-answer",
        function="kl_div",
        kind="dtype",
        why="fills the terms into t = np.zeros(target.shape) (float64 by default): for float32 input and target "
            "every reduction returns float64; 'float32 input gives float32 results'",
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "batchmean", "sum", "mean"):
        raise ValueError(f"reduction must be 'none', 'batchmean', 'sum' or 'mean'; got {reduction!r}")
    t = np.zeros(target.shape)
    pos = target > 0
    t[pos] = target[pos] * (np.log(target[pos]) - input[pos])
    if reduction == "none":
        return t
    if reduction == "sum":
        return np.sum(t)
    if reduction == "batchmean":
        return np.sum(t) / input.shape[0]
    return np.mean(t)
''',
    ),
    dict(
        id="kl_div-unknown-reduction-batchmean",
        task="Task 5",
        cell="kl-answer",
        function="kl_div",
        kind="ignored-arg",
        why="no validation, the final `return` is batchmean: reduction='avg' (or PyTorch's misspelt "
            "'batch_mean') returns a number instead of raising ValueError naming reduction",
        code='''
def kl_div(input, target, reduction="batchmean"):
    pos = target > 0
    t = np.where(pos, target * (np.log(np.where(pos, target, 1)) - input), 0)
    if reduction == "none":
        return t
    if reduction == "sum":
        return np.sum(t)
    if reduction == "mean":
        return np.mean(t)
    return np.sum(t) / input.shape[0]
''',
    ),
]

RIGHT = [
    dict(
        id="HuberLoss-where-sign-strict",
        task="Task 1",
        cell="huber-answer",
        function="HuberLoss",
        why="strict `|r| < delta` in both branches (the branches meet at |r| = delta, so the boundary does not "
            "matter) and the gradient as np.where(|r| < delta, r, delta * np.sign(r)) instead of np.clip; "
            "delta check written as `delta <= 0`",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if delta <= 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction = reduction
        self.delta = delta

    def __call__(self, input, target):
        r = input - target
        small = np.abs(r) < self.delta
        l = np.where(small, 0.5 * r ** 2, self.delta * (np.abs(r) - 0.5 * self.delta))
        self._r, self._small = r, small
        if self.reduction == "sum":
            return l.sum()
        if self.reduction == "mean":
            return l.sum() / l.size
        return l

    def backward(self):
        g = np.where(self._small, self._r, self.delta * np.sign(self._r))
        if self.reduction == "mean":
            g = g / g.size
        return g
''',
    ),
    dict(
        id="msle_loss-mse-of-logs",
        task="Task 2",
        cell="msle-answer",
        function="msle_loss",
        why="the PyTorch recipe: the MSE of the two log1p arrays, with the checks via .min() "
            "and the reductions from a dict",
        code='''
def msle_loss(input, target, reduction="mean"):
    reducers = {"none": lambda a: a, "mean": np.mean, "sum": np.sum}
    if reduction not in reducers:
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if input.size and input.min() <= -1:
        raise ValueError(f"input must be > -1 everywhere; got {input.min()}")
    if target.size and target.min() <= -1:
        raise ValueError(f"target must be > -1 everywhere; got {target.min()}")
    d = np.log1p(input) - np.log1p(target)
    return reducers[reduction](np.square(d))
''',
    ),
    dict(
        id="BCEWithLogitsLoss-softplus-two-branch-sigmoid",
        task="Task 3",
        cell="bce-answer",
        function="BCEWithLogitsLoss",
        why="softplus written out as max(u, 0) + log1p(exp(-|u|)) (the task's second form, with log1p), the "
            "gradient from a stable two-branch sigmoid, .mean()/.sum() methods instead of np.mean/np.sum",
        code='''
def _softplus(u):
    return np.maximum(u, 0) + np.log1p(np.exp(-np.abs(u)))


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction, self.pos_weight = reduction, pos_weight

    def __call__(self, input, target):
        w = 1 if self.pos_weight is None else self.pos_weight
        l = w * target * _softplus(-input) + (1 - target) * _softplus(input)
        self._saved = (input, target, w)
        if self.reduction == "none":
            return l
        return l.mean() if self.reduction == "mean" else l.sum()

    def backward(self):
        z, y, w = self._saved
        g = (1 - y) * _sigmoid(z) - w * y * _sigmoid(-z)
        if self.reduction == "mean":
            g = g / z.size
        return g
''',
    ),
    dict(
        id="log_softmax-moveaxis",
        task="Task 4",
        cell="ce-answer",
        function="log_softmax",
        why="moves the axis to the end with np.moveaxis and back, and writes the shift as an explicit "
            "max then log(sum(exp)) on the moved array",
        code='''
def log_softmax(input, dim=-1):
    x = np.moveaxis(input, dim, -1)
    m = x.max(axis=-1)[..., None]
    out = (x - m) - np.log(np.exp(x - m).sum(axis=-1))[..., None]
    return np.moveaxis(out, -1, dim)
''',
    ),
    dict(
        id="CrossEntropyLoss-loop-rows",
        task="Task 4",
        cell="ce-answer",
        function="CrossEntropyLoss",
        why="a Python loop over the examples with its own row-wise log-sum-exp, one-hot rows made with "
            "np.zeros(C, dtype=input.dtype), losses collected in an array of the input's dtype",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        N, C = input.shape
        hard = np.issubdtype(target.dtype, np.integer)
        if hard and (np.any(target < 0) or np.any(target >= C)):
            raise ValueError(f"target labels must be in 0..{C - 1}; got {target}")
        losses = np.empty(N, dtype=input.dtype)
        grad = np.empty_like(input)
        for n in range(N):
            row = input[n]
            m = row.max()
            logp = row - m - np.log(np.sum(np.exp(row - m)))
            if hard:
                q = np.zeros(C, dtype=input.dtype)
                q[target[n]] = 1
            else:
                q = target[n]
            losses[n] = -np.sum(q * logp)
            grad[n] = np.exp(logp) - q
        self._grad, self._N = grad, N
        if self.reduction == "none":
            return losses
        return losses.sum() / N if self.reduction == "mean" else losses.sum()

    def backward(self):
        return self._grad / self._N if self.reduction == "mean" else self._grad.copy()
''',
    ),
    dict(
        id="kl_div-xlogy",
        task="Task 5",
        cell="kl-answer",
        function="kl_div",
        why="scipy.special.xlogy(q, q) minus the masked q * input, the hint of the task, with the divisor chosen "
            "from a dict",
        code='''
def kl_div(input, target, reduction="batchmean"):
    from scipy.special import xlogy
    N = input.shape[0]
    divisors = {"sum": 1, "batchmean": N, "mean": input.size}
    if reduction != "none" and reduction not in divisors:
        raise ValueError(f"reduction must be 'none', 'batchmean', 'sum' or 'mean'; got {reduction!r}")
    terms = xlogy(target, target) - np.where(target > 0, target * input, 0)   # 0 also where input = -inf
    if reduction == "none":
        return terms
    return terms.sum() / divisors[reduction]
''',
    ),
]

# ----------------------------------------------------------------------------------------------
# The wrong answers of the plan's table (CHAPTERS.md, chapter 4, section 4.3), planted by the
# tests' author and marked source="plan"; further wrong and right answers by the same author (source="author").
# ----------------------------------------------------------------------------------------------

WRONG += [
    dict(
        id='HuberLoss-plan-no-half',
        task='Task 1',
        cell='huber-answer',
        function='HuberLoss',
        kind='formula',
        source='plan',
        why='(plan) r**2 without the 1/2 in the quadratic branch: at r = 0.5 the loss is 0.25, not 0.125',
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a, d = np.abs(r), self.delta
        loss = np.where(a <= d, r * r, d * (a - 0.5 * d))
        self.r = r
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.clip(self.r, -self.delta, self.delta)
        if self.reduction == "mean":
            grad = grad / self.r.size
        return grad
''',
    ),
    dict(
        id='HuberLoss-plan-linear-no-offset',
        task='Task 1',
        cell='huber-answer',
        function='HuberLoss',
        kind='formula',
        source='plan',
        why='(plan) delta |r| in the linear branch without - delta**2 / 2: at r = 3, delta = 1 it gives 3, not 2.5',
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a, d = np.abs(r), self.delta
        loss = np.where(a <= d, 0.5 * r * r, d * a)
        self.r = r
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.clip(self.r, -self.delta, self.delta)
        if self.reduction == "mean":
            grad = grad / self.r.size
        return grad
''',
    ),
    dict(
        id='HuberLoss-plan-smoothl1',
        task='Task 1',
        cell='huber-answer',
        function='HuberLoss',
        kind='other-quantity',
        source='plan',
        why='(plan) SmoothL1 (Huber / delta) instead of Huber: the same at delta = 1, half at delta = 2',
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a, d = np.abs(r), self.delta
        loss = np.where(a <= d, 0.5 * r * r / d, a - 0.5 * d)
        self.r = r
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.clip(self.r / self.delta, -1, 1)
        if self.reduction == "mean":
            grad = grad / self.r.size
        return grad
''',
    ),
    dict(
        id='HuberLoss-plan-sum-for-mean',
        task='Task 1',
        cell='huber-answer',
        function='HuberLoss',
        kind='other-quantity',
        source='plan',
        why="(plan) 'mean' returns the sum: 4.125 for [0.5, 3, -2] against 0, not 1.375",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a, d = np.abs(r), self.delta
        loss = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r = r
        if self.reduction == "mean":
            return np.sum(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.clip(self.r, -self.delta, self.delta)
        if self.reduction == "mean":
            grad = grad / self.r.size
        return grad
''',
    ),
    dict(
        id='HuberLoss-plan-grad-not-over-n',
        task='Task 1',
        cell='huber-answer',
        function='HuberLoss',
        kind='other-quantity',
        source='plan',
        why="(plan) the backward of 'mean' is not divided by input.size: [0.5, 1, -1] for [0.5, 3, -2], not a third of it",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a, d = np.abs(r), self.delta
        loss = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r = r
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.clip(self.r, -self.delta, self.delta)
        if self.reduction == "mean":
            grad = grad / 1
        return grad
''',
    ),
    dict(
        id='HuberLoss-plan-grad-sign',
        task='Task 1',
        cell='huber-answer',
        function='HuberLoss',
        kind='formula',
        source='plan',
        why='(plan) the gradient of target - input: the sign of every entry is flipped',
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a, d = np.abs(r), self.delta
        loss = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r = r
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.clip(-self.r, -self.delta, self.delta)
        if self.reduction == "mean":
            grad = grad / self.r.size
        return grad
''',
    ),
    dict(
        id='msle_loss-plan-log-not-log1p',
        task='Task 2',
        cell='msle-answer',
        function='msle_loss',
        kind='formula',
        source='plan',
        why='(plan) np.log instead of np.log1p: at input = e - 1, target = 0 it is log(e - 1) - log 0 = inf',
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if np.any(input <= -1) or np.any(target <= -1):
        raise ValueError("input and target must be > -1")
    loss = (np.log(input) - np.log(target)) ** 2
    return {"none": loss, "mean": np.mean(loss), "sum": np.sum(loss)}[reduction]
''',
    ),
    dict(
        id='msle_loss-plan-log-of-squared-error',
        task='Task 2',
        cell='msle-answer',
        function='msle_loss',
        kind='other-quantity',
        source='plan',
        why='(plan) log(1 + squared error) instead of the squared error of the logs: 99 against 9 gives log(8101), not log(10)**2',
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if np.any(input <= -1) or np.any(target <= -1):
        raise ValueError("input and target must be > -1")
    loss = np.log1p((input - target) ** 2)
    return {"none": loss, "mean": np.mean(loss), "sum": np.sum(loss)}[reduction]
''',
    ),
    dict(
        id='msle_loss-plan-no-check',
        task='Task 2',
        cell='msle-answer',
        function='msle_loss',
        kind='boundary',
        source='plan',
        why='(plan) no check of input > -1: returns nan for input -1.5 instead of raising ValueError',
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    loss = (np.log1p(input) - np.log1p(target)) ** 2
    return {"none": loss, "mean": np.mean(loss), "sum": np.sum(loss)}[reduction]
''',
    ),
    dict(
        id='msle_loss-plan-no-square',
        task='Task 2',
        cell='msle-answer',
        function='msle_loss',
        kind='formula',
        source='plan',
        why='(plan) log1p(input) - log1p(target) without the square: signs cancel in the mean',
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
    if np.any(input <= -1) or np.any(target <= -1):
        raise ValueError("input and target must be > -1")
    loss = np.log1p(input) - np.log1p(target)
    return {"none": loss, "mean": np.mean(loss), "sum": np.sum(loss)}[reduction]
''',
    ),
    dict(
        id='BCEWithLogitsLoss-plan-naive-log-sigmoid',
        task='Task 3',
        cell='bce-answer',
        function='BCEWithLogitsLoss',
        kind='extreme',
        source='plan',
        why='(plan) log(sigmoid(z)) computed directly: z = -1000, y = 1 gives inf (sigmoid rounds to 0), not 1000',
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction
        self.pos_weight = 1.0 if pos_weight is None else pos_weight

    def __call__(self, input, target):
        z, y, w = input, target, self.pos_weight
        loss = -(w * y * np.log(1 / (1 + np.exp(-z))) + (1 - y) * np.log(1 - 1 / (1 + np.exp(-z))))
        self.z, self.y = input, target
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        z, y, w = self.z, self.y, self.pos_weight
        p = np.exp(-np.logaddexp(0, -z))
        grad = (1 - y) * p - w * y * (1 - p)
        if self.reduction == "mean":
            grad = grad / z.size
        return grad
''',
    ),
    dict(
        id='BCEWithLogitsLoss-plan-sign-error',
        task='Task 3',
        cell='bce-answer',
        function='BCEWithLogitsLoss',
        kind='formula',
        source='plan',
        why='(plan) the minus sign of the log-likelihood left out: every loss negative',
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction
        self.pos_weight = 1.0 if pos_weight is None else pos_weight

    def __call__(self, input, target):
        z, y, w = input, target, self.pos_weight
        loss = -(w * y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z))
        self.z, self.y = input, target
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        z, y, w = self.z, self.y, self.pos_weight
        p = np.exp(-np.logaddexp(0, -z))
        grad = (1 - y) * p - w * y * (1 - p)
        if self.reduction == "mean":
            grad = grad / z.size
        return grad
''',
    ),
    dict(
        id='BCEWithLogitsLoss-plan-grad-mse-chain',
        task='Task 3',
        cell='bce-answer',
        function='BCEWithLogitsLoss',
        kind='other-quantity',
        source='plan',
        why="(plan) the gradient (p - y) p (1 - p), the chain rule of MSE on a sigmoid: 0 at z = -1000, y = 1, where CE's is -1",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction
        self.pos_weight = 1.0 if pos_weight is None else pos_weight

    def __call__(self, input, target):
        z, y, w = input, target, self.pos_weight
        loss = w * y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)
        self.z, self.y = input, target
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        z, y, w = self.z, self.y, self.pos_weight
        p = np.exp(-np.logaddexp(0, -z))
        grad = (p - y) * p * (1 - p)
        if self.reduction == "mean":
            grad = grad / z.size
        return grad
''',
    ),
    dict(
        id='BCEWithLogitsLoss-plan-grad-not-over-n',
        task='Task 3',
        cell='bce-answer',
        function='BCEWithLogitsLoss',
        kind='other-quantity',
        source='plan',
        why="(plan) the backward of 'mean' not divided by input.size",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction
        self.pos_weight = 1.0 if pos_weight is None else pos_weight

    def __call__(self, input, target):
        z, y, w = input, target, self.pos_weight
        loss = w * y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)
        self.z, self.y = input, target
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        z, y, w = self.z, self.y, self.pos_weight
        p = np.exp(-np.logaddexp(0, -z))
        grad = (1 - y) * p - w * y * (1 - p)
        if self.reduction == "mean":
            grad = grad / 1
        return grad
''',
    ),
    dict(
        id='BCEWithLogitsLoss-plan-pos-weight-negative',
        task='Task 3',
        cell='bce-answer',
        function='BCEWithLogitsLoss',
        kind='formula',
        source='plan',
        why='(plan) pos_weight applied to the negative term: with pos_weight = [0.5, 2, 4] the columns weight y = 0 instead',
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction
        self.pos_weight = 1.0 if pos_weight is None else pos_weight

    def __call__(self, input, target):
        z, y, w = input, target, self.pos_weight
        loss = y * np.logaddexp(0, -z) + w * (1 - y) * np.logaddexp(0, z)
        self.z, self.y = input, target
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        z, y, w = self.z, self.y, self.pos_weight
        p = np.exp(-np.logaddexp(0, -z))
        grad = w * (1 - y) * p - y * (1 - p)
        if self.reduction == "mean":
            grad = grad / z.size
        return grad
''',
    ),
    dict(
        id='log_softmax-plan-no-max',
        task='Task 4',
        cell='ce-answer',
        function='log_softmax',
        kind='extreme',
        source='plan',
        why='(plan) no max subtraction: log_softmax([1000, 0]) is nan (exp(1000) = inf)',
        code='''
def log_softmax(input, dim=-1):
    return input - np.log(np.sum(np.exp(input), axis=dim, keepdims=True))
''',
    ),
    dict(
        id='log_softmax-plan-dim0',
        task='Task 4',
        cell='ce-answer',
        function='log_softmax',
        kind='axes',
        source='plan',
        why='(plan) normalised along axis 0 whatever dim says: wrong for (4, 5) logits along dim=-1',
        code='''
def log_softmax(input, dim=-1):
    shifted = input - np.max(input, axis=0, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
''',
    ),
    dict(
        id='CrossEntropyLoss-plan-mean-over-nc',
        task='Task 4',
        cell='ce-answer',
        function='CrossEntropyLoss',
        kind='other-quantity',
        source='plan',
        why="(plan) 'mean' divides by N C: for 2 examples of 3 classes a third of the loss",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        n, c = input.shape
        logp = input - np.max(input, axis=1, keepdims=True)
        logp = logp - np.log(np.sum(np.exp(logp), axis=1, keepdims=True))
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target >= c):
                raise ValueError(f"target labels must be in 0..{c - 1}")
            q = np.zeros_like(input)
            q[np.arange(n), target] = 1
            loss = -logp[np.arange(n), target]
        else:
            q = target
            loss = -np.sum(q * logp, axis=1)
        self.logp, self.q = logp, q
        if self.reduction == "mean":
            return np.sum(loss) / input.size
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.exp(self.logp) - self.q
        if self.reduction == "mean":
            grad = grad / len(grad)
        return grad
''',
    ),
    dict(
        id='CrossEntropyLoss-plan-column-broadcast',
        task='Task 4',
        cell='ce-answer',
        function='CrossEntropyLoss',
        kind='axes',
        source='plan',
        why='(plan) logp[:, target] picks whole columns, an (N, N) array, instead of one entry per row',
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        n, c = input.shape
        logp = input - np.max(input, axis=1, keepdims=True)
        logp = logp - np.log(np.sum(np.exp(logp), axis=1, keepdims=True))
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target >= c):
                raise ValueError(f"target labels must be in 0..{c - 1}")
            q = np.zeros_like(input)
            q[np.arange(n), target] = 1
            loss = -logp[:, target]
        else:
            q = target
            loss = -np.sum(q * logp, axis=1)
        self.logp, self.q = logp, q
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.exp(self.logp) - self.q
        if self.reduction == "mean":
            grad = grad / len(grad)
        return grad
''',
    ),
    dict(
        id='CrossEntropyLoss-plan-grad-not-over-n',
        task='Task 4',
        cell='ce-answer',
        function='CrossEntropyLoss',
        kind='other-quantity',
        source='plan',
        why="(plan) the backward of 'mean' is softmax - onehot, not divided by N",
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        n, c = input.shape
        logp = input - np.max(input, axis=1, keepdims=True)
        logp = logp - np.log(np.sum(np.exp(logp), axis=1, keepdims=True))
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target >= c):
                raise ValueError(f"target labels must be in 0..{c - 1}")
            q = np.zeros_like(input)
            q[np.arange(n), target] = 1
            loss = -logp[np.arange(n), target]
        else:
            q = target
            loss = -np.sum(q * logp, axis=1)
        self.logp, self.q = logp, q
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.exp(self.logp) - self.q
        if self.reduction == "mean":
            grad = grad / 1
        return grad
''',
    ),
    dict(
        id='CrossEntropyLoss-plan-rejects-probabilities',
        task='Task 4',
        cell='ce-answer',
        function='CrossEntropyLoss',
        kind='ignored-arg',
        source='plan',
        why='(plan) only integer labels: probability targets raise',
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        n, c = input.shape
        logp = input - np.max(input, axis=1, keepdims=True)
        logp = logp - np.log(np.sum(np.exp(logp), axis=1, keepdims=True))
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target >= c):
                raise ValueError(f"target labels must be in 0..{c - 1}")
            q = np.zeros_like(input)
            q[np.arange(n), target] = 1
            loss = -logp[np.arange(n), target]
        else:
            raise TypeError("target must hold integer class labels")
            loss = -np.sum(q * logp, axis=1)
        self.logp, self.q = logp, q
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.exp(self.logp) - self.q
        if self.reduction == "mean":
            grad = grad / len(grad)
        return grad
''',
    ),
    dict(
        id='kl_div-plan-swapped',
        task='Task 5',
        cell='kl-answer',
        function='kl_div',
        kind='other-quantity',
        source='plan',
        why='(plan) KL(p || q) with p = exp(input) instead of KL(q || p)',
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "sum", "batchmean", "mean"):
        raise ValueError(f"reduction must be 'none', 'sum', 'batchmean' or 'mean'; got {reduction!r}")
    p = np.exp(input)
    terms = p * (input - np.log(target))
    if reduction == "sum":
        return np.sum(terms)
    if reduction == "batchmean":
        return np.sum(terms) / len(terms)
    if reduction == "mean":
        return np.mean(terms)
    return terms
''',
    ),
    dict(
        id='kl_div-plan-mean-as-batchmean',
        task='Task 5',
        cell='kl-answer',
        function='kl_div',
        kind='other-quantity',
        source='plan',
        why="(plan) 'mean' divides by N as 'batchmean' does, where PyTorch divides by N C",
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "sum", "batchmean", "mean"):
        raise ValueError(f"reduction must be 'none', 'sum', 'batchmean' or 'mean'; got {reduction!r}")
    terms = np.where(target > 0, target * (np.log(np.where(target > 0, target, 1)) - input), 0 * target)
    if reduction == "sum":
        return np.sum(terms)
    if reduction == "batchmean":
        return np.sum(terms) / len(terms)
    if reduction == "mean":
        return np.sum(terms) / len(terms)
    return terms
''',
    ),
    dict(
        id='kl_div-plan-0log0-nan',
        task='Task 5',
        cell='kl-answer',
        function='kl_div',
        kind='boundary',
        source='plan',
        why='(plan) target * (log target - input) without a case for target = 0: 0 * log 0 = nan',
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "sum", "batchmean", "mean"):
        raise ValueError(f"reduction must be 'none', 'sum', 'batchmean' or 'mean'; got {reduction!r}")
    terms = target * (np.log(target) - input)
    if reduction == "sum":
        return np.sum(terms)
    if reduction == "batchmean":
        return np.sum(terms) / len(terms)
    if reduction == "mean":
        return np.mean(terms)
    return terms
''',
    ),
    dict(
        id='kl_div-plan-exp-twice',
        task='Task 5',
        cell='kl-answer',
        function='kl_div',
        kind='formula',
        source='plan',
        why='(plan) exp applied to the log-probabilities input: q (log q - exp(input))',
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "sum", "batchmean", "mean"):
        raise ValueError(f"reduction must be 'none', 'sum', 'batchmean' or 'mean'; got {reduction!r}")
    terms = np.where(target > 0, target * (np.log(np.where(target > 0, target, 1)) - np.exp(input)), 0 * target)
    if reduction == "sum":
        return np.sum(terms)
    if reduction == "batchmean":
        return np.sum(terms) / len(terms)
    if reduction == "mean":
        return np.mean(terms)
    return terms
''',
    ),
    dict(
        id='HuberLoss-author-python-float',
        task='Task 1',
        cell='huber-answer',
        function='HuberLoss',
        kind='return-type',
        source='author',
        why='(author) float(np.mean(loss)): a Python float, so float32 input gives a float64 loss',
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a, d = np.abs(r), self.delta
        loss = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r = r
        if self.reduction == "mean":
            return float(np.mean(loss))
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.clip(self.r, -self.delta, self.delta)
        if self.reduction == "mean":
            grad = grad / self.r.size
        return grad
''',
    ),
    dict(
        id='HuberLoss-author-float64',
        task='Task 1',
        cell='huber-answer',
        function='HuberLoss',
        kind='dtype',
        source='author',
        why='(author) np.asarray(..., dtype=float) turns float32 input into float64',
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = np.asarray(input, dtype=float) - np.asarray(target, dtype=float)
        a, d = np.abs(r), self.delta
        loss = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r = r
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.clip(self.r, -self.delta, self.delta)
        if self.reduction == "mean":
            grad = grad / self.r.size
        return grad
''',
    ),
    dict(
        id='HuberLoss-author-inplace',
        task='Task 1',
        cell='huber-answer',
        function='HuberLoss',
        kind='state-order',
        source='author',
        why="(author) r = input; r -= target changes the caller's input",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input
        r -= target
        a, d = np.abs(r), self.delta
        loss = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r = r
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.clip(self.r, -self.delta, self.delta)
        if self.reduction == "mean":
            grad = grad / self.r.size
        return grad
''',
    ),
    dict(
        id='HuberLoss-author-keepdims',
        task='Task 1',
        cell='huber-answer',
        function='HuberLoss',
        kind='return-type',
        source='author',
        why="(author) np.mean(loss, keepdims=True): an array of shape (1,) for 'mean'",
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if not delta > 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a, d = np.abs(r), self.delta
        loss = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r = r
        if self.reduction == "mean":
            return np.mean(loss, keepdims=True)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.clip(self.r, -self.delta, self.delta)
        if self.reduction == "mean":
            grad = grad / self.r.size
        return grad
''',
    ),
    dict(
        id='HuberLoss-author-delta-zero',
        task='Task 1',
        cell='huber-answer',
        function='HuberLoss',
        kind='boundary',
        source='author',
        why='(author) delta = 0 accepted (the check is delta < 0)',
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        if delta < 0:
            raise ValueError(f"delta must be > 0; got {delta!r}")
        self.reduction, self.delta = reduction, delta

    def __call__(self, input, target):
        r = input - target
        a, d = np.abs(r), self.delta
        loss = np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))
        self.r = r
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.clip(self.r, -self.delta, self.delta)
        if self.reduction == "mean":
            grad = grad / self.r.size
        return grad
''',
    ),
    dict(
        id='msle_loss-author-minus-one',
        task='Task 2',
        cell='msle-answer',
        function='msle_loss',
        kind='boundary',
        source='author',
        why='(author) the check input < -1 lets -1 through: log1p(-1) = -inf',
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError("reduction")
    if np.any(input < -1) or np.any(target < -1):
        raise ValueError("input and target must be > -1")
    loss = (np.log1p(input) - np.log1p(target)) ** 2
    return {"none": loss, "mean": np.mean(loss), "sum": np.sum(loss)}[reduction]
''',
    ),
    dict(
        id='msle_loss-author-assert',
        task='Task 2',
        cell='msle-answer',
        function='msle_loss',
        kind='other',
        source='author',
        why='(author) assert instead of raise ValueError',
        code='''
def msle_loss(input, target, reduction="mean"):
    assert np.all(input > -1) and np.all(target > -1), "input and target must be > -1"
    loss = (np.log1p(input) - np.log1p(target)) ** 2
    return {"none": loss, "mean": np.mean(loss), "sum": np.sum(loss)}[reduction]
''',
    ),
    dict(
        id='msle_loss-author-log-one-plus',
        task='Task 2',
        cell='msle-answer',
        function='msle_loss',
        kind='extreme',
        source='author',
        why='(author) np.log(1 + v): inaccurate for v near 1e-13',
        code='''
def msle_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError("reduction")
    if np.any(input <= -1): raise ValueError("input")
    if np.any(target <= -1): raise ValueError("target")
    loss = (np.log(1 + input) - np.log(1 + target)) ** 2
    return {"none": loss, "mean": np.mean(loss), "sum": np.sum(loss)}[reduction]
''',
    ),
    dict(
        id='BCEWithLogitsLoss-author-clip-eps',
        task='Task 3',
        cell='bce-answer',
        function='BCEWithLogitsLoss',
        kind='extreme',
        source='author',
        why='(author) probabilities clipped to [1e-7, 1 - 1e-7]: the loss at z = -1000, y = 1 is 16.1, not 1000',
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction
        self.pos_weight = 1.0 if pos_weight is None else pos_weight

    def __call__(self, input, target):
        z, y, w = input, target, self.pos_weight
        loss = -(w * y * np.log(np.clip(1 / (1 + np.exp(-z)), 1e-7, 1 - 1e-7)) + (1 - y) * np.log(1 - np.clip(1 / (1 + np.exp(-z)), 1e-7, 1 - 1e-7)))
        self.z, self.y = input, target
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        z, y, w = self.z, self.y, self.pos_weight
        p = np.exp(-np.logaddexp(0, -z))
        grad = (1 - y) * p - w * y * (1 - p)
        if self.reduction == "mean":
            grad = grad / z.size
        return grad
''',
    ),
    dict(
        id='BCEWithLogitsLoss-author-naive-softplus',
        task='Task 3',
        cell='bce-answer',
        function='BCEWithLogitsLoss',
        kind='extreme',
        source='author',
        why='(author) (1 - y) z + log1p(exp(-z)): inf at z = -1000',
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction
        self.pos_weight = 1.0 if pos_weight is None else pos_weight

    def __call__(self, input, target):
        z, y, w = input, target, self.pos_weight
        loss = (1 - y) * z + (1 + (w - 1) * y) * np.log1p(np.exp(-z))
        self.z, self.y = input, target
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        z, y, w = self.z, self.y, self.pos_weight
        p = np.exp(-np.logaddexp(0, -z))
        grad = (1 - y) * p - w * y * (1 - p)
        if self.reduction == "mean":
            grad = grad / z.size
        return grad
''',
    ),
    dict(
        id='BCEWithLogitsLoss-author-none-weight',
        task='Task 3',
        cell='bce-answer',
        function='BCEWithLogitsLoss',
        kind='ignored-arg',
        source='author',
        why='(author) pos_weight=None kept as None: None * float raises TypeError',
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction
        self.pos_weight = pos_weight

    def __call__(self, input, target):
        z, y, w = input, target, self.pos_weight
        loss = w * y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)
        self.z, self.y = input, target
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        z, y, w = self.z, self.y, self.pos_weight
        p = np.exp(-np.logaddexp(0, -z))
        grad = (1 - y) * p - w * y * (1 - p)
        if self.reduction == "mean":
            grad = grad / z.size
        return grad
''',
    ),
    dict(
        id='BCEWithLogitsLoss-author-rounded-targets',
        task='Task 3',
        cell='bce-answer',
        function='BCEWithLogitsLoss',
        kind='other-quantity',
        source='author',
        why='(author) soft targets rounded to labels',
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction
        self.pos_weight = 1.0 if pos_weight is None else pos_weight

    def __call__(self, input, target):
        z, y, w = input, target, self.pos_weight
        loss = np.where(y > 0.5, w * np.logaddexp(0, -z), np.logaddexp(0, z))
        self.z, self.y = input, target
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        z, y, w = self.z, self.y, self.pos_weight
        p = np.exp(-np.logaddexp(0, -z))
        grad = (1 - y) * p - w * y * (1 - p)
        if self.reduction == "mean":
            grad = grad / z.size
        return grad
''',
    ),
    dict(
        id='log_softmax-author-no-keepdims',
        task='Task 4',
        cell='ce-answer',
        function='log_softmax',
        kind='axes',
        source='author',
        why='(author) max and sum without keepdims: (4, 5) - (4,) does not broadcast',
        code='''
def log_softmax(input, dim=-1):
    m = np.max(input, axis=dim)
    return input - m - np.log(np.sum(np.exp(input - m), axis=dim))
''',
    ),
    dict(
        id='log_softmax-author-global-max',
        task='Task 4',
        cell='ce-answer',
        function='log_softmax',
        kind='extreme',
        source='author',
        why='(author) one max for the whole array: rows far below it underflow',
        code='''
def log_softmax(input, dim=-1):
    s = input - np.max(input)
    return s - np.log(np.sum(np.exp(s), axis=dim, keepdims=True))
''',
    ),
    dict(
        id='log_softmax-author-float64',
        task='Task 4',
        cell='ce-answer',
        function='log_softmax',
        kind='dtype',
        source='author',
        why='(author) np.asarray(input, dtype=np.float64): float32 not kept',
        code='''
def log_softmax(input, dim=-1):
    x = np.asarray(input, dtype=np.float64)
    s = x - np.max(x, axis=dim, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=dim, keepdims=True))
''',
    ),
    dict(
        id='CrossEntropyLoss-author-int64-only',
        task='Task 4',
        cell='ce-answer',
        function='CrossEntropyLoss',
        kind='dtype',
        source='author',
        why='(author) target.dtype == np.int64 misses int32 labels',
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        n, c = input.shape
        logp = input - np.max(input, axis=1, keepdims=True)
        logp = logp - np.log(np.sum(np.exp(logp), axis=1, keepdims=True))
        if target.dtype == np.int64:
            if np.any(target < 0) or np.any(target >= c):
                raise ValueError(f"target labels must be in 0..{c - 1}")
            q = np.zeros_like(input)
            q[np.arange(n), target] = 1
            loss = -logp[np.arange(n), target]
        else:
            q = target
            loss = -np.sum(q * logp, axis=1)
        self.logp, self.q = logp, q
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.exp(self.logp) - self.q
        if self.reduction == "mean":
            grad = grad / len(grad)
        return grad
''',
    ),
    dict(
        id='CrossEntropyLoss-author-negative-label',
        task='Task 4',
        cell='ce-answer',
        function='CrossEntropyLoss',
        kind='boundary',
        source='author',
        why='(author) label -1 accepted: it picks the last class',
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        n, c = input.shape
        logp = input - np.max(input, axis=1, keepdims=True)
        logp = logp - np.log(np.sum(np.exp(logp), axis=1, keepdims=True))
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target >= c):
                raise ValueError(f"target labels must be in 0..{c - 1}")
            q = np.zeros_like(input)
            q[np.arange(n), target] = 1
            loss = -logp[np.arange(n), target]
        else:
            q = target
            loss = -np.sum(q * logp, axis=1)
        self.logp, self.q = logp, q
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.exp(self.logp) - self.q
        if self.reduction == "mean":
            grad = grad / len(grad)
        return grad
''',
    ),
    dict(
        id='CrossEntropyLoss-author-index-error',
        task='Task 4',
        cell='ce-answer',
        function='CrossEntropyLoss',
        kind='boundary',
        source='author',
        why='(author) no label check: IndexError instead of ValueError',
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        n, c = input.shape
        logp = input - np.max(input, axis=1, keepdims=True)
        logp = logp - np.log(np.sum(np.exp(logp), axis=1, keepdims=True))
        if np.issubdtype(target.dtype, np.integer):
            pass
            q = np.zeros_like(input)
            q[np.arange(n), target] = 1
            loss = -logp[np.arange(n), target]
        else:
            q = target
            loss = -np.sum(q * logp, axis=1)
        self.logp, self.q = logp, q
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.exp(self.logp) - self.q
        if self.reduction == "mean":
            grad = grad / len(grad)
        return grad
''',
    ),
    dict(
        id='CrossEntropyLoss-author-log-of-softmax',
        task='Task 4',
        cell='ce-answer',
        function='CrossEntropyLoss',
        kind='extreme',
        source='author',
        why='(author) -log(softmax[label]): inf where the probability underflows',
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"reduction must be 'none', 'mean' or 'sum'; got {reduction!r}")
        self.reduction = reduction

    def __call__(self, input, target):
        n, c = input.shape
        logp = input - np.max(input, axis=1, keepdims=True)
        logp = logp - np.log(np.sum(np.exp(logp), axis=1, keepdims=True))
        if np.issubdtype(target.dtype, np.integer):
            if np.any(target < 0) or np.any(target >= c):
                raise ValueError(f"target labels must be in 0..{c - 1}")
            q = np.zeros_like(input)
            q[np.arange(n), target] = 1
            loss = -np.log(np.exp(logp)[np.arange(n), target])
        else:
            q = target
            loss = -np.sum(q * logp, axis=1)
        self.logp, self.q = logp, q
        if self.reduction == "mean":
            return np.mean(loss)
        if self.reduction == "sum":
            return np.sum(loss)
        return loss

    def backward(self):
        grad = np.exp(self.logp) - self.q
        if self.reduction == "mean":
            grad = grad / len(grad)
        return grad
''',
    ),
    dict(
        id='kl_div-author-eps',
        task='Task 5',
        cell='kl-answer',
        function='kl_div',
        kind='formula',
        source='author',
        why='(author) log(q + 1e-10) instead of the q = 0 case',
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "sum", "batchmean", "mean"):
        raise ValueError(f"reduction must be 'none', 'sum', 'batchmean' or 'mean'; got {reduction!r}")
    terms = target * (np.log(target + 1e-10) - input)
    if reduction == "sum":
        return np.sum(terms)
    if reduction == "batchmean":
        return np.sum(terms) / len(terms)
    if reduction == "mean":
        return np.mean(terms)
    return terms
''',
    ),
    dict(
        id='kl_div-author-default-mean',
        task='Task 5',
        cell='kl-answer',
        function='kl_div',
        kind='ignored-arg',
        source='author',
        why="(author) the default reduction is 'mean' (PyTorch's), not 'batchmean'",
        code='''
def kl_div(input, target, reduction="mean"):
    if reduction not in ("none", "sum", "batchmean", "mean"):
        raise ValueError(f"reduction must be 'none', 'sum', 'batchmean' or 'mean'; got {reduction!r}")
    terms = np.where(target > 0, target * (np.log(np.where(target > 0, target, 1)) - input), 0 * target)
    if reduction == "sum":
        return np.sum(terms)
    if reduction == "batchmean":
        return np.sum(terms) / len(terms)
    if reduction == "mean":
        return np.mean(terms)
    return terms
''',
    ),
    dict(
        id='kl_div-author-cross-entropy',
        task='Task 5',
        cell='kl-answer',
        function='kl_div',
        kind='other-quantity',
        source='author',
        why='(author) -q input, the cross-entropy, without the entropy term',
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ("none", "sum", "batchmean", "mean"):
        raise ValueError(f"reduction must be 'none', 'sum', 'batchmean' or 'mean'; got {reduction!r}")
    terms = -target * input
    if reduction == "sum":
        return np.sum(terms)
    if reduction == "batchmean":
        return np.sum(terms) / len(terms)
    if reduction == "mean":
        return np.mean(terms)
    return terms
''',
    ),
]

RIGHT += [
    dict(
        id='HuberLoss-author-loop',
        task='Task 1',
        cell='huber-answer',
        function='HuberLoss',
        source='author',
        why='a loop over the flattened residuals, the torch form |r| < delta for the quadratic branch',
        code='''
class HuberLoss:
    def __init__(self, reduction="mean", delta=1.0):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError("unknown reduction: " + str(reduction))
        if delta <= 0:
            raise ValueError("delta must be positive")
        self.reduction = reduction
        self.delta = delta

    def __call__(self, input, target):
        self.input, self.target = input, target
        r = (input - target).ravel()
        out = np.empty_like(r)
        for i, v in enumerate(r):
            out[i] = 0.5 * v * v if abs(v) < self.delta else self.delta * (abs(v) - 0.5 * self.delta)
        out = out.reshape(np.shape(input))
        if self.reduction == "none":
            return out
        return out.sum() if self.reduction == "sum" else out.mean()

    def backward(self):
        g = np.minimum(np.maximum(self.input - self.target, -self.delta), self.delta)
        return g / g.size if self.reduction == "mean" else g
''',
    ),
    dict(
        id='BCEWithLogitsLoss-author-torch-form',
        task='Task 3',
        cell='bce-answer',
        function='BCEWithLogitsLoss',
        source='author',
        why="PyTorch's form (1 - y) z + (1 + (w - 1) y) softplus(-z), softplus as max + log1p",
        code='''
class BCEWithLogitsLoss:
    def __init__(self, reduction="mean", pos_weight=None):
        if reduction not in {"none", "mean", "sum"}:
            raise ValueError(f"bad reduction {reduction!r}")
        self.reduction, self.pos_weight = reduction, pos_weight

    def __call__(self, input, target):
        self.z, self.y = input, target
        w = 1 if self.pos_weight is None else self.pos_weight
        sp = np.maximum(-input, 0) + np.log1p(np.exp(-np.abs(input)))
        loss = (1 - target) * input + (1 + (w - 1) * target) * sp
        if self.reduction == "mean":
            return loss.mean()
        return loss.sum() if self.reduction == "sum" else loss

    def backward(self):
        w = 1 if self.pos_weight is None else self.pos_weight
        z, y = self.z, self.y
        e = np.exp(-np.abs(z))
        sig = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
        g = (1 - y) * sig - w * y * (1 - sig)
        return g / z.size if self.reduction == "mean" else g
''',
    ),
    dict(
        id='CrossEntropyLoss-author-eye',
        task='Task 4',
        cell='ce-answer',
        function='CrossEntropyLoss',
        source='author',
        why='one-hot rows from np.eye, log-softmax inline through np.logaddexp.reduce',
        code='''
class CrossEntropyLoss:
    def __init__(self, reduction="mean"):
        if reduction not in ("none", "mean", "sum"):
            raise ValueError("reduction must be none, mean or sum")
        self.reduction = reduction

    def __call__(self, input, target):
        c = input.shape[1]
        if target.dtype.kind in "iu":
            if target.min() < 0 or target.max() >= c:
                raise ValueError("target has a label outside 0..C-1")
            target = np.eye(c, dtype=input.dtype)[target]
        lse = np.logaddexp.reduce(input, axis=1, keepdims=True)
        self.p, self.q = np.exp(input - lse), target
        losses = (target * (lse - input)).sum(axis=1)
        if self.reduction == "none":
            return losses
        return losses.sum() / (len(losses) if self.reduction == "mean" else 1)

    def backward(self):
        g = self.p - self.q
        return g / len(g) if self.reduction == "mean" else g
''',
    ),
    dict(
        id='kl_div-author-errstate',
        task='Task 5',
        cell='kl-answer',
        function='kl_div',
        source='author',
        why='q log q with np.errstate and np.nan_to_num-free masking after the fact',
        code='''
def kl_div(input, target, reduction="batchmean"):
    if reduction not in ["none", "sum", "mean", "batchmean"]:
        raise ValueError("reduction: unknown value " + repr(reduction))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = target * np.log(target) - target * input
    terms[target == 0] = 0
    if reduction == "none":
        return terms
    total = terms.sum()
    return {"sum": total, "batchmean": total / input.shape[0], "mean": total / input.size}[reduction]
''',
    ),
    dict(
        id='msle_loss-author-log-ratio',
        task='Task 2',
        cell='msle-answer',
        function='msle_loss',
        source='author',
        why='the log of the ratio (1 + input) / (1 + target), squared',
        code='''
def msle_loss(input, target, reduction="mean"):
    for name, v in (("input", input), ("target", target)):
        if (v <= -1).any():
            raise ValueError(f"{name} must be > -1")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction {reduction!r} is not 'none', 'mean' or 'sum'")
    loss = np.log1p(input) - np.log1p(target)
    loss = loss * loss
    return loss if reduction == "none" else (loss.mean() if reduction == "mean" else loss.sum())
''',
    ),
    dict(
        id='log_softmax-author-logsumexp',
        task='Task 4',
        cell='ce-answer',
        function='log_softmax',
        source='author',
        why='np.logaddexp.reduce along dim',
        code='''
def log_softmax(input, dim=-1):
    return input - np.logaddexp.reduce(input, axis=dim, keepdims=True)
''',
    ),
]

EXPECT = {
    'HuberLoss-plan-no-half': 'looks like the 1/2 of the quadratic branch is missing',
    'HuberLoss-plan-linear-no-offset': 'looks like the linear branch is delta \\* \\|r\\| without the - delta\\*\\*2 / 2',
    'HuberLoss-plan-smoothl1': 'looks like SmoothL1 \\(the Huber loss divided by delta\\), not Huber',
    'HuberLoss-plan-sum-for-mean': 'looks like a sum where the mean was wanted',
    'HuberLoss-plan-grad-not-over-n': 'looks like the gradient was not divided by input\\.size',
    'HuberLoss-plan-grad-sign': 'looks like the sign is flipped: the gradient of the loss with respect to input',
    'msle_loss-plan-log-not-log1p': 'looks like np\\.log instead of np\\.log1p',
    'msle_loss-plan-log-of-squared-error': 'looks like the log of the squared error',
    'msle_loss-plan-no-check': "returned .*nan.* instead of raising a ValueError naming 'input'",
    'msle_loss-plan-no-square': 'looks like the squared error of the logs was not squared',
    'BCEWithLogitsLoss-plan-naive-log-sigmoid': 'looks like log\\(sigmoid\\(z\\)\\) computed directly',
    'BCEWithLogitsLoss-plan-sign-error': 'looks like the sign is flipped: the loss is -\\[y log p',
    'BCEWithLogitsLoss-plan-grad-mse-chain': 'looks like \\(p - y\\) p \\(1 - p\\): the chain rule through a sigmoid',
    'BCEWithLogitsLoss-plan-grad-not-over-n': 'looks like the gradient was not divided by input\\.size',
    'BCEWithLogitsLoss-plan-pos-weight-negative': 'looks like pos_weight multiplies the negative term',
    'log_softmax-plan-no-max': 'looks like no max subtraction',
    'log_softmax-plan-dim0': 'looks like normalised along axis 0, not along dim=-1',
    'CrossEntropyLoss-plan-mean-over-nc': 'looks like divided by N C',
    'CrossEntropyLoss-plan-column-broadcast': 'looks like logp\\[:, target\\] picks whole columns',
    'CrossEntropyLoss-plan-grad-not-over-n': 'looks like softmax - onehot was not divided by N',
    'CrossEntropyLoss-plan-rejects-probabilities': 'raised TypeError.*The target here holds probability targets',
    'kl_div-plan-swapped': 'looks like the arguments are swapped',
    'kl_div-plan-mean-as-batchmean': "looks like divided by N \\(as 'batchmean'\\)",
    'kl_div-plan-0log0-nan': 'looks like 0 log 0 gave nan',
    'kl_div-plan-exp-twice': 'looks like exp was applied to input',
    'HuberLoss-author-python-float': 'of float32 arrays has dtype float64, expected float32',
    'HuberLoss-author-float64': 'of float32 arrays has dtype float64, expected float32',
    'HuberLoss-author-inplace': 'changed its argument #1 in place',
    'HuberLoss-author-keepdims': 'should be a single number; got an array of shape \\(1,\\)',
    'HuberLoss-author-delta-zero': 'HuberLoss\\(delta=0\\.0\\) did not raise',
    'msle_loss-author-minus-one': "msle_loss\\(\\[-1, 2\\], \\[0, 2\\]\\) returned .*inf.* instead of raising a ValueError naming 'input'",
    'msle_loss-author-assert': "raised AssertionError: .*expected a ValueError naming 'input'",
    'msle_loss-author-log-one-plus': 'looks like np\\.log\\(1 \\+ v\\) instead of np\\.log1p\\(v\\)',
    'BCEWithLogitsLoss-author-clip-eps': 'looks like the probabilities were clipped to \\[1e-07',
    'BCEWithLogitsLoss-author-naive-softplus': 'looks like \\(1 - y\\) z \\+ \\(1 \\+ \\(w\\+ - 1\\) y\\) log1p\\(exp\\(-z\\)\\)',
    'BCEWithLogitsLoss-author-none-weight': 'raised TypeError: .*pos_weight=None \\(the default\\) means a weight of 1',
    'BCEWithLogitsLoss-author-rounded-targets': 'looks like soft targets were rounded to labels',
    'log_softmax-author-no-keepdims': 'lost their axis: pass keepdims=True',
    'log_softmax-author-global-max': 'looks like one maximum for the whole array',
    'log_softmax-author-float64': 'log_softmax of a float32 array has dtype float64, expected float32',
    'CrossEntropyLoss-author-int64-only': 'for int32 labels raised ValueError.*holds integer labels \\(dtype int32',
    'CrossEntropyLoss-author-negative-label': "labels with a -1\\) returned .* instead of raising a ValueError naming 'target'",
    'CrossEntropyLoss-author-index-error': "raised IndexError: .*expected a ValueError naming 'target'",
    'CrossEntropyLoss-author-log-of-softmax': 'looks like -log\\(softmax\\(x\\)\\[label\\]\\)',
    'kl_div-author-eps': 'looks like log\\(q \\+ 1e-10\\)',
    'kl_div-author-default-mean': "with the default reduction \\('batchmean'\\) is wrong\\.\\n  looks like divided by N C",
    'kl_div-author-cross-entropy': 'looks like the entropy term was left out',
    'HuberLoss-smoothl1-divided-by-delta': 'looks like SmoothL1 \\(the Huber loss divided by delta\\), not Huber',
    'HuberLoss-delta-hardcoded-1': 'looks like delta is ignored: the default 1\\.0 was used',
    'HuberLoss-delta-zero-accepted': 'HuberLoss\\(delta=0\\.0\\) did not raise',
    'HuberLoss-mean-grad-not-divided': 'looks like the gradient was not divided by input\\.size',
    'HuberLoss-mean-grad-over-len': 'looks like divided by len\\(input\\), the number of rows, not by input\\.size',
    'HuberLoss-returns-python-float': "HuberLoss\\(reduction='mean', delta=0\\.7\\) of float32 arrays has dtype float64, expected float32",
    'HuberLoss-float64-cast': 'of float32 arrays has dtype float64, expected float32',
    'HuberLoss-residual-in-place': 'changed its argument #1 in place',
    'HuberLoss-grad-sign-outside': 'looks like sign\\(r\\) beyond delta',
    'HuberLoss-linear-branch-missing-delta': 'looks like delta \\* \\|r\\| - delta / 2 in the linear branch',
    'HuberLoss-reduction-checked-in-call': "HuberLoss\\(reduction='avg'\\) did not raise",
    'HuberLoss-sum-grad-divided': "looks like divided by input\\.size although reduction='sum' does not average",
    'msle_loss-log-of-one-plus': 'looks like np\\.log\\(1 \\+ v\\) instead of np\\.log1p\\(v\\)',
    'msle_loss-minus-one-allowed': "msle_loss\\(\\[-1, 2\\], \\[0, 2\\]\\) returned .*inf.* instead of raising a ValueError naming 'input'",
    'msle_loss-target-not-checked': "returned .*nan.* instead of raising a ValueError naming 'target'",
    'msle_loss-one-message-for-both': "raised ValueError\\(.*\\); the message should name 'target'",
    'msle_loss-rmsle': 'looks like the square root of the mean \\(RMSLE\\)',
    'msle_loss-mean-over-len': 'looks like divided by len\\(input\\), the number of rows',
    'msle_loss-python-float': "msle_loss\\(reduction='mean'\\) of float32 arrays has dtype float64, expected float32",
    'msle_loss-float64-cast': 'of float32 arrays has dtype float64, expected float32',
    'msle_loss-log1p-out-input': 'changed its argument #1 in place',
    'msle_loss-unknown-reduction-sums': "reduction='avg'\\) returned .* instead of raising a ValueError naming 'reduction'",
    'BCEWithLogitsLoss-naive-sigmoid-log': 'looks like log\\(sigmoid\\(z\\)\\) computed directly',
    'BCEWithLogitsLoss-clip-probability': 'looks like the probabilities were clipped to \\[',
    'BCEWithLogitsLoss-softplus-log1p-exp': 'looks like softplus written as np\\.log1p\\(np\\.exp\\(u\\)\\)',
    'BCEWithLogitsLoss-pos-weight-on-negatives': 'looks like pos_weight multiplies the negative term',
    'BCEWithLogitsLoss-grad-ignores-pos-weight': 'looks like pos_weight is ignored in the backward',
    'BCEWithLogitsLoss-grad-weighted-residual': 'looks like \\(p - y\\)\\(1 \\+ \\(w\\+ - 1\\) y\\): that holds for labels 0 and 1 only',
    'BCEWithLogitsLoss-pos-weight-as-array': 'of float32 arrays has dtype float64, expected float32',
    'BCEWithLogitsLoss-mean-over-rows': 'looks like divided by len\\(input\\), the number of rows, not by input\\.size',
    'BCEWithLogitsLoss-mean-grad-not-divided': 'looks like the gradient was not divided by input\\.size',
    'BCEWithLogitsLoss-no-reduction-check': "BCEWithLogitsLoss\\(reduction='avg'\\) did not raise",
    'log_softmax-no-max-shift': 'looks like no max subtraction',
    'log_softmax-log-of-stable-softmax': 'looks like np\\.log\\(softmax\\): where a probability underflows to 0',
    'log_softmax-global-max': 'looks like one maximum for the whole array',
    'log_softmax-no-keepdims': 'lost their axis: pass keepdims=True',
    'log_softmax-dim-ignored': 'looks like normalised along axis 1, not along dim=0',
    'log_softmax-float64-cast': 'log_softmax of a float32 array has dtype float64, expected float32',
    'log_softmax-shift-in-place': 'log_softmax\\(\\[0, 0, log 2\\]\\) changed its argument #1 in place',
    'CrossEntropyLoss-soft-mean-over-NC': 'looks like divided by N C',
    'CrossEntropyLoss-negative-label-accepted': "labels with a -1\\) returned .* instead of raising a ValueError naming 'target'",
    'CrossEntropyLoss-label-C-off-by-one': "labels with a 4\\).*(raised IndexError|instead of raising a ValueError naming 'target')",
    'CrossEntropyLoss-mean-grad-not-divided': 'looks like softmax - onehot was not divided by N',
    'CrossEntropyLoss-int64-only': 'for int32 labels raised ValueError.*holds integer labels \\(dtype int32',
    'CrossEntropyLoss-eye-onehot-float64-grad': 'backward\\(\\) for float32 logits, target dtype int64 has dtype float64, expected float32',
    'CrossEntropyLoss-soft-to-argmax': 'looks like probability targets were replaced by their argmax labels',
    'CrossEntropyLoss-naive-softmax-backward': 'looks like softmax recomputed in backward without subtracting the row maximum',
    'CrossEntropyLoss-none-keepdims': 'has shape \\(2, 1\\), expected \\(2,\\)',
    'CrossEntropyLoss-backward-mutates-state': 'a second backward\\(\\) call after the same forward call is wrong',
    'CrossEntropyLoss-python-float': "CrossEntropyLoss\\(reduction='mean'\\) of float32 logits, target dtype int64 has dtype float64",
    'kl_div-zero-target-nan': 'looks like 0 log 0 gave nan',
    'kl_div-arguments-swapped': 'looks like the arguments are swapped',
    'kl_div-input-as-probabilities': 'looks like q log\\(q / input\\): input is already log p',
    'kl_div-default-mean': "with the default reduction \\('batchmean'\\) is wrong\\.\\n  looks like divided by N C",
    'kl_div-batchmean-is-mean': "reduction='batchmean'\\) of the same rows is wrong\\.\\n  looks like divided by N C",
    'kl_div-mean-over-rows': "looks like divided by N \\(as 'batchmean'\\)",
    'kl_div-none-row-sums': "reduction='none'\\) has shape \\(2,\\), expected \\(2, 2\\)",
    'kl_div-eps-in-log': 'looks like log\\(q \\+ 1e-',
    'kl_div-zeros-replaced-in-place': 'changed its argument #2 in place',
    'kl_div-float64-zeros': "kl_div\\(reduction='none'\\) of float32 arrays has dtype float64, expected float32",
    'kl_div-unknown-reduction-batchmean': "reduction='avg'\\) returned .* instead of raising a ValueError naming 'reduction'",
}

ALLOWED = {
    'BCEWithLogitsLoss-pytorch-formula': "Task 3 now says the loss is exact to a relative 1e-6 or an absolute 1e-12, which PyTorch's rearrangement meets",
}
