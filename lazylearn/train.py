"""The training loop, evaluation, and hard-example mining.

One training step is the five lines every chapter writes by hand::

    model.train()
    optimizer.zero_grad()
    out = model(xb)
    loss = loss_fn(out, yb)
    model.backward(loss_fn.backward())
    optimizer.step()

:func:`fit` repeats it over mini-batches and epochs, validates after each epoch, records a
:class:`History`, calls callbacks (early stopping) and a learning-rate scheduler, and shows a
progress bar. :func:`evaluate` computes the loss (and metrics) in evaluation mode.

Hard-example mining, for data where most examples are easy (chapter 8):

* :func:`bootstrap`: train, find the examples the model gets wrong (or with the highest loss),
  retrain on a training set enriched with copies of them, for several rounds: the bootstrapping
  of Sung and Poggio (1998) and the hard negative mining of classic object detectors.
* :class:`lazylearn.losses.OHEMLoss`: online hard example mining (Shrivastava et al., 2016): within every
  mini-batch only the ``k`` examples with the highest loss contribute to the gradient.
"""
from __future__ import annotations

import copy
import math
import numbers
import warnings
from dataclasses import dataclass, field

import io

import numpy as np
from tqdm.auto import tqdm
from tqdm.std import tqdm as _text_tqdm

from lazylearn._validation import check_rng, check_scalar
from lazylearn.data import batches
from lazylearn.losses import OHEMLoss

__all__ = ["History", "fit", "evaluate", "bootstrap", "BootstrapResult"]


class History(dict):
    """What :func:`fit` records, one value per epoch: a dict of lists.

    Keys: ``'loss'`` (mean training loss over the epoch's mini-batches, weighted by batch size),
    ``'val_loss'`` (loss on the validation data after the epoch; empty without validation data),
    ``'lr'`` (the learning rate used during the epoch), and for each metric ``name`` given to
    :func:`fit`, ``name`` and ``'val_' + name``.

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


# ------------------------------------------------------------------------------------- helpers
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


def _check_data(data, name: str):
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
        if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
            bad = int(arr.size - np.count_nonzero(np.isfinite(arr)))
            raise ValueError(f"{name} {part} must be finite; got {bad} NaN or infinite value(s).")
    return X, y


def _check_batch_size(batch_size, n):
    if batch_size is None:
        return n
    return check_scalar(batch_size, "batch_size", kind=numbers.Integral, min_val=1)


def _as_float(value) -> float:
    return float(np.mean(value))


def _unreduced(loss_fn):
    """A copy of ``loss_fn`` with ``reduction='none'`` (one loss per example)."""
    if not hasattr(loss_fn, "reduction"):
        raise TypeError(f"loss_fn must have a 'reduction' attribute to give per-example losses; got {loss_fn!r}.")
    per_example = copy.copy(loss_fn)
    per_example.reduction = "none"
    return per_example


def _predict_outputs(model, X, batch_size):
    """The model's outputs on X, in evaluation mode (the previous mode is restored)."""
    was_training = getattr(model, "training", True)
    model.eval()
    try:
        outs = [model(xb) for xb in batches(X, None, batch_size, shuffle=False)]
    finally:
        model.train(was_training)
    return np.concatenate(outs)


def _base_loss(loss_fn):
    # a loss wrapping a per-example criterion (OHEMLoss) is evaluated through the criterion
    return getattr(loss_fn, "criterion", loss_fn)


def _run_metrics(metrics, y, out, prefix=""):
    return {prefix + name: float(fn(y, out)) for name, fn in metrics.items()}


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


# ----------------------------------------------------------------------------------- evaluate
def evaluate(model, loss_fn, data, *, batch_size=None, metrics=None):
    """The mean loss (and metrics) of ``model`` on ``data``, in evaluation mode.

    The model runs in ``eval()`` mode (dropout off, batch norm on running statistics) and is put
    back in the mode it was in. The loss is computed once on all outputs, so it is the exact mean
    over the data set, not an average of batch means. An :class:`~lazylearn.losses.OHEMLoss` is
    evaluated through its criterion, averaged over all examples (not only the hard ones).

    Args:
        model: a :class:`~lazylearn.nn.Module` (anything with ``__call__``, ``train()``, ``eval()``).
        loss_fn: a loss object, ``loss_fn(output, target)``.
        data: the pair ``(X, y)``.
        batch_size: samples per forward pass, or None for all at once. Default: None.
        metrics: a dict mapping names to callables ``metric(y_true, output)``, or None. Default: None.

    Returns:
        The mean loss as a float, or, when ``metrics`` is given, a dict ``{'loss': ..., name: ...}``.
    """
    X, y = _check_data(data, "data")
    metrics = _check_metrics(metrics)
    out = _predict_outputs(model, X, _check_batch_size(batch_size, len(X)))
    # a diverged model (overflowed weights) has a NaN loss, as in PyTorch, not an input error
    loss = _as_float(_base_loss(loss_fn)(out, y)) if np.all(np.isfinite(out)) else math.nan
    if not metrics:
        return loss
    return {"loss": loss, **_run_metrics(metrics, y, out)}


# ---------------------------------------------------------------------------------------- fit
def _train_epoch(model, loss_fn, optimizer, X, y, batch_size, shuffle, rng, keep_outputs):
    total, count = 0.0, 0
    outs, targets = [], []
    for xb, yb in batches(X, y, batch_size, shuffle=shuffle, rng=rng):
        model.train()
        optimizer.zero_grad()
        out = model(xb)
        if not np.all(np.isfinite(out)):  # the weights overflowed: a diverging run, not bad data
            return math.nan, None
        loss = _as_float(loss_fn(out, yb))
        if not math.isfinite(loss):
            return loss, None
        model.backward(loss_fn.backward())
        optimizer.step()
        total += loss * len(xb)
        count += len(xb)
        if keep_outputs:
            outs.append(out)
            targets.append(yb)
    collected = (np.concatenate(targets), np.concatenate(outs)) if keep_outputs else None
    return total / count, collected


def _call_callback(cb, value, epoch, history, model) -> bool:
    if hasattr(cb, "step"):
        return bool(cb.step(value, model=model))
    return bool(cb(epoch, history, model))


def fit(model, loss_fn, optimizer, data, epochs=10, *, batch_size=32, val_data=None, callbacks=(),
        scheduler=None, metrics=None, ohem=None, shuffle=True, progress=True, rng=None):
    """Train ``model`` with mini-batch gradient descent and return its :class:`History`.

    Each epoch shuffles the training data (with ``rng``), runs one training step per mini-batch
    (``model.train()``, ``optimizer.zero_grad()``, forward, loss, ``model.backward(loss_fn.backward())``,
    ``optimizer.step()``), then evaluates on ``val_data``, steps the ``scheduler`` and asks the
    ``callbacks`` whether to stop. If the loss becomes NaN or infinite, training stops with a
    RuntimeWarning (the usual cause: a learning rate too large) and the history keeps the value.

    Args:
        model: a :class:`~lazylearn.nn.Module`.
        loss_fn: a loss object with ``reduction='mean'`` or ``'sum'`` (or an :class:`~lazylearn.losses.OHEMLoss`).
        optimizer: an optimizer holding the model's parameters.
        data: the training pair ``(X, y)``.
        epochs: number of passes over the training data. Default: 10.
        batch_size: samples per step, or None for full-batch gradient descent. Default: 32.
        val_data: the validation pair ``(X_val, y_val)``, or None. Default: None.
        callbacks: objects with ``step(value, model=model) -> bool`` (as
            :class:`~lazylearn.regularization.EarlyStopping`), given the validation loss (or the
            training loss without validation data) after each epoch, or callables
            ``cb(epoch, history, model) -> bool``; a True return stops training. A callback with
            ``restore_best=True`` and a ``restore(model)`` method also restores its best weights when
            the epochs run out before it stops training. Default: ().
        scheduler: a learning-rate scheduler, stepped once after every epoch. Default: None.
        metrics: a dict of name -> ``metric(y_true, output)`` (e.g. ``lambda y, out:
            accuracy(y, out)``), recorded on the training data (outputs seen during the epoch) and
            on the validation data. Default: None.
        ohem: train with :class:`~lazylearn.losses.OHEMLoss` around (a ``reduction='none'`` copy
            of) ``loss_fn``, keeping the ``ohem`` hardest examples per batch (an int, its
            ``num_hard``); validation still uses ``loss_fn``. Default: None.
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
    X, y = _check_data(data, "data")
    epochs = check_scalar(epochs, "epochs", kind=numbers.Integral, min_val=1)
    batch_size = _check_batch_size(batch_size, len(X))
    if val_data is not None:
        val_data = _check_data(val_data, "val_data")
    metrics = _check_metrics(metrics)
    if getattr(loss_fn, "reduction", None) == "none" and ohem is None:
        raise ValueError(
            "loss_fn has reduction='none': fit needs one number per batch. Use reduction='mean', or "
            "wrap it in OHEMLoss(loss_fn, num_hard) to train on the hardest examples."
        )
    train_loss = OHEMLoss(_unreduced(loss_fn), ohem) if ohem is not None else loss_fn
    callbacks = list(callbacks) if callbacks else []
    rng = check_rng(rng)

    history = History()
    for name in metrics:
        history[name], history["val_" + name] = [], []
    bar = _progress_bar(range(epochs), progress, desc="fit", unit="epoch", leave=True)
    for epoch in bar:
        history["lr"].append(float(optimizer.lr))
        loss, collected = _train_epoch(model, train_loss, optimizer, X, y, batch_size, shuffle, rng, bool(metrics))
        history["loss"].append(loss)
        if not math.isfinite(loss):
            warnings.warn(
                f"the training loss became {loss} in epoch {epoch + 1}; training stopped. The learning "
                f"rate ({optimizer.lr:g}) is probably too large.", RuntimeWarning, stacklevel=2,
            )
            history.stopped_epoch = epoch + 1
            break
        if metrics:
            for name, value in _run_metrics(metrics, *collected).items():
                history[name].append(value)
        postfix = {"loss": f"{loss:.4g}"}
        monitored = loss
        if val_data is not None:
            result = evaluate(model, loss_fn, val_data, batch_size=batch_size, metrics=metrics or None)
            val_loss = result["loss"] if metrics else result
            history["val_loss"].append(val_loss)
            for name in metrics:
                history["val_" + name].append(result[name])
            postfix["val_loss"] = f"{val_loss:.4g}"
            monitored = val_loss
        bar.set_postfix(postfix, refresh=False)
        if scheduler is not None:
            scheduler.step()
        stop = False
        for cb in callbacks:
            stop = _call_callback(cb, monitored, epoch + 1, history, model) or stop
        if stop:
            history.stopped_epoch = epoch + 1
            break
    bar.close()
    # an early stopper that never fired still holds the best weights: end there, not at the last epoch
    for cb in callbacks:
        if history.stopped_epoch is None and getattr(cb, "restore_best", False) and hasattr(cb, "restore"):
            cb.restore(model)
    return history


# ------------------------------------------------------------------------------ bootstrapping
@dataclass
class BootstrapResult:
    """What :func:`bootstrap` returns.

    Attributes:
        histories: the :class:`History` of each round.
        counts: how many copies of each training example the *last* round trained on, shape (N,).
        counts_per_round: the counts used in each round.
        hard: for each round, the indices of the hard examples found after it.
    """

    histories: list = field(default_factory=list)
    counts: np.ndarray | None = None
    counts_per_round: list = field(default_factory=list)
    hard: list = field(default_factory=list)

    @property
    def weights(self) -> np.ndarray:
        """The share of the last round's training set each example had, ``counts / counts.sum()``."""
        return self.counts / self.counts.sum()


def _default_predict(out):
    out = np.asarray(out)
    if out.ndim == 2 and out.shape[1] > 1:
        return out.argmax(axis=1)
    return (out.reshape(len(out), -1)[:, 0] > 0).astype(np.int64)


def _labels_of(y):
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    return np.rint(y.reshape(len(y), -1)[:, 0]).astype(np.int64)


def _per_example_losses(model, loss_fn, X, y, batch_size):
    out = _predict_outputs(model, X, batch_size)
    values = np.asarray(_unreduced(_base_loss(loss_fn))(out, y))
    return values.reshape(len(X), -1).mean(axis=1), out


def bootstrap(model, loss_fn, optimizer, data, *, rounds=3, epochs=5, mining="misclassified", n_hard=None,
              factor=1, initial=None, predict=None, batch_size=32, val_data=None, progress=True, rng=None,
              **fit_kwargs):
    """Bootstrapping (hard example mining): retrain on a set enriched with the examples the model gets wrong.

    Round 1 trains on the examples in ``initial`` (all by default), one copy each. After every round
    but the last, the model is run on the whole training data; the hard examples found there get
    ``factor`` more copies in the next round's training set. Examples outside ``initial`` start with
    zero copies, so ``initial = positives + a few negatives`` is the classic hard *negative* mining of
    detectors (Sung and Poggio 1998; Felzenszwalb et al. 2010): the false positives found among the
    unused negatives join the training set. The same ``model`` and ``optimizer`` continue training
    across rounds.

    Hard examples:

    * ``mining='misclassified'``: those whose prediction is wrong (the ``n_hard`` with the highest
      loss among them, if ``n_hard`` is given). Training stops early when there are none.
    * ``mining='loss'``: the ``n_hard`` examples with the highest loss (default: 10% of N).

    Args:
        model, loss_fn, optimizer, data: as for :func:`fit`.
        rounds: number of training rounds, >= 1. Default: 3.
        epochs: epochs of :func:`fit` per round. Default: 5.
        mining: ``'misclassified'`` or ``'loss'``. Default: ``'misclassified'``.
        n_hard: how many hard examples to add per round, or None (see above). Default: None.
        factor: copies added per hard example and round, >= 1. Default: 1.
        initial: indices of the examples of the first round, or None for all. Default: None.
        predict: a function from model outputs (N, ...) to labels (N,), or None: argmax for outputs
            (N, C) with C > 1, else ``output > 0`` (logits). For a model ending in a sigmoid, pass
            ``predict=lambda p: (p[:, 0] > 0.5).astype(int)``. Default: None.
        batch_size, val_data, progress, rng, fit_kwargs: passed to :func:`fit`.

    Returns:
        A :class:`BootstrapResult` (histories, per-example copy counts, hard examples per round).
    """
    X, y = _check_data(data, "data")
    rounds = check_scalar(rounds, "rounds", kind=numbers.Integral, min_val=1)
    factor = check_scalar(factor, "factor", kind=numbers.Integral, min_val=1)
    if mining not in ("misclassified", "loss"):
        raise ValueError(f"mining must be 'misclassified' or 'loss'; got {mining!r}.")
    n = len(X)
    if n_hard is not None:
        n_hard = check_scalar(n_hard, "n_hard", kind=numbers.Integral, min_val=1)
    elif mining == "loss":
        n_hard = max(1, math.ceil(0.1 * n))
    counts = np.zeros(n, dtype=np.int64)
    if initial is None:
        counts[:] = 1
    else:
        initial = np.asarray(initial)
        if initial.ndim != 1 or initial.size == 0 or initial.dtype.kind not in "iu":
            raise ValueError(f"initial must be a non-empty 1-D array of sample indices; got {initial!r}.")
        if initial.min() < 0 or initial.max() >= n:
            raise ValueError(f"initial must hold indices in [0, {n - 1}]; got values from {initial.min()} to {initial.max()}.")
        counts[initial] = 1
    predict = _default_predict if predict is None else predict
    rng = check_rng(rng)
    batch_size = _check_batch_size(batch_size, n)

    result = BootstrapResult()
    for r in range(rounds):
        idx = np.repeat(np.arange(n), counts)
        result.counts_per_round.append(counts.copy())
        result.histories.append(fit(model, loss_fn, optimizer, (X[idx], y[idx]), epochs, batch_size=batch_size,
                                    val_data=val_data, progress=progress, rng=rng, **fit_kwargs))
        losses, out = _per_example_losses(model, loss_fn, X, y, batch_size)
        if mining == "misclassified":
            wrong = np.flatnonzero(np.asarray(predict(out)).reshape(-1) != _labels_of(y))
            hard = wrong[np.argsort(-losses[wrong], kind="stable")[:n_hard]] if n_hard else wrong
        else:
            hard = np.argsort(-losses, kind="stable")[:n_hard]
        result.hard.append(np.sort(hard))
        if r == rounds - 1 or hard.size == 0:
            break
        counts = counts.copy()
        counts[hard] += factor
    result.counts = result.counts_per_round[-1]
    return result
