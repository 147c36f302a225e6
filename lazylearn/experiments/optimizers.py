r"""Chapter 5's experiments: optimizers on a ravine and on the digits, importable for worker processes.

* **The ravine** :math:`f(w) = \tfrac12 (w_1^2 + \kappa w_2^2)` (:func:`ravine`), with its exact
  gradient: :func:`ravine_path` runs any :mod:`lazylearn.optim` optimizer on it and returns the
  iterates; :func:`steps_below` counts updates until :math:`f` first drops below a tolerance.
* **The digits MLP** (:func:`digits_data`, :func:`mlp`): scikit-learn's 8x8 digits, standardized
  with the training statistics, a stratified split of 75 % training and 25 % validation (the same
  split for every seed), and a ReLU MLP ``Linear(64, hidden), ReLU, Linear(hidden, 10)`` trained
  with cross-entropy. :func:`train_digits` trains one (optimizer, lr, seed) and records the loss of
  every step and, after every epoch, the training loss, validation loss and validation accuracy.
  :class:`AdamNoBiasCorrection` is Adam with its bias correction left out (only for showing what
  the correction does).
* **Annealing** (:func:`noise_floor`): mini-batch SGD on a linear least-squares problem, the
  excess loss over the exact optimum after every epoch, under a learning-rate schedule.
* :func:`run` runs a list of keyword dicts through one of these functions on worker processes,
  one BLAS thread each, and returns the results in order.

Examples:
    >>> from lazylearn.optim import SGD
    >>> path = ravine_path(lambda p: SGD(p, lr=2 / 51), steps=300)
    >>> path.shape, steps_below(ravine(path), 1e-6)
    ((301, 2), 227)
"""
from __future__ import annotations

import numbers
import time

import numpy as np

from lazylearn._validation import check_scalar
from lazylearn.data import batches, load_digits, standardize, train_val_split
from lazylearn.losses import CrossEntropyLoss, MSELoss
from lazylearn.metrics import accuracy
from lazylearn.nn import Linear, Parameter, ReLU, Sequential
from lazylearn.optim import SGD, Adagrad, Adam, AdamW, RMSprop, lr_scheduler
from lazylearn.optim.adam import adam_update_
from lazylearn.optim.optimizer import gradient
from lazylearn.train import train_step

from ._workers import map_runs

__all__ = ["ravine", "ravine_grad", "ravine_path", "steps_below", "AdamNoBiasCorrection", "make_optimizer",
           "digits_data", "mlp", "train_digits", "noise_floor", "run"]

KAPPA = 50.0
START = (-10.0, 1.0)


def ravine(w, kappa=KAPPA):
    r""":math:`f(w) = \tfrac12 (w_1^2 + \kappa w_2^2)` for ``w`` of shape (..., 2); minimum 0 at the origin."""
    w = np.asarray(w, dtype=float)
    return 0.5 * (w[..., 0] ** 2 + kappa * w[..., 1] ** 2)


def ravine_grad(w, kappa=KAPPA):
    """The gradient of :func:`ravine`: ``(w1, kappa * w2)``."""
    w = np.asarray(w, dtype=float)
    return np.stack([w[..., 0], kappa * w[..., 1]], axis=-1)


def ravine_path(make, steps=400, start=START, kappa=KAPPA, scale=1.0):
    """Iterates of an optimizer on ``scale`` x :func:`ravine`: an array of shape (steps + 1, 2).

    ``make(params)`` builds the optimizer (e.g. ``lambda p: SGD(p, lr=0.01, momentum=0.9)``). The
    path stops early (and is shorter) if the weights overflow.
    """
    p = Parameter(np.array(start, dtype=float))
    opt = make([p])
    path = [p.data.copy()]
    for _ in range(steps):
        p.grad = scale * ravine_grad(p.data, kappa)
        opt.step()
        if not np.isfinite(p.data).all():
            break
        path.append(p.data.copy())
    return np.array(path)


def steps_below(values, tol=1e-6):
    """The number of updates until ``values`` (f at w_0, w_1, ...) first drops below ``tol``; None if never."""
    below = np.flatnonzero(np.asarray(values) < tol)
    return int(below[0]) if below.size else None


class AdamNoBiasCorrection(Adam):
    r"""Adam with the bias correction left out: :math:`\theta \leftarrow \theta - \eta\, m_t / (\sqrt{v_t} + \epsilon)`.

    Kept only to show what the correction does (chapter 5); use :class:`~lazylearn.optim.Adam`.
    """

    def step(self, closure=None):
        loss = None if closure is None else closure()
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state.update(step=0, exp_avg=np.zeros_like(p.data), exp_avg_sq=np.zeros_like(p.data))
                state["step"] += 1
                adam_update_(p.data, gradient(p, group["weight_decay"]), state["exp_avg"], state["exp_avg_sq"],
                             None, beta1=beta1, beta2=beta2, step_size=group["lr"], bias_correction2_sqrt=1.0,
                             eps=group["eps"])
        return loss


_OPTIMIZERS = {
    "sgd": lambda p, lr, wd: SGD(p, lr=lr, weight_decay=wd),
    "momentum": lambda p, lr, wd: SGD(p, lr=lr, momentum=0.9, weight_decay=wd),
    "nesterov": lambda p, lr, wd: SGD(p, lr=lr, momentum=0.9, nesterov=True, weight_decay=wd),
    "rmsprop": lambda p, lr, wd: RMSprop(p, lr=lr, weight_decay=wd),
    "adagrad": lambda p, lr, wd: Adagrad(p, lr=lr, weight_decay=wd),
    "adam": lambda p, lr, wd: Adam(p, lr=lr, weight_decay=wd),
    "adamw": lambda p, lr, wd: AdamW(p, lr=lr, weight_decay=wd),
    "adam_uncorrected": lambda p, lr, wd: AdamNoBiasCorrection(p, lr=lr, weight_decay=wd),
}


def make_optimizer(name, params, lr, weight_decay=0.0):
    """An optimizer by name: 'sgd', 'momentum' (0.9), 'nesterov' (0.9), 'rmsprop', 'adagrad', 'adam', 'adamw',
    'adam_uncorrected'."""
    if name not in _OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(_OPTIMIZERS)}; got {name!r}.")
    return _OPTIMIZERS[name](params, lr, weight_decay)


def digits_data():
    """``(X_train, y_train), (X_val, y_val)``: the digits, stratified 75/25 split (``rng=0``), standardized."""
    X, y = load_digits()
    X_tr, X_val, y_tr, y_val = train_val_split(X, y, val_fraction=0.25, stratify=True, rng=0)
    Z_tr, mean, std = standardize(X_tr)
    return (Z_tr, y_tr), (standardize(X_val, mean, std)[0], y_val)


def mlp(hidden=64, seed=0):
    """``Linear(64, hidden), ReLU, Linear(hidden, 10)``, initialized from ``seed``."""
    rng = np.random.default_rng(seed)
    return Sequential(Linear(64, hidden, rng=rng), ReLU(), Linear(hidden, 10, rng=rng))


def train_digits(optimizer="adam", lr=1e-3, seed=0, *, epochs=10, hidden=64, batch_size=32, weight_decay=0.0):
    """Train the digits MLP once; return a dict of the settings and the measurements.

    The seed sets the initial weights and the order of the mini-batches. Keys: the arguments, and
    ``step_loss`` (the loss of every step, before its update), ``train_loss``, ``val_loss`` and
    ``val_acc`` (one per epoch, measured after it, on all training or validation examples),
    ``final_val_loss``, ``final_val_acc``, ``final_train_loss`` and ``cpu_seconds``. A run whose
    loss stops being finite ends there, its last values NaN.
    """
    start = time.process_time()
    (X_tr, y_tr), (X_val, y_val) = digits_data()
    model = mlp(hidden, seed)
    opt = make_optimizer(optimizer, model.parameters(), lr, weight_decay)
    loss_fn = CrossEntropyLoss()
    rng = np.random.default_rng(1000 + seed)
    step_loss, train_loss, val_loss, val_acc = [], [], [], []
    for _ in range(epochs):
        for xb, yb in batches(X_tr, y_tr, batch_size, rng=rng):
            step_loss.append(train_step(model, loss_fn, opt, xb, yb))
        with np.errstate(all="ignore"):
            out_tr, out_val = model(X_tr), model(X_val)
            train_loss.append(float(loss_fn(out_tr, y_tr)))
            val_loss.append(float(loss_fn(out_val, y_val)))
        val_acc.append(float(accuracy(y_val, out_val)) if np.isfinite(out_val).all() else float("nan"))
        if not np.isfinite(step_loss[-1]):
            break
    return dict(optimizer=optimizer, lr=lr, seed=seed, epochs=epochs, hidden=hidden, batch_size=batch_size,
                weight_decay=weight_decay, step_loss=np.array(step_loss), train_loss=np.array(train_loss),
                val_loss=np.array(val_loss), val_acc=np.array(val_acc), final_train_loss=train_loss[-1],
                final_val_loss=val_loss[-1], final_val_acc=val_acc[-1], cpu_seconds=time.process_time() - start)


_SCHEDULES = {
    "constant": lambda opt, epochs: None,
    "StepLR(10, 0.1)": lambda opt, epochs: lr_scheduler.StepLR(opt, step_size=10, gamma=0.1),
    "ExponentialLR(0.9)": lambda opt, epochs: lr_scheduler.ExponentialLR(opt, gamma=0.9),
    "CosineAnnealingLR": lambda opt, epochs: lr_scheduler.CosineAnnealingLR(opt, T_max=epochs),
}


def noise_floor(schedule="constant", lr=0.01, seed=0, *, epochs=30, batch_size=8, n_samples=1000, n_features=20,
                noise=10.0):
    """Mini-batch SGD on linear least squares under a schedule; the excess loss after every epoch.

    The data is ``sklearn.datasets.make_regression(n_samples, n_features, noise=noise,
    random_state=0)`` (the same for every seed); the model ``Linear(n_features, 1)`` starts at 0
    and trains on the mean squared error. The seed sets the order of the mini-batches. The excess
    loss is the training MSE minus that of the least-squares solution (``np.linalg.lstsq`` with an
    intercept column). ``schedule`` is one of 'constant', 'StepLR(10, 0.1)', 'ExponentialLR(0.9)',
    'CosineAnnealingLR' (``T_max=epochs``), stepped after every epoch.

    Returns:
        a dict with the arguments, ``lrs`` (the lr of each epoch) and ``excess`` (after each epoch).
    """
    from sklearn.datasets import make_regression

    if schedule not in _SCHEDULES:
        raise ValueError(f"schedule must be one of {sorted(_SCHEDULES)}; got {schedule!r}.")
    X, y = make_regression(n_samples=n_samples, n_features=n_features, noise=noise, random_state=0)
    y = y[:, None]
    A = np.c_[X, np.ones(len(X))]
    best = float(np.mean((A @ np.linalg.lstsq(A, y, rcond=None)[0] - y) ** 2))
    model = Linear(n_features, 1, rng=0)
    for p in model.parameters():
        p.data[...] = 0.0
    opt = SGD(model.parameters(), lr=lr)
    sched = _SCHEDULES[schedule](opt, epochs)
    loss_fn = MSELoss()
    rng = np.random.default_rng(seed)
    lrs, excess = [], []
    for _ in range(epochs):
        lrs.append(opt.lr)
        for xb, yb in batches(X, y, batch_size, rng=rng):
            train_step(model, loss_fn, opt, xb, yb)
        excess.append(float(np.mean((model(X) - y) ** 2)) - best)
        if sched is not None:
            sched.step()
    return dict(schedule=schedule, lr=lr, seed=seed, lrs=np.array(lrs), excess=np.array(excess))


_FUNCTIONS = {"train_digits": train_digits, "noise_floor": noise_floor}


def _call(task):
    name, kwargs = task
    return _FUNCTIONS[name](**kwargs)


def run(tasks, function="train_digits", workers=2):
    """Call ``function`` ('train_digits' or 'noise_floor') with each keyword dict of ``tasks``.

    ``workers`` processes (``ProcessPoolExecutor``, one BLAS thread each) share the calls; a result
    depends only on its keywords, so ``workers=1`` (serial, in this process) gives the same list.
    Returns the results in the order of ``tasks``.
    """
    if function not in _FUNCTIONS:
        raise ValueError(f"function must be one of {sorted(_FUNCTIONS)}; got {function!r}.")
    tasks = [(function, dict(t)) for t in tasks]
    if not tasks:
        raise ValueError("tasks must hold at least one dict of keyword arguments.")
    workers = check_scalar(workers, "workers", kind=numbers.Integral, min_val=1)
    return map_runs(_call, tasks, workers)
