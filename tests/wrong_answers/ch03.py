"""Plausible wrong answers for chapter 3's graded exercise, written from the task text and the page only."""

WRONG = [
    # ------------------------------------------------------------------------------------------
    # Task 1: sigmoid
    # ------------------------------------------------------------------------------------------
    dict(
        id="sigmoid-exp-over-one-plus-exp",
        task="Task 1",
        cell="act-answer",
        function="sigmoid",
        kind="extreme",
        why="the 'other' form e^z / (1 + e^z) used everywhere: at z = 1000 exp overflows to inf and "
            "inf / inf is NaN (must be 1.0), exactly what the task forbids",
        code='''
def sigmoid(z):
    e = np.exp(z)
    return e / (1 + e)
''',
    ),
    dict(
        id="sigmoid-sign-flipped",
        task="Task 1",
        cell="act-answer",
        function="sigmoid",
        kind="formula",
        why="drops the minus in e^{-z}, so it computes sigma(-z): at z = 2 it gives 0.119 instead of 0.881 "
            "(only z = 0 comes out right)",
        code='''
def sigmoid(z):
    return 1 / (1 + np.exp(z))
''',
    ),
    dict(
        id="sigmoid-clip-10",
        task="Task 1",
        cell="act-answer",
        function="sigmoid",
        kind="extreme",
        why="clips z to [-10, 10] to avoid overflow: no NaN, but at z = -20 it returns 4.5e-5 instead of "
            "2.1e-9 and at z = 20 it returns 0.99995 instead of 1 - 2e-9 (off by far more than rtol 1e-5)",
        code='''
def sigmoid(z):
    z = np.clip(z, -10, 10)
    return 1 / (1 + np.exp(-z))
''',
    ),
    dict(
        id="sigmoid-out-aliases-z",
        task="Task 1",
        cell="act-answer",
        function="sigmoid",
        kind="state-order",
        why="`out = z` is not a copy: the stable two-branch formula is right, but the caller's z is "
            "overwritten with sigma(z) (z = [-1., 0., 2.] becomes [0.269, 0.5, 0.881]); the task says "
            "'Do not modify z'",
        code='''
def sigmoid(z):
    out = z
    pos = z >= 0
    neg = ~pos
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[neg])
    out[neg] = e / (1 + e)
    return out
''',
    ),
    dict(
        id="sigmoid-zero-in-neither-branch",
        task="Task 1",
        cell="act-answer",
        function="sigmoid",
        kind="boundary",
        why="stable two-branch version with masks z > 0 and z < 0 on a zero-filled output: z = 0 falls "
            "in neither branch and sigmoid(0) comes out 0.0 instead of 0.5",
        code='''
def sigmoid(z):
    z = np.asarray(z)
    out = np.zeros(z.shape)
    pos, neg = z > 0, z < 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[neg])
    out[neg] = e / (1 + e)
    return out
''',
    ),
    dict(
        id="sigmoid-empty-like-int",
        task="Task 1",
        cell="act-answer",
        function="sigmoid",
        kind="dtype",
        ambiguous=True,
        why="output allocated with np.empty_like(z): for an integer array z = np.arange(-2, 3) every "
            "value is truncated to 0 (must be [0.119, 0.269, 0.5, 0.731, 0.881]); float input is fine. "
            "Ambiguous: 'for arrays of any shape' does not say whether integer arrays must be accepted",
        code='''
def sigmoid(z):
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1 + e)
    return out
''',
    ),
    dict(
        id="sigmoid-math-exp-loop",
        task="Task 1",
        cell="act-answer",
        function="sigmoid",
        kind="other",
        why="a loop over range(len(z)) with math.exp: only 1-D works; for a 2-D z = np.zeros((2, 3)) "
            "math.exp gets a row and raises TypeError, a 0-d array has no len(), and even in 1-D "
            "math.exp(1000) at z = -1000 raises OverflowError instead of returning 0",
        code='''
def sigmoid(z):
    import math
    out = np.zeros(len(z))
    for i in range(len(z)):
        out[i] = 1 / (1 + math.exp(-z[i]))
    return out
''',
    ),
    dict(
        id="sigmoid-tanh-without-half",
        task="Task 1",
        cell="act-answer",
        function="sigmoid",
        kind="formula",
        why="remembers sigma(z) = (1 + tanh(z/2)) / 2 but forgets the z/2: at z = 1 it gives 0.881 "
            "instead of 0.731 (right only at z = 0)",
        code='''
def sigmoid(z):
    return (1 + np.tanh(z)) / 2
''',
    ),
    dict(
        id="sigmoid-float32-upcast",
        task="Task 1",
        cell="act-answer",
        function="sigmoid",
        kind="dtype",
        ambiguous=True,
        why="converts z to float64 first 'to be safe': values right, but a float32 z returns a float64 "
            "array (the lazylearn layers keep float32). Ambiguous: the task text never says the result "
            "must keep z's dtype",
        code='''
def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 1: sigmoid_backward
    # ------------------------------------------------------------------------------------------
    dict(
        id="sigmoid_backward-ignores-grad_out",
        task="Task 1",
        cell="act-answer",
        function="sigmoid_backward",
        kind="ignored-arg",
        why="returns only the local derivative sigma(1 - sigma) and drops grad_out: right only when "
            "grad_out is all ones; with z = 0 and grad_out = 2 it gives 0.25 instead of 0.5",
        code='''
def sigmoid_backward(z, grad_out):
    s = sigmoid(z)
    return s * (1 - s)
''',
    ),
    dict(
        id="sigmoid_backward-z-as-output",
        task="Task 1",
        cell="act-answer",
        function="sigmoid_backward",
        kind="formula",
        why="the page says the derivative is written 'in terms of the activation's output' and "
            "lazylearn's Sigmoid.backward uses its saved output; here the argument is the input z, so "
            "z (1 - z) is wrong: at z = 0 it gives 0 instead of 0.25 * grad_out, at z = 2 it gives -2",
        code='''
def sigmoid_backward(z, grad_out):
    return grad_out * z * (1 - z)
''',
    ),
    dict(
        id="sigmoid_backward-quotient-overflow",
        task="Task 1",
        cell="act-answer",
        function="sigmoid_backward",
        kind="extreme",
        why="the textbook derivative e^{-z} / (1 + e^{-z})^2 is right for moderate z, but at z = -1000 "
            "it is inf / inf = NaN (the true value is 0)",
        code='''
def sigmoid_backward(z, grad_out):
    e = np.exp(-z)
    return grad_out * e / (1 + e) ** 2
''',
    ),
    dict(
        id="sigmoid_backward-quotient-no-square",
        task="Task 1",
        cell="act-answer",
        function="sigmoid_backward",
        kind="formula",
        why="quotient rule with the square of the denominator forgotten: e^{-z} / (1 + e^{-z}) is "
            "sigma(-z), not sigma'(z); at z = 0 it gives 0.5 instead of 0.25 (grad_out = 1)",
        code='''
def sigmoid_backward(z, grad_out):
    e = np.exp(-np.abs(z))
    s_neg = np.where(z >= 0, e / (1 + e), 1 / (1 + e))
    return grad_out * s_neg
''',
    ),
    dict(
        id="sigmoid_backward-dot-not-elementwise",
        task="Task 1",
        cell="act-answer",
        function="sigmoid_backward",
        kind="formula",
        why="'multiply by the local derivative' done with np.dot: for 1-D z = grad_out = [0, 0, 0] it "
            "returns the scalar 0.75 instead of [0.25, 0.25, 0.25]; for z of shape (2, 3) it raises; "
            "the task says entry by entry",
        code='''
def sigmoid_backward(z, grad_out):
    s = sigmoid(z)
    return np.dot(grad_out, s * (1 - s))
''',
    ),
    dict(
        id="sigmoid_backward-inplace-grad_out",
        task="Task 1",
        cell="act-answer",
        function="sigmoid_backward",
        kind="state-order",
        ambiguous=True,
        why="multiplies grad_out in place and returns it: the value is right but the caller's grad_out "
            "(e.g. np.ones(3)) becomes [0.25, ...] and an integer grad_out = np.ones(3, int) raises "
            "UFuncTypeError. Ambiguous: 'Do not modify z' says nothing about grad_out",
        code='''
def sigmoid_backward(z, grad_out):
    s = sigmoid(z)
    grad_out *= s * (1 - s)
    return grad_out
''',
    ),
    dict(
        id="sigmoid_backward-tanh-derivative",
        task="Task 1",
        cell="act-answer",
        function="sigmoid_backward",
        kind="formula",
        why="mixes up the page's two bell-shaped derivatives and uses 1 - s^2 (tanh's form) with "
            "s = sigmoid(z): at z = 0 it gives 0.75 instead of 0.25",
        code='''
def sigmoid_backward(z, grad_out):
    s = sigmoid(z)
    return grad_out * (1 - s ** 2)
''',
    ),
    dict(
        id="sigmoid_backward-float32-upcast",
        task="Task 1",
        cell="act-answer",
        function="sigmoid_backward",
        kind="dtype",
        ambiguous=True,
        why="casts both arguments to float64: for float32 z and grad_out the result is float64 instead "
            "of float32 (values right). Ambiguous: the task text never says the result keeps the "
            "inputs' dtype",
        code='''
def sigmoid_backward(z, grad_out):
    s = sigmoid(np.asarray(z, dtype=np.float64))
    return np.asarray(grad_out, dtype=np.float64) * s * (1 - s)
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 1: relu
    # ------------------------------------------------------------------------------------------
    dict(
        id="relu-np-max-axis",
        task="Task 1",
        cell="act-answer",
        function="relu",
        kind="axes",
        why="np.max(z, 0) is a reduction along axis 0, not max(0, z) entry by entry: for z = [-1., 2.] "
            "it returns the scalar 2.0 instead of [0., 2.]",
        code='''
def relu(z):
    return np.max(z, 0)
''',
    ),
    dict(
        id="relu-builtin-max",
        task="Task 1",
        cell="act-answer",
        function="relu",
        kind="return-type",
        why="copies max(0, z) from the formula with Python's builtin max: for z = [-1., 2.] it raises "
            "'truth value of an array ... is ambiguous'; it only works for a Python number",
        code='''
def relu(z):
    return max(0, z)
''',
    ),
    dict(
        id="relu-inplace",
        task="Task 1",
        cell="act-answer",
        function="relu",
        kind="state-order",
        why="zeroes the negative entries of z itself: the return value is right but z = [-1., 2.] is "
            "left as [0., 2.], and the task says 'Do not modify z'",
        code='''
def relu(z):
    z[z < 0] = 0
    return z
''',
    ),
    dict(
        id="relu-returns-mask",
        task="Task 1",
        cell="act-answer",
        function="relu",
        kind="other-quantity",
        why="returns the indicator [z > 0] (relu's derivative) instead of relu itself: at z = 3 it gives "
            "1.0 instead of 3.0",
        code='''
def relu(z):
    return (z > 0).astype(float)
''',
    ),
    dict(
        id="relu-times-mask-minus-inf",
        task="Task 1",
        cell="act-answer",
        function="relu",
        kind="extreme",
        ambiguous=True,
        why="z * (z > 0) is right for finite z, but at z = -inf it is -inf * 0 = NaN instead of 0. "
            "Ambiguous: 'for arrays of any shape' does not say whether infinite entries are allowed",
        code='''
def relu(z):
    return z * (z > 0)
''',
    ),
    dict(
        id="relu-list-comprehension",
        task="Task 1",
        cell="act-answer",
        function="relu",
        kind="other",
        why="elementwise max over the first axis only: right for 1-D, but for a 2-D z = [[-1., 2.]] "
            "max(0, row) raises ValueError, and a 0-d array cannot be iterated",
        code='''
def relu(z):
    return np.array([max(0.0, v) for v in z])
''',
    ),
    dict(
        id="relu-float32-upcast",
        task="Task 1",
        cell="act-answer",
        function="relu",
        kind="dtype",
        ambiguous=True,
        why="compares against np.zeros(z.shape), a float64 array: a float32 z comes back float64 "
            "(an integer z comes back float64 too). Ambiguous: the task never says the dtype of z must "
            "be kept",
        code='''
def relu(z):
    return np.maximum(z, np.zeros(np.shape(z)))
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 1: relu_backward
    # ------------------------------------------------------------------------------------------
    dict(
        id="relu_backward-one-at-zero",
        task="Task 1",
        cell="act-answer",
        function="relu_backward",
        kind="boundary",
        why="uses z >= 0, so relu'(0) = 1: at z = 0 with grad_out = 1 it returns 1 instead of 0 (the task "
            "states relu'(z) = 0 for z <= 0)",
        code='''
def relu_backward(z, grad_out):
    return grad_out * (z >= 0)
''',
    ),
    dict(
        id="relu_backward-ignores-grad_out",
        task="Task 1",
        cell="act-answer",
        function="relu_backward",
        kind="ignored-arg",
        why="returns the local derivative [z > 0] only: with z = [1., -1.] and grad_out = [3., 3.] it "
            "gives [1., 0.] instead of [3., 0.]",
        code='''
def relu_backward(z, grad_out):
    return (z > 0).astype(float)
''',
    ),
    dict(
        id="relu_backward-times-relu",
        task="Task 1",
        cell="act-answer",
        function="relu_backward",
        kind="formula",
        why="multiplies by relu(z) instead of relu'(z): at z = 3 with grad_out = 1 it returns 3 "
            "instead of 1 (right only where z is 0 or 1 or negative)",
        code='''
def relu_backward(z, grad_out):
    return grad_out * np.maximum(z, 0)
''',
    ),
    dict(
        id="relu_backward-mask-from-grad_out",
        task="Task 1",
        cell="act-answer",
        function="relu_backward",
        kind="formula",
        why="masks with the sign of grad_out instead of z: z = [1., -1.] with grad_out = [-2., 5.] "
            "gives [0., 5.] instead of [-2., 0.]",
        code='''
def relu_backward(z, grad_out):
    return grad_out * (grad_out > 0)
''',
    ),
    dict(
        id="relu_backward-sign",
        task="Task 1",
        cell="act-answer",
        function="relu_backward",
        kind="formula",
        why="'the derivative of relu is the sign of z': at z = -1 with grad_out = 1 it returns -1 "
            "instead of 0",
        code='''
def relu_backward(z, grad_out):
    return grad_out * np.sign(z)
''',
    ),
    dict(
        id="relu_backward-inplace-grad_out",
        task="Task 1",
        cell="act-answer",
        function="relu_backward",
        kind="state-order",
        ambiguous=True,
        why="the cs231n idiom without the copy: grad_out[z <= 0] = 0 returns the right values but "
            "zeroes the caller's grad_out (z = [1., -1.], grad_out = np.ones(2) is left as [1., 0.]). "
            "Ambiguous: 'Do not modify z' says nothing about grad_out",
        code='''
def relu_backward(z, grad_out):
    grad_out[z <= 0] = 0
    return grad_out
''',
    ),
    dict(
        id="relu_backward-mask-built-in-z",
        task="Task 1",
        cell="act-answer",
        function="relu_backward",
        kind="state-order",
        why="turns z itself into the 0/1 mask: values right, but z = [2., -1., 0.5] is left as "
            "[1., 0., 1.], and the task says 'Do not modify z'",
        code='''
def relu_backward(z, grad_out):
    z[z > 0] = 1
    z[z <= 0] = 0
    return grad_out * z
''',
    ),
    dict(
        id="relu_backward-heaviside-half",
        task="Task 1",
        cell="act-answer",
        function="relu_backward",
        kind="boundary",
        why="np.heaviside(z, 0.5) takes the 'average' convention at the kink: at z = 0 it returns "
            "0.5 * grad_out instead of 0",
        code='''
def relu_backward(z, grad_out):
    return grad_out * np.heaviside(z, 0.5)
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 2: linear_forward
    # ------------------------------------------------------------------------------------------
    dict(
        id="linear_forward-no-transpose",
        task="Task 2",
        cell="linear-answer",
        function="linear_forward",
        kind="axes",
        why="x @ W instead of x @ W.T: raises for x (4, 3), W (2, 3); when in = out (W of shape (2, 2), "
            "not symmetric) it runs and gives X W + b, the wrong numbers",
        code='''
def linear_forward(x, W, b):
    return x @ W + b
''',
    ),
    dict(
        id="linear_forward-column-convention",
        task="Task 2",
        cell="linear-answer",
        function="linear_forward",
        kind="axes",
        why="the column-vector convention z = W x + b: returns shape (out, N) = (2, 4) instead of "
            "(N, out) = (4, 2) for x (4, 3), W (2, 3)",
        code='''
def linear_forward(x, W, b):
    return W @ x.T + b[:, None]
''',
    ),
    dict(
        id="linear_forward-no-bias",
        task="Task 2",
        cell="linear-answer",
        function="linear_forward",
        kind="ignored-arg",
        why="forgets + b: right only for b = 0; with b = [1., -1.] every row is off by b",
        code='''
def linear_forward(x, W, b):
    return x @ W.T
''',
    ),
    dict(
        id="linear_forward-squeeze",
        task="Task 2",
        cell="linear-answer",
        function="linear_forward",
        kind="return-type",
        why="squeezes the result out of ch01/ch02 habit: with out = 1 (W (1, 3)) it returns shape (N,) "
            "instead of (N, 1), and with N = 1 shape (out,) instead of (1, out)",
        code='''
def linear_forward(x, W, b):
    return (x @ W.T + b).squeeze()
''',
    ),
    dict(
        id="linear_forward-neuron-sum",
        task="Task 2",
        cell="linear-answer",
        function="linear_forward",
        kind="formula",
        why="the neuron formula sum_j w_j x_j as np.sum(x * W, axis=1): broadcasts only when N = out or "
            "N = 1; for N = 1 it returns shape (out,) instead of (1, out), for N = out = 2 it pairs "
            "example n with neuron n only (wrong values), otherwise it raises",
        code='''
def linear_forward(x, W, b):
    return np.sum(x * W, axis=1) + b
''',
    ),
    dict(
        id="linear_forward-loop-wrong-dim",
        task="Task 2",
        cell="linear-answer",
        function="linear_forward",
        kind="axes",
        why="loop version that takes out_features from W.shape[1] (which is in_features): right only "
            "when in = out; for W (2, 3) it indexes W[2] and raises IndexError, for W (3, 2) it "
            "returns only 2 of the 3 outputs",
        code='''
def linear_forward(x, W, b):
    N = x.shape[0]
    Z = np.zeros((N, W.shape[1]))
    for n in range(N):
        for k in range(W.shape[1]):
            Z[n, k] = np.dot(W[k], x[n]) + b[k]
    return Z
''',
    ),
    dict(
        id="linear_forward-bias-column",
        task="Task 2",
        cell="linear-answer",
        function="linear_forward",
        kind="axes",
        why="adds b as a column, b.reshape(-1, 1): for N = 1 the result broadcasts to (out, out) = (2, 2) "
            "instead of (1, 2); for N = out it runs with b added along the wrong axis; otherwise it raises",
        code='''
def linear_forward(x, W, b):
    return x @ W.T + b.reshape(-1, 1)
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 2: linear_backward
    # ------------------------------------------------------------------------------------------
    dict(
        id="linear_backward-db-mean",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        kind="other-quantity",
        why="averages the bias gradient over the batch, which the task warns against (the 1/N is already "
            "in g): for N = 4 db is 4 times too small",
        code='''
def linear_backward(x, W, grad_out):
    return grad_out @ W, grad_out.T @ x, grad_out.mean(axis=0)
''',
    ),
    dict(
        id="linear_backward-divide-by-N",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        kind="other-quantity",
        why="divides dW and db by N 'to average over the batch': with a mean loss the 1/N is then "
            "counted twice; for N = 4 both are 4 times too small (dx is right)",
        code='''
def linear_backward(x, W, grad_out):
    N = x.shape[0]
    return grad_out @ W, grad_out.T @ x / N, grad_out.sum(axis=0) / N
''',
    ),
    dict(
        id="linear_backward-dW-transposed",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        kind="axes",
        why="dW = X^T g has shape (in, out) = (3, 2) instead of W's (2, 3) for x (4, 3), W (2, 3); "
            "for a square W it has the right shape but is transposed",
        code='''
def linear_backward(x, W, grad_out):
    return grad_out @ W, x.T @ grad_out, grad_out.sum(axis=0)
''',
    ),
    dict(
        id="linear_backward-db-wrong-axis",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        kind="axes",
        why="sums over the outputs instead of the batch: db has shape (N,) = (4,) instead of (out,) = (2,) "
            "(when N = out the shape is right and the numbers wrong)",
        code='''
def linear_backward(x, W, grad_out):
    return grad_out @ W, grad_out.T @ x, grad_out.sum(axis=1)
''',
    ),
    dict(
        id="linear_backward-db-keepdims",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        kind="return-type",
        why="keepdims=True gives db of shape (1, out) = (1, 2) instead of b's (out,) = (2,); the task says "
            "each gradient has the shape of what it is the gradient of",
        code='''
def linear_backward(x, W, grad_out):
    return grad_out @ W, grad_out.T @ x, grad_out.sum(axis=0, keepdims=True)
''',
    ),
    dict(
        id="linear_backward-db-total",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        kind="return-type",
        why="np.sum(grad_out) with no axis: db is one number (the sum over the batch and the outputs) "
            "instead of an array of shape (out,)",
        code='''
def linear_backward(x, W, grad_out):
    return grad_out @ W, grad_out.T @ x, np.sum(grad_out)
''',
    ),
    dict(
        id="linear_backward-dx-W-transposed",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        kind="axes",
        why="dx = g W^T 'because the forward had W^T': raises for W (2, 3); for a square, non-symmetric "
            "W (2, 2) it runs and returns wrong numbers",
        code='''
def linear_backward(x, W, grad_out):
    return grad_out @ W.T, grad_out.T @ x, grad_out.sum(axis=0)
''',
    ),
    dict(
        id="linear_backward-wrong-order",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        kind="other",
        why="returns (dW, db, dx), parameters first as in lazylearn's own listing, instead of the "
            "asked (dx, dW, db)",
        code='''
def linear_backward(x, W, grad_out):
    return grad_out.T @ x, grad_out.sum(axis=0), grad_out @ W
''',
    ),
    dict(
        id="linear_backward-returns-list",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        kind="return-type",
        ambiguous=True,
        why="returns a list [dx, dW, db], right values but not a tuple. Ambiguous: 'returning the tuple "
            "(dx, dW, db)' could mean the type tuple or just three values that unpack",
        code='''
def linear_backward(x, W, grad_out):
    return [grad_out @ W, grad_out.T @ x, grad_out.sum(axis=0)]
''',
    ),
    dict(
        id="linear_backward-loop-from-one",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        kind="off-by-one",
        why="loop over the examples copied from sum_{n=1}^{N} as range(1, N): the first example is "
            "missing from dW and db (for N = 1 both are zero)",
        code='''
def linear_backward(x, W, grad_out):
    dW = np.zeros(W.shape)
    db = np.zeros(W.shape[0])
    for n in range(1, x.shape[0]):
        dW += np.outer(grad_out[n], x[n])
        db += grad_out[n]
    return grad_out @ W, dW, db
''',
    ),
    dict(
        id="linear_backward-product-of-sums",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        kind="other-quantity",
        why="dW as the outer product of the summed g and the summed x, a sum of products replaced by a "
            "product of sums: right shape, right only for N = 1; wrong for any batch with N = 2",
        code='''
def linear_backward(x, W, grad_out):
    return grad_out @ W, np.outer(grad_out.sum(axis=0), x.sum(axis=0)), grad_out.sum(axis=0)
''',
    ),
    dict(
        id="linear_backward-zeros_like-int",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        kind="dtype",
        ambiguous=True,
        why="accumulates into np.zeros_like(W) and np.zeros_like(x): with integer x and W (e.g. "
            "np.arange) and float grad_out the gradients are truncated to integers (or the += raises). "
            "Ambiguous: the task gives shapes but never says whether integer x or W can be passed",
        code='''
def linear_backward(x, W, grad_out):
    dx = np.zeros_like(x)
    dW = np.zeros_like(W)
    db = np.zeros_like(W[:, 0])
    for n in range(x.shape[0]):
        for k in range(W.shape[0]):
            dW[k] = dW[k] + grad_out[n, k] * x[n]
            dx[n] = dx[n] + grad_out[n, k] * W[k]
            db[k] = db[k] + grad_out[n, k]
    return dx, dW, db
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 3: mse_backward
    # ------------------------------------------------------------------------------------------
    dict(
        id="mse_backward-divide-by-N",
        task="Task 3",
        cell="mse-answer",
        function="mse_backward",
        kind="other-quantity",
        why="the page's 2 (y_hat - y) / N for one output per example: with C = 3 outputs it is 3 times "
            "too large (right only for C = 1)",
        code='''
def mse_backward(y_hat, y):
    return 2 * (y_hat - y) / len(y_hat)
''',
    ),
    dict(
        id="mse_backward-no-factor-2",
        task="Task 3",
        cell="mse-answer",
        function="mse_backward",
        kind="formula",
        why="forgets the 2 from differentiating the square: every entry is half the right value "
            "(y_hat = [[1.]], y = [[0.]] gives 1 instead of 2)",
        code='''
def mse_backward(y_hat, y):
    return (y_hat - y) / y_hat.size
''',
    ),
    dict(
        id="mse_backward-sign-flipped",
        task="Task 3",
        cell="mse-answer",
        function="mse_backward",
        kind="formula",
        why="differentiates (y - y_hat)^2 and keeps (y - y_hat) without the chain rule's -1: "
            "y_hat = [[1.]], y = [[0.]] gives -2 instead of 2",
        code='''
def mse_backward(y_hat, y):
    return 2 * (y - y_hat) / y_hat.size
''',
    ),
    dict(
        id="mse_backward-no-mean",
        task="Task 3",
        cell="mse-answer",
        function="mse_backward",
        kind="other-quantity",
        why="the derivative of the squared error of one entry, 2 (y_hat - y), without the 1/(N C) of the "
            "mean: for shape (4, 2) it is 8 times too large",
        code='''
def mse_backward(y_hat, y):
    return 2 * (y_hat - y)
''',
    ),
    dict(
        id="mse_backward-scalar",
        task="Task 3",
        cell="mse-answer",
        function="mse_backward",
        kind="return-type",
        why="mixes up 'the mean' of the loss with the gradient and returns the single number "
            "mean(2 (y_hat - y)) instead of an array of y_hat's shape (4, 2)",
        code='''
def mse_backward(y_hat, y):
    return np.mean(2 * (y_hat - y))
''',
    ),
    dict(
        id="mse_backward-mean-axis0",
        task="Task 3",
        cell="mse-answer",
        function="mse_backward",
        kind="axes",
        why="averages over the batch axis: returns shape (C,) = (2,) instead of (N, C) = (4, 2)",
        code='''
def mse_backward(y_hat, y):
    return 2 * np.mean(y_hat - y, axis=0)
''',
    ),
    dict(
        id="mse_backward-N-times-N",
        task="Task 3",
        cell="mse-answer",
        function="mse_backward",
        kind="axes",
        why="'N C' read off as len(y_hat) * len(y), which is N * N: for shape (4, 2) it divides by 16 "
            "instead of 8 (right only when N = C)",
        code='''
def mse_backward(y_hat, y):
    return 2 * (y_hat - y) / (len(y_hat) * len(y))
''',
    ),
    dict(
        id="mse_backward-divide-by-C",
        task="Task 3",
        cell="mse-answer",
        function="mse_backward",
        kind="axes",
        why="divides by y_hat.shape[1] (C) only, the mean over the outputs of one example: for shape "
            "(4, 2) it is 4 times too large (right only for N = 1)",
        code='''
def mse_backward(y_hat, y):
    return 2 * (y_hat - y) / y_hat.shape[1]
''',
    ),
    dict(
        id="mse_backward-inplace-int",
        task="Task 3",
        cell="mse-answer",
        function="mse_backward",
        kind="dtype",
        ambiguous=True,
        why="in-place g *= 2; g /= g.size on g = y_hat - y: for integer y_hat and y (e.g. [[1, 2]], "
            "[[0, 0]]) the true division in place raises UFuncTypeError. Ambiguous: the task does not "
            "say whether integer predictions and targets can be passed",
        code='''
def mse_backward(y_hat, y):
    g = y_hat - y
    g *= 2
    g /= g.size
    return g
''',
    ),
    dict(
        id="mse_backward-modifies-y_hat",
        task="Task 3",
        cell="mse-answer",
        function="mse_backward",
        kind="state-order",
        ambiguous=True,
        why="y_hat -= y reuses the prediction's memory: the returned gradient is right but the caller's "
            "y_hat now holds y_hat - y (y_hat = [[1., 2.]], y = [[0.5, 0.5]] is left as [[0.5, 1.5]]). "
            "Ambiguous: unlike tasks 1 and 5, task 3 does not say 'do not modify' its inputs",
        code='''
def mse_backward(y_hat, y):
    y_hat -= y
    return 2 * y_hat / y_hat.size
''',
    ),
    dict(
        id="mse_backward-np-prod-upcast",
        task="Task 3",
        cell="mse-answer",
        function="mse_backward",
        kind="dtype",
        ambiguous=True,
        why="divides by np.prod(y_hat.shape), a NumPy int64, which under NumPy 2's promotion turns a "
            "float32 y_hat into a float64 gradient (with y_hat.size, a Python int, it stays float32). "
            "Ambiguous: the task only says 'same shape as y_hat', not the same dtype",
        code='''
def mse_backward(y_hat, y):
    return 2 * (y_hat - y) / np.prod(y_hat.shape)
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 4: train_step
    # ------------------------------------------------------------------------------------------
    dict(
        id="train_step-no-zero_grad",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="state-order",
        why="never resets the gradients: the first call is right, but on the second call p.grad holds "
            "the sum of both steps' gradients (two calls on Sequential(Linear(3, 4), ReLU(), "
            "Linear(4, 2)) with MSELoss give different parameters from two correct steps)",
        code='''
def train_step(model, loss_fn, x, y, lr):
    loss = loss_fn(model(x), y)
    model.backward(loss_fn.backward())
    for p in model.parameters():
        p.data -= lr * p.grad
    return float(loss)
''',
    ),
    dict(
        id="train_step-zero_grad-before-update",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="state-order",
        why="zero_grad between backward and the update, so every p.grad is zero when it is used: the "
            "parameters never change (the returned loss of the first call is right, the second call "
            "returns the same loss again)",
        code='''
def train_step(model, loss_fn, x, y, lr):
    loss = loss_fn(model(x), y)
    model.backward(loss_fn.backward())
    model.zero_grad()
    for p in model.parameters():
        p.data -= lr * p.grad
    return float(loss)
''',
    ),
    dict(
        id="train_step-zero_grad-at-end",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="state-order",
        why="resets the gradients after the update instead of first: right when the model arrives with "
            "clean gradients, wrong when a backward pass already ran on the model (e.g. a model whose "
            "p.grad is non-zero from an earlier model.backward) - the task says 'reset the gradients' "
            "as the first step",
        code='''
def train_step(model, loss_fn, x, y, lr):
    loss = loss_fn(model(x), y)
    model.backward(loss_fn.backward())
    for p in model.parameters():
        p.data -= lr * p.grad
    model.zero_grad()
    return float(loss)
''',
    ),
    dict(
        id="train_step-loss-after-update",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="other",
        why="returns the loss recomputed after the update (it 'shows the step worked'), not the loss "
            "before the update that the task asks for: the returned value is smaller than the correct one",
        code='''
def train_step(model, loss_fn, x, y, lr):
    model.zero_grad()
    loss_fn(model(x), y)
    model.backward(loss_fn.backward())
    for p in model.parameters():
        p.data -= lr * p.grad
    return float(loss_fn(model(x), y))
''',
    ),
    dict(
        id="train_step-rebinds-data",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="state-order",
        why="p.data = p.data - lr * p.grad makes a new array instead of updating in place: the model "
            "trains, but an array held elsewhere (w = model[0].weight.data before the call, or an "
            "optimizer's reference) is left unchanged; the task asks for p.data -= lr * p.grad in place",
        code='''
def train_step(model, loss_fn, x, y, lr):
    model.zero_grad()
    loss = loss_fn(model(x), y)
    model.backward(loss_fn.backward())
    for p in model.parameters():
        p.data = p.data - lr * p.grad
    return float(loss)
''',
    ),
    dict(
        id="train_step-gradient-ascent",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="formula",
        why="p.data += lr * p.grad climbs the loss: the parameters move in the opposite direction and "
            "the loss of the next call grows",
        code='''
def train_step(model, loss_fn, x, y, lr):
    model.zero_grad()
    loss = loss_fn(model(x), y)
    model.backward(loss_fn.backward())
    for p in model.parameters():
        p.data += lr * p.grad
    return float(loss)
''',
    ),
    dict(
        id="train_step-lr-hardcoded",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="ignored-arg",
        why="uses the chapter's lr = 0.1 instead of the argument: right for lr = 0.1, wrong for "
            "lr = 0.05 (steps twice too large)",
        code='''
def train_step(model, loss_fn, x, y, lr):
    model.zero_grad()
    loss = loss_fn(model(x), y)
    model.backward(loss_fn.backward())
    for p in model.parameters():
        p.data -= 0.1 * p.grad
    return float(loss)
''',
    ),
    dict(
        id="train_step-no-return",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="return-type",
        why="does the whole step but forgets the return: the result is None instead of the loss "
            "before the update",
        code='''
def train_step(model, loss_fn, x, y, lr):
    model.zero_grad()
    loss = loss_fn(model(x), y)
    model.backward(loss_fn.backward())
    for p in model.parameters():
        p.data -= lr * p.grad
''',
    ),
    dict(
        id="train_step-returns-numpy-scalar",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="return-type",
        ambiguous=True,
        why="returns loss_fn's value as is, a NumPy scalar of the input's dtype: for float64 data it is "
            "np.float64 (a float subclass, fine), but for a float32 model (Linear(..., dtype=np.float32)) "
            "and float32 x, y it is np.float32, not a Python float. Ambiguous: 'return the loss ... as a "
            "float' does not say whether a NumPy floating scalar counts",
        code='''
def train_step(model, loss_fn, x, y, lr):
    model.zero_grad()
    loss = loss_fn(model(x), y)
    model.backward(loss_fn.backward())
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss
''',
    ),
    dict(
        id="train_step-backward-of-loss-value",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="other",
        why="passes the loss value to model.backward instead of its gradient loss_fn.backward(): "
            "lazylearn rejects a scalar grad_output (ValueError) for any model and data",
        code='''
def train_step(model, loss_fn, x, y, lr):
    model.zero_grad()
    loss = loss_fn(model(x), y)
    model.backward(loss)
    for p in model.parameters():
        p.data -= lr * p.grad
    return float(loss)
''',
    ),
    dict(
        id="train_step-divide-by-batch",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="other-quantity",
        why="divides the gradient by the batch size 'to average it', but the mean loss already put the "
            "1/N in g (task 3): with N = 5 every step is 5 times too small",
        code='''
def train_step(model, loss_fn, x, y, lr):
    model.zero_grad()
    loss = loss_fn(model(x), y)
    model.backward(loss_fn.backward())
    for p in model.parameters():
        p.data -= lr * p.grad / len(x)
    return float(loss)
''',
    ),
    dict(
        id="train_step-weights-only",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="other",
        why="walks the layers and updates only each layer's .weight: the biases never change (every "
            "bias of Sequential(Linear(3, 4), ReLU(), Linear(4, 2)) stays at its initial value); the "
            "task says every parameter in model.parameters()",
        code='''
def train_step(model, loss_fn, x, y, lr):
    model.zero_grad()
    loss = loss_fn(model(x), y)
    model.backward(loss_fn.backward())
    for layer in model:
        if hasattr(layer, "weight"):
            layer.weight.data -= lr * layer.weight.grad
    return float(loss)
''',
    ),
    dict(
        id="train_step-loss-backward-first",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="state-order",
        why="asks loss_fn.backward() for the gradient before computing the loss of this forward pass: "
            "with a fresh loss_fn it raises RuntimeError, and on later calls it backpropagates the "
            "previous step's stale gradient",
        code='''
def train_step(model, loss_fn, x, y, lr):
    model.zero_grad()
    grad = loss_fn.backward()
    y_hat = model(x)
    loss = loss_fn(y_hat, y)
    model.backward(grad)
    for p in model.parameters():
        p.data -= lr * p.grad
    return float(loss)
''',
    ),
    dict(
        id="train_step-own-mse-value",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        kind="ignored-arg",
        why="uses loss_fn only for the gradient and returns its own mean squared error: right for "
            "MSELoss(), wrong for any other loss_fn, e.g. L1Loss() or MSELoss(reduction='sum')",
        code='''
def train_step(model, loss_fn, x, y, lr):
    model.zero_grad()
    y_hat = model(x)
    loss_fn(y_hat, y)
    model.backward(loss_fn.backward())
    for p in model.parameters():
        p.data -= lr * p.grad
    return float(np.mean((y_hat - y) ** 2))
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 5: numerical_gradient
    # ------------------------------------------------------------------------------------------
    dict(
        id="numerical_gradient-one-sided",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="formula",
        why="the one-sided difference (f(x + eps e_i) - f(x)) / eps instead of the central one: for "
            "f = sum(v**3), x = [2.], eps = 1e-3 it gives 12.006 instead of 12.000001",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    xc = np.array(x, dtype=float)
    f0 = f(xc)
    grad = np.zeros(xc.shape)
    for i in np.ndindex(xc.shape):
        old = xc[i]
        xc[i] = old + eps
        grad[i] = (f(xc) - f0) / eps
        xc[i] = old
    return grad
''',
    ),
    dict(
        id="numerical_gradient-eps-hardcoded",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="ignored-arg",
        why="picks its own step h = 1e-5 (the figure's 'best' range) and ignores eps: for f = sum(v**3), "
            "x = [1.], eps = 0.1 the central difference must be 3.01, it returns 3.0000000001",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    h = 1e-5
    xc = np.array(x, dtype=float)
    grad = np.zeros(xc.shape)
    for i in np.ndindex(xc.shape):
        old = xc[i]
        xc[i] = old + h
        f_plus = f(xc)
        xc[i] = old - h
        f_minus = f(xc)
        xc[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
''',
    ),
    dict(
        id="numerical_gradient-denominator-eps",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="formula",
        why="central difference divided by eps instead of 2 eps: every entry is twice the derivative "
            "(f = sum(v**2), x = [1.] gives 4 instead of 2)",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    xc = np.array(x, dtype=float)
    grad = np.zeros(xc.shape)
    for i in np.ndindex(xc.shape):
        old = xc[i]
        xc[i] = old + eps
        f_plus = f(xc)
        xc[i] = old - eps
        f_minus = f(xc)
        xc[i] = old
        grad[i] = (f_plus - f_minus) / eps
    return grad
''',
    ),
    dict(
        id="numerical_gradient-no-restore",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="state-order",
        why="nudges x itself and never puts the entry back: the gradient is right, but x = [1., 2.] is "
            "left as [1 - 1e-6, 2 - 1e-6]; the task says 'Leave x as it was'",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += eps
        f_plus = f(x)
        x[i] -= 2 * eps
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad
''',
    ),
    dict(
        id="numerical_gradient-restore-by-arithmetic",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="state-order",
        why="restores each entry with x[i] += eps after x[i] -= 2 * eps instead of saving the old value: "
            "floating-point rounding leaves x not bit-for-bit as it was (x = [0.1, 0.3, 0.7] changes in "
            "its last bits, so np.array_equal with the original is False)",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += eps
        f_plus = f(x)
        x[i] -= 2 * eps
        f_minus = f(x)
        x[i] += eps
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad
''',
    ),
    dict(
        id="numerical_gradient-aliased-copies",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="state-order",
        why="x_plus = x and x_minus = x are the same array as x, so the second nudge undoes the first "
            "and f(x_plus) == f(x_minus): the gradient is all zeros (f = sum(v**2), x = [1., 2.] gives "
            "[0, 0] instead of [2, 4])",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x_plus = x
        x_minus = x
        x_plus[i] = x[i] + eps
        x_minus[i] = x[i] - eps
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * eps)
    return grad
''',
    ),
    dict(
        id="numerical_gradient-copies-outside-loop",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="state-order",
        why="the two copies are made once, before the loop, and never reset: the nudges of earlier "
            "entries stay in place, so from the second entry on the difference mixes several "
            "directions (f = sum(v**2), x = [1., 2.] gives [2, 6] instead of [2, 4]); right for a "
            "linear f only",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros(x.shape)
    x_plus, x_minus = x.astype(float), x.astype(float)
    for i in np.ndindex(x.shape):
        x_plus[i] += eps
        x_minus[i] -= eps
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * eps)
    return grad
''',
    ),
    dict(
        id="numerical_gradient-range-len",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="axes",
        why="loops over range(len(x)) instead of np.ndindex(x.shape): right for 1-D x, but for a 2-D "
            "x = [[1., 2.], [3., 4.]] with f = sum(v**2) x[i] is a whole row, so each row is nudged at "
            "once and gets the row's summed derivative ([[6, 6], [14, 14]] instead of [[2, 4], [6, 8]])",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros(x.shape)
    for i in range(len(x)):
        x_plus = x.astype(float)
        x_plus[i] += eps
        x_minus = x.astype(float)
        x_minus[i] -= eps
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * eps)
    return grad
''',
    ),
    dict(
        id="numerical_gradient-flat-result",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="return-type",
        why="collects the partial derivatives in a list and returns np.array(list): for x of shape "
            "(2, 3) the result has shape (6,) instead of (2, 3)",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    grads = []
    for i in np.ndindex(x.shape):
        e = np.zeros(x.shape)
        e[i] = eps
        grads.append((f(x + e) - f(x - e)) / (2 * eps))
    return np.array(grads)
''',
    ),
    dict(
        id="numerical_gradient-relative-step",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="boundary",
        why="scales the step with the entry, h = eps * |x_i| (a 'relative' step): at an entry x_i = 0 "
            "the step is 0 and the result 0 / 0 = NaN (f = sum(v**2), x = [0., 1.] gives [nan, 2])",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    xc = np.array(x, dtype=float)
    grad = np.zeros(xc.shape)
    for i in np.ndindex(xc.shape):
        old = xc[i]
        h = eps * abs(old)
        xc[i] = old + h
        f_plus = f(xc)
        xc[i] = old - h
        f_minus = f(xc)
        xc[i] = old
        with np.errstate(invalid="ignore", divide="ignore"):
            grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
''',
    ),
    dict(
        id="numerical_gradient-skips-last",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="off-by-one",
        why="loops over range(x.size - 1) on a flat view: the last entry's derivative stays 0 "
            "(f = sum(v**2), x = [1., 2.] gives [2, 0] instead of [2, 4])",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    xc = np.array(x, dtype=float)
    flat = xc.reshape(-1)
    grad = np.zeros(flat.size)
    for j in range(flat.size - 1):
        old = flat[j]
        flat[j] = old + eps
        f_plus = f(xc)
        flat[j] = old - eps
        f_minus = f(xc)
        flat[j] = old
        grad[j] = (f_plus - f_minus) / (2 * eps)
    return grad.reshape(x.shape)
''',
    ),
    dict(
        id="numerical_gradient-stack-empty",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="boundary",
        ambiguous=True,
        why="collects the partial derivatives in a list and returns np.stack(list).reshape(x.shape): "
            "right for every non-empty x, but for an empty x = np.zeros(0) np.stack([]) raises "
            "ValueError instead of returning an empty array. Ambiguous: 'an array x of any shape' "
            "does not say whether empty arrays are included",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    grads = []
    for i in np.ndindex(x.shape):
        x_plus = np.array(x, dtype=float)
        x_minus = np.array(x, dtype=float)
        x_plus[i] += eps
        x_minus[i] -= eps
        grads.append((f(x_plus) - f(x_minus)) / (2 * eps))
    return np.stack(grads).reshape(x.shape)
''',
    ),
    dict(
        id="numerical_gradient-page-code-int",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        kind="dtype",
        ambiguous=True,
        why="the page's central_difference copied as is, with np.zeros_like(x) for the step and the "
            "result: for an integer x = np.array([1, 2]) step[j] = eps truncates to 0 and the result "
            "is the integer array [0, 0] instead of [2., 4.] (float x is fine). Ambiguous: 'an array x "
            "of any shape' does not say whether integer arrays can be passed",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros_like(x)
    for j in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[j] = eps
        grad[j] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad
''',
    ),
]

RIGHT = [
    dict(
        id="sigmoid-logaddexp",
        task="Task 1",
        cell="act-answer",
        function="sigmoid",
        why="sigma(z) = exp(-log(1 + e^{-z})) with np.logaddexp(0, -z), which never overflows: 1.0 at "
            "z = 1000, 0.0 at z = -1000, accurate in between, keeps float32",
        code='''
def sigmoid(z):
    return np.exp(-np.logaddexp(0, -np.asarray(z)))
''',
    ),
    dict(
        id="sigmoid-naive-errstate",
        task="Task 1",
        cell="act-answer",
        function="sigmoid",
        why="the plain formula with the overflow warning silenced: exp(1000) = inf gives 1 / inf = 0 "
            "at z = -1000, never NaN",
        code='''
def sigmoid(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-np.asarray(z)))
''',
    ),
    dict(
        id="sigmoid_backward-sigma-of-minus-z",
        task="Task 1",
        cell="act-answer",
        function="sigmoid_backward",
        why="uses the identity 1 - sigma(z) = sigma(-z), multiplied entry by entry with np.multiply",
        code='''
def sigmoid_backward(z, grad_out):
    return np.multiply(grad_out, sigmoid(z) * sigmoid(-np.asarray(z)))
''',
    ),
    dict(
        id="relu-where-negative",
        task="Task 1",
        cell="act-answer",
        function="relu",
        why="np.where(z < 0, 0, z) instead of np.maximum: same values (0 for negatives, z otherwise, NaN "
            "kept), z not modified, dtype kept",
        code='''
def relu(z):
    z = np.asarray(z)
    return np.where(z < 0, 0, z)
''',
    ),
    dict(
        id="relu_backward-mask-astype",
        task="Task 1",
        cell="act-answer",
        function="relu_backward",
        why="turns the boolean mask z > 0 into grad_out's own dtype before multiplying (float32 stays "
            "float32); 0 at z = 0, z not modified",
        code='''
def relu_backward(z, grad_out):
    grad_out = np.asarray(grad_out)
    mask = (np.asarray(z) > 0).astype(grad_out.dtype)
    return grad_out * mask
''',
    ),
    dict(
        id="linear_forward-einsum",
        task="Task 2",
        cell="linear-answer",
        function="linear_forward",
        why="np.einsum with the index names of the page, Z_nk = sum_j X_nj W_kj + b_k",
        code='''
def linear_forward(x, W, b):
    return np.einsum("nj,kj->nk", x, W) + b
''',
    ),
    dict(
        id="linear_backward-einsum",
        task="Task 2",
        cell="linear-answer",
        function="linear_backward",
        why="the three element-by-element sums of the page written as einsum, returned as a tuple",
        code='''
def linear_backward(x, W, grad_out):
    dx = np.einsum("nk,kj->nj", grad_out, W)
    dW = np.einsum("nk,nj->kj", grad_out, x)
    db = np.einsum("nk->k", grad_out)
    return (dx, dW, db)
''',
    ),
    dict(
        id="mse_backward-scale-factor",
        task="Task 3",
        cell="mse-answer",
        function="mse_backward",
        why="multiplies by the Python float 2.0 / (N * C) from the shape; keeps float32",
        code='''
def mse_backward(y_hat, y):
    N, C = np.shape(y_hat)
    return (y_hat - y) * (2.0 / (N * C))
''',
    ),
    dict(
        id="train_step-item-and-out",
        task="Task 4",
        cell="step-answer",
        function="train_step",
        why="loss.item() instead of float(loss), and the in-place update written as np.subtract(..., out=p.data)",
        code='''
def train_step(model, loss_fn, x, y, lr):
    model.zero_grad()
    y_hat = model(x)
    loss = loss_fn(y_hat, y)
    grad = loss_fn.backward()
    model.backward(grad)
    for p in model.parameters():
        np.subtract(p.data, lr * p.grad, out=p.data)
    return loss.item()
''',
    ),
    dict(
        id="numerical_gradient-flat-view",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        why="works on a float copy through a flat view (like the page's numerical_gradient_all) and "
            "reshapes the result; x itself is never touched",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    work = np.array(x, dtype=float)
    flat = work.reshape(-1)
    grad = np.zeros(flat.size)
    for j in range(flat.size):
        old = flat[j]
        flat[j] = old + eps
        up = f(work)
        flat[j] = old - eps
        down = f(work)
        flat[j] = old
        grad[j] = (up - down) / (2 * eps)
    return grad.reshape(np.shape(x))
''',
    ),
    dict(
        id="numerical_gradient-basis-vectors",
        task="Task 5",
        cell="numgrad-answer",
        function="numerical_gradient",
        why="builds each eps e_i as a fresh float array and evaluates f(x + eps e_i), f(x - eps e_i) on new "
            "arrays, so nothing needs restoring",
        code='''
def numerical_gradient(f, x, eps=1e-6):
    x = np.asarray(x)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        e = np.zeros(x.shape)
        e[i] = eps
        grad[i] = (f(x + e) - f(x - e)) / (2 * eps)
    return grad
''',
    ),
]


# ----------------------------------------------------------------------------------------------
# Added for tests/test_exercises.py (the entries above are the reviewer's, unchanged).
# EXPECT: for each WRONG entry, a regular expression the feedback of a test cell calling its
# function must match: the message that names the mistake (for a few, the error NumPy or
# lazylearn raises inside the answer, which points at the line at fault).
# ALLOWED: ambiguous entries that the task text, made precise, now allows; they keep full marks.

EXPECT = {
    "sigmoid-exp-over-one-plus-exp": r"looks like exp\(z\) / \(1 \+ exp\(z\)\) overflows",
    "sigmoid-sign-flipped": r"looks like sigmoid\(-z\): the minus sign of exp\(-z\) is missing",
    "sigmoid-clip-10": r"looks like z was clipped to \[-10, 10\]",
    "sigmoid-out-aliases-z": r"sigmoid changed its argument #1 in place",
    "sigmoid-zero-in-neither-branch": r"looks like z = 0 falls in neither branch",
    "sigmoid-empty-like-int": r"looks like the output was allocated with the integer dtype of z",
    "sigmoid-math-exp-loop": r"math range error|OverflowError|only (0-dimensional|length-1) arrays",
    "sigmoid-tanh-without-half": r"looks like \(1 \+ tanh\(z\)\) / 2: the identity needs tanh\(z / 2\)",
    "sigmoid-float32-upcast": r"sigmoid of a float32 array has dtype float64, expected float32",
    "sigmoid_backward-ignores-grad_out": r"looks like grad_out is ignored",
    "sigmoid_backward-z-as-output": r"looks like the derivative was taken at z as if z were the output",
    "sigmoid_backward-quotient-overflow": r"looks like e\^-z / \(1 \+ e\^-z\)\*\*2 overflows",
    "sigmoid_backward-quotient-no-square": r"looks like e\^-z / \(1 \+ e\^-z\) without the square",
    "sigmoid_backward-dot-not-elementwise": r"looks like np\.dot sums the products",
    "sigmoid_backward-inplace-grad_out": r"sigmoid_backward changed its argument #2 in place",
    "sigmoid_backward-tanh-derivative": r"looks like 1 - s\*\*2 is the derivative of tanh",
    "sigmoid_backward-float32-upcast": r"sigmoid_backward of float32 arrays has dtype float64, expected float32",
    "relu-np-max-axis": r"relu\(\[-2, 0, 3\]\) should be a NumPy array; got the single number 3",
    "relu-builtin-max": r"truth value of an array with more than one element is ambiguous",
    "relu-inplace": r"relu changed its argument #1 in place",
    "relu-returns-mask": r"looks like the mask z > 0 \(relu's derivative\)",
    "relu-times-mask-minus-inf": r"looks like z \* \(z > 0\) is -inf \* 0 = NaN",
    "relu-list-comprehension": r"truth value of an array with more than one element is ambiguous",
    "relu-float32-upcast": r"relu of a float32 array has dtype float64, expected float32",
    "relu_backward-one-at-zero": r"looks like relu'\(0\) taken as 1",
    "relu_backward-ignores-grad_out": r"looks like grad_out is ignored",
    "relu_backward-times-relu": r"looks like grad_out times relu\(z\), not times relu'\(z\)",
    "relu_backward-mask-from-grad_out": r"looks like the mask came from grad_out, not from z",
    "relu_backward-sign": r"looks like np\.sign\(z\) is not relu'\(z\)",
    "relu_backward-inplace-grad_out": r"relu_backward changed its argument #2 in place",
    "relu_backward-mask-built-in-z": r"relu_backward changed its argument #1 in place",
    "relu_backward-heaviside-half": r"looks like np\.heaviside\(z, 0\.5\)",
    "linear_forward-no-transpose": r"matmul: Input operand 1 has a mismatch in its core dimension|looks like x @ W instead",
    "linear_forward-column-convention": r"looks like the column convention W x \+ b",
    "linear_forward-no-bias": r"looks like the bias b is missing",
    "linear_forward-squeeze": r"\(N = 1\): shape \(1, 2\) has shape \(2,\), expected \(1, 2\)"
                              r"|with one output: shape \(5, 1\) has shape \(5,\)",
    "linear_forward-neuron-sum": r"looks like np\.sum\(x \* W, axis=1\), the neuron's sum",
    "linear_forward-loop-wrong-dim": r"index 2 is out of bounds for axis 0 with size 2",
    "linear_forward-bias-column": r"looks like the bias was added as a column",
    "linear_backward-db-mean": r"looks like averaged over the batch: the 1/N of a mean loss is already inside g",
    "linear_backward-divide-by-N": r"looks like divided by N: the 1/N of a mean loss is already inside g",
    "linear_backward-dW-transposed": r"looks like x\.T @ g is the transpose of dW",
    "linear_backward-db-wrong-axis": r"looks like summed over the outputs \(axis=1\)",
    "linear_backward-db-keepdims": r"looks like keepdims=True: db must have the shape of b",
    "linear_backward-db-total": r"looks like one total sum over everything",
    "linear_backward-dx-W-transposed": r"matmul: Input operand 1 has a mismatch in its core dimension|looks like g W\.T",
    "linear_backward-wrong-order": r"linear_backward returned \(dW, db, dx\): the order must be \(dx, dW, db\)",
    "linear_backward-returns-list": r"linear_backward must return the tuple \(dx, dW, db\); got list",
    "linear_backward-loop-from-one": r"looks like the first example is missing \(a loop from 1\)",
    "linear_backward-product-of-sums": r"looks like a product of sums",
    "mse_backward-divide-by-N": r"looks like divided by N only",
    "mse_backward-no-factor-2": r"looks like the factor 2 of the square's derivative is missing",
    "mse_backward-sign-flipped": r"every entry has the opposite sign: a sign error \(e\.g\. \(y - y_hat\)",
    "mse_backward-no-mean": r"looks like not divided by N C: that is the gradient of the sum",
    "mse_backward-scalar": r"looks like one number, the mean of 2 \(y_hat - y\)",
    "mse_backward-mean-axis0": r"looks like a mean over the batch axis",
    "mse_backward-N-times-N": r"looks like divided by N \* N",
    "mse_backward-divide-by-C": r"looks like divided by C only",
    "mse_backward-modifies-y_hat": r"mse_backward changed its argument #1 in place",
    "mse_backward-np-prod-upcast": r"mse_backward of float32 arrays has dtype float64, expected float32",
    "train_step-no-zero_grad": r"looks like stale gradients",
    "train_step-zero_grad-before-update": r"looks like the gradients were reset between backward and the update",
    "train_step-zero_grad-at-end": r"looks like stale gradients: .*resetting after the update is too late",
    "train_step-loss-after-update": r"looks like the loss after the update",
    "train_step-rebinds-data": r"p\.data was replaced by a new array",
    "train_step-gradient-ascent": r"looks like a step up the gradient",
    "train_step-lr-hardcoded": r"looks like lr is ignored: the chapter's 0\.1",
    "train_step-no-return": r"the loss returned by train_step: got None\. Did you forget to `return`",
    "train_step-returns-numpy-scalar": r"train_step returned float32 for a float32 model; the task asks for a Python float",
    "train_step-backward-of-loss-value": r"backward.*grad_output.*shape \(\)|grad_output",
    "train_step-divide-by-batch": r"looks like the gradient was divided by the batch size",
    "train_step-weights-only": r"looks like only the weights took a step",
    "train_step-loss-backward-first": r"backward\(\) called before forward",
    "train_step-own-mse-value": r"looks like the returned loss is the MSE computed by hand",
    "numerical_gradient-one-sided": r"looks like one-sided differences",
    "numerical_gradient-eps-hardcoded": r"looks like eps is ignored",
    "numerical_gradient-denominator-eps": r"looks like the difference was divided by eps instead of 2 eps",
    "numerical_gradient-no-restore": r"numerical_gradient changed its argument #2 in place",
    "numerical_gradient-restore-by-arithmetic": r"numerical_gradient changed its argument #2 in place",
    "numerical_gradient-aliased-copies": r"looks like all zeros: x_plus and x_minus are the same array as x",
    "numerical_gradient-copies-outside-loop": r"looks like the nudges of earlier entries were never undone",
    "numerical_gradient-range-len": r"looks like range\(len\(x\)\) walks over rows",
    "numerical_gradient-flat-result": r"looks like the result was flattened",
    "numerical_gradient-relative-step": r"looks like a relative step eps \* \|x_i\|",
    "numerical_gradient-skips-last": r"looks like the last entry was skipped",
    "numerical_gradient-page-code-int": r"looks like the nudged copies \(or the result\) kept the integer dtype of x",
}

ALLOWED = {
    "linear_backward-zeros_like-int": "Task 2 now says the arrays are float arrays",
    "mse_backward-inplace-int": "Task 3 now says y_hat and y are float arrays",
    "numerical_gradient-stack-empty": "Task 5 now says x has at least one entry",
}
