"""Plausible wrong answers for chapter 4's graded exercise."""

WRONG = []
RIGHT = []

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
}

ALLOWED = {
}
