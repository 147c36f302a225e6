"""The training loop: one training step, :func:`fit` over epochs, and :func:`evaluate`.

One training step is the lines every chapter writes by hand::

    optimizer.zero_grad()
    out = model(xb)
    loss = loss_fn(out, yb)
    model.backward(loss_fn.backward())
    optimizer.step()

:func:`train_step` is exactly that (and nothing else), and :func:`fit` and
:func:`~lazylearn.train.lr_range_test` both call it. :func:`fit` repeats it over shuffled
mini-batches and epochs, records a :class:`History`, validates once per epoch, and calls the
learning-rate scheduler and the callbacks (:mod:`lazylearn.train.callbacks`) in a fixed order.
"""
from __future__ import annotations

import io
import math
import numbers
import warnings

import numpy as np
from tqdm.auto import tqdm
from tqdm.std import tqdm as _text_tqdm

from .._validation import check_rng, check_scalar
from ..optim.lr_scheduler import LRScheduler
from .callbacks import as_callbacks

__all__ = ["History", "train_step", "fit", "evaluate"]


class History(dict):
    """What :func:`fit` records, one value per epoch: a dict of lists.

    Keys: ``'loss'`` (mean training loss over the epoch's mini-batches, weighted by batch size),
    ``'val_loss'`` (loss on the validation data after the epoch; empty without validation data),
    ``'lr'`` (the learning rate used during the epoch: a float, or a list with one per parameter
    group when the optimizer has several), and for each metric ``name`` given to :func:`fit`,
    ``name`` and ``'val_' + name``.

    Attributes:
        epochs: the number of epochs run.
        stopped_epoch: the epoch (1-based) after which a callback stopped training, or None.

    Examples:
        >>> h = History()
        >>> h["loss"].append(0.5)
        >>> h.epochs, h["val_loss"]
        (1, [])
    """

    def __init__(self, *args, **kwargs):
        super().__init__(loss=[], val_loss=[], lr=[])
        self.update(*args, **kwargs)
        self.stopped_epoch = None

    @property
    def epochs(self) -> int:
        return len(self["loss"])

    def __repr__(self) -> str:
        last = ", ".join(f"{k}={v[-1]:.4g}" for k, v in self.items() if v and isinstance(v[-1], numbers.Real))
        return f"History(epochs={self.epochs}{', ' + last if last else ''})"


# --------------------------------------------------------------------------------- progress bar
def _in_notebook_kernel() -> bool:
    """True inside a Jupyter kernel (a notebook, or a book page being executed)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


class _NotebookTextBar(_text_tqdm):
    """tqdm's text bar, shown in a notebook as one ``text/plain`` display that is updated in place.

    ``tqdm.auto`` shows an ipywidgets bar in a kernel; an executed notebook keeps only that widget's
    *initial* text (``0/10``) and needs the widget JavaScript from a CDN to show the rest, so a
    static book page built offline loses the bar. Updating a plain-text display instead leaves the
    final line (``100% 10/10 ... loss=...``) in the saved output, and still updates live.
    """

    def __init__(self, *args, **kwargs):
        self._handle = None
        kwargs.setdefault("file", io.StringIO())  # tqdm's own writes ('\r', '\n') go nowhere
        kwargs.setdefault("ascii", False)
        super().__init__(*args, **kwargs)

    def display(self, msg=None, pos=None):
        from IPython.display import display

        bundle = {"text/plain": str(self) if msg is None else msg}
        if self._handle is None:
            self._handle = display(bundle, raw=True, display_id=True)
        else:
            self._handle.update(bundle, raw=True)
        return True


def _progress_bar(iterable, progress, **kwargs):
    if progress and _in_notebook_kernel():
        return _NotebookTextBar(iterable, **kwargs)
    return tqdm(iterable, disable=not progress, **kwargs)


# -------------------------------------------------------------------------------------- checks
def check_data(data, name: str):
    """``data`` as a pair of arrays (X, y) with the same number of finite samples."""
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise TypeError(f"{name} must be a pair (X, y) of arrays; got {type(data).__name__}.")
    X, y = np.asarray(data[0]), np.asarray(data[1])
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(
            f"{name} must be (X, y) with the same number of samples (first dimension); got X "
            f"{X.shape} and y {y.shape}."
        )
    if len(X) == 0:
        raise ValueError(f"{name} holds no samples.")
    for part, arr in (("X", X), ("y", y)):
        # min and max are NaN or infinite exactly when some value is: two passes, no temporary
        if arr.dtype.kind == "f" and not (math.isfinite(arr.min()) and math.isfinite(arr.max())):
            bad = int(arr.size - np.count_nonzero(np.isfinite(arr)))
            raise ValueError(f"{name} {part} must be finite; got {bad} NaN or infinite value(s).")
    return X, y


def _check_batch_size(batch_size, n):
    if batch_size is None:
        return n
    return check_scalar(batch_size, "batch_size", kind=numbers.Integral, min_val=1)


def _check_metrics(metrics):
    if metrics is None:
        return {}
    if not isinstance(metrics, dict) or not all(callable(f) for f in metrics.values()):
        raise TypeError("metrics must be a dict mapping names to callables metric(y_true, output).")
    reserved = {"loss", "val_loss", "lr"}
    clash = reserved.intersection(metrics) | {k for k in metrics if str(k).startswith("val_")}
    if clash:
        raise ValueError(f"metric names must not be 'loss', 'lr' or start with 'val_'; got {sorted(clash)}.")
    return dict(metrics)


def _run_metrics(metrics, y, out, prefix=""):
    return {prefix + name: float(fn(y, out)) for name, fn in metrics.items()}


def current_lr(optimizer):
    """The optimizer's learning rate: a float for one parameter group, else a list of floats."""
    lrs = [float(group["lr"]) for group in optimizer.param_groups]
    return lrs[0] if len(lrs) == 1 else lrs


def predict(model, X, batch_size=None):
    """The model's outputs on ``X`` in evaluation mode (the previous mode is restored)."""
    was_training = getattr(model, "training", True)
    batch_size = len(X) if batch_size is None else batch_size
    model.eval()
    try:
        outs = [model(X[start:start + batch_size]) for start in range(0, len(X), batch_size)]
    finally:
        model.train(was_training)
    return outs[0] if len(outs) == 1 else np.concatenate(outs)


# ---------------------------------------------------------------------------------- the step
def train_step(model, loss_fn, optimizer, x, y):
    """One step of gradient descent on the mini-batch ``(x, y)``; returns the loss as a float.

    ``optimizer.zero_grad()``, ``out = model(x)``, ``loss = loss_fn(out, y)``,
    ``model.backward(loss_fn.backward())``, ``optimizer.step()``. The model should be in training
    mode. If the outputs or the loss are NaN or infinite (a diverging run: the weights overflowed),
    nothing is updated and the non-finite loss is returned.

    Examples:
        >>> from lazylearn.nn import Linear
        >>> from lazylearn.losses import MSELoss
        >>> from lazylearn.optim import SGD
        >>> model = Linear(1, 1, bias=False, rng=0)
        >>> model.weight.data[:] = 0.0
        >>> train_step(model, MSELoss(), SGD(model.parameters(), lr=0.1), np.array([[1.0]]), np.array([[2.0]]))
        4.0
        >>> model.weight.data    # 0 - 0.1 * d/dw (w - 2)^2 = 0.4
        array([[0.4]])
    """
    optimizer.zero_grad()
    out = model(x)
    if not np.isfinite(out).all():
        return math.nan
    loss = float(np.mean(loss_fn(out, y)))
    if not math.isfinite(loss):
        return loss
    model.backward(loss_fn.backward())
    optimizer.step()
    return loss


# ------------------------------------------------------------------------------------- evaluate
def evaluate(model, loss_fn, data, *, batch_size=None, metrics=None):
    """The mean loss (and metrics) of ``model`` on ``data``, in evaluation mode.

    The model runs in ``eval()`` mode (dropout off, batch norm on running statistics) and is put
    back in the mode it was in. The loss is computed once on all outputs, so it is the exact mean
    over the data set, not an average of batch means.

    Args:
        model: a :class:`~lazylearn.nn.Module` (anything with ``__call__``, ``train()``, ``eval()``).
        loss_fn: a loss object, ``loss_fn(output, target)``.
        data: the pair ``(X, y)``.
        batch_size: samples per forward pass, or None for all at once. Default: None.
        metrics: a dict mapping names to callables ``metric(y_true, output)``, or None. Default: None.

    Returns:
        The mean loss as a float, or, when ``metrics`` is given, a dict ``{'loss': ..., name: ...}``.
    """
    X, y = check_data(data, "data")
    metrics = _check_metrics(metrics)
    out = predict(model, X, _check_batch_size(batch_size, len(X)))
    # a diverged model (overflowed weights) has a NaN loss, as in PyTorch, not an input error
    loss = float(np.mean(loss_fn(out, y))) if np.isfinite(out).all() else math.nan
    if not metrics:
        return loss
    return {"loss": loss, **_run_metrics(metrics, y, out)}


# ------------------------------------------------------------------------------------------ fit
def fit(model, loss_fn, optimizer, data, epochs=10, *, batch_size=32, val_data=None, callbacks=(),
        scheduler=None, metrics=None, val_loss_fn=None, shuffle=True, progress=True, rng=None):
    """Train ``model`` with mini-batch gradient descent and return its :class:`History`.

    Each epoch, in this order:

    1. the training data is shuffled (with ``rng``) and cut into mini-batches; each batch is one
       :func:`train_step` (``zero_grad``, forward, loss, backward, ``optimizer.step()``);
    2. the epoch's mean training loss, its learning rate and the metrics are recorded, and the
       model is evaluated once on ``val_data`` (:func:`evaluate`, in eval mode);
    3. ``scheduler.step()`` is called: after the epoch's optimizer steps, as in PyTorch;
    4. each callback's ``on_epoch_end(epoch, history, model)`` is called, in list order (a
       scheduler given in ``callbacks`` steps here); training stops after the epoch if one of
       them returns True.

    After the last epoch each callback's ``on_train_end(history, model)`` is called (an
    :class:`~lazylearn.train.EarlyStopping` with ``restore_best_weights=True`` loads its best
    weights there, whether it stopped training or the epochs ran out). If the loss becomes NaN
    or infinite, training stops with a RuntimeWarning (the usual cause: a learning rate too large)
    and the history keeps the value.

    Args:
        model: a :class:`~lazylearn.nn.Module`.
        loss_fn: a loss object with ``reduction='mean'`` or ``'sum'`` (for example an
            :class:`~lazylearn.losses.OHEMLoss`).
        optimizer: an optimizer holding the model's parameters.
        data: the training pair ``(X, y)``.
        epochs: number of passes over the training data. Default: 10.
        batch_size: samples per step, or None for full-batch gradient descent. Default: 32.
        val_data: the validation pair ``(X_val, y_val)``, or None. Default: None.
        callbacks: :class:`~lazylearn.train.callbacks.Callback` objects (such as
            :class:`~lazylearn.train.EarlyStopping`), learning-rate schedulers, or callables
            ``cb(epoch, history, model) -> bool`` (epoch counted from 1). Default: ().
        scheduler: a learning-rate scheduler, stepped once after every epoch. Default: None.
        metrics: a dict of name -> ``metric(y_true, output)`` (e.g. ``lambda y, out:
            accuracy(y, out)``), recorded after each epoch on the training data and on the
            validation data (both in evaluation mode). Default: None.
        val_loss_fn: the loss reported on ``val_data``, or None for ``loss_fn``; for example the
            plain loss when training with an :class:`~lazylearn.losses.OHEMLoss`. Default: None.
        shuffle: shuffle the training data each epoch. Default: True.
        progress: show a progress bar over the epochs, with the losses as postfix: ``tqdm.auto``'s
            bar in a terminal; in a notebook a text bar updated in place, which an executed book
            page keeps as text. Default: True.
        rng: None, an int seed or a ``np.random.Generator`` for the shuffling. Default: None.

    Returns:
        A :class:`History`.

    Examples:
        >>> from lazylearn.nn import Linear
        >>> from lazylearn.losses import MSELoss
        >>> from lazylearn.optim import SGD
        >>> x, y = np.array([[1.0], [2.0]]), np.array([[2.0], [4.0]])
        >>> model = Linear(1, 1, bias=False, rng=0)
        >>> history = fit(model, MSELoss(), SGD(model.parameters(), lr=0.1), (x, y), 50, progress=False)
        >>> round(float(model.weight.data[0, 0]), 4), history.epochs
        (2.0, 50)
    """
    X, y = check_data(data, "data")
    epochs = check_scalar(epochs, "epochs", kind=numbers.Integral, min_val=1)
    batch_size = _check_batch_size(batch_size, len(X))
    if val_data is not None:
        val_data = check_data(val_data, "val_data")
    metrics = _check_metrics(metrics)
    if getattr(loss_fn, "reduction", None) == "none":
        raise ValueError(
            "loss_fn has reduction='none': fit needs one number per batch. Use reduction='mean', or "
            "wrap it in lazylearn.losses.OHEMLoss(loss_fn, num_hard=...) to train on the hardest examples."
        )
    val_loss_fn = loss_fn if val_loss_fn is None else val_loss_fn
    if scheduler is not None and not isinstance(scheduler, LRScheduler):
        raise TypeError(
            "scheduler must be a lazylearn.optim.lr_scheduler scheduler (StepLR, ExponentialLR, "
            f"CosineAnnealingLR, ...); got {type(scheduler).__name__}."
        )
    callbacks = as_callbacks(([scheduler] if scheduler is not None else []) + list(callbacks or ()))
    rng = check_rng(rng)

    history = History()
    for name in metrics:
        history[name], history["val_" + name] = [], []
    bar = _progress_bar(range(epochs), progress, desc="fit", unit="epoch", leave=True)
    for epoch in bar:
        history["lr"].append(current_lr(optimizer))
        order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
        loss = _epoch(model, loss_fn, optimizer, X, y, batch_size, order)
        history["loss"].append(loss)
        if not math.isfinite(loss):
            warnings.warn(
                f"the training loss became {loss} in epoch {epoch + 1}; training stopped. The learning "
                f"rate ({history['lr'][-1]}) is probably too large.", RuntimeWarning, stacklevel=2,
            )
            history.stopped_epoch = epoch + 1
            break
        if metrics:
            for name, value in _run_metrics(metrics, y, predict(model, X, batch_size)).items():
                history[name].append(value)
        postfix = {"loss": f"{loss:.4g}"}
        if val_data is not None:
            result = evaluate(model, val_loss_fn, val_data, batch_size=batch_size, metrics=metrics or None)
            val_loss = result["loss"] if metrics else result
            history["val_loss"].append(val_loss)
            for name in metrics:
                history["val_" + name].append(result[name])
            postfix["val_loss"] = f"{val_loss:.4g}"
        bar.set_postfix(postfix, refresh=False)
        stop = False
        for cb in callbacks:
            stop = bool(cb.on_epoch_end(epoch + 1, history, model)) or stop
        if stop:
            history.stopped_epoch = epoch + 1
            break
    bar.close()
    for cb in callbacks:
        cb.on_train_end(history, model)
    return history


def _epoch(model, loss_fn, optimizer, X, y, batch_size, order) -> float:
    """One pass over the mini-batches of ``order``; the mean training loss (weighted by batch size)."""
    model.train()
    total = 0.0
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        loss = train_step(model, loss_fn, optimizer, X[idx], y[idx])
        if not math.isfinite(loss):
            return loss
        total += loss * len(idx)
    return total / len(order)
