"""The figures the course keeps redrawing.

Every function draws on ``ax`` (a new figure and Axes when None), labels its axes, and returns the
Axes, so figures can be combined with ``plt.subplots``. Figures get an explicit white background,
so they stay readable in a dark-mode notebook or browser theme. Nothing here calls ``plt.show()``.

Examples:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = ce_vs_focal()
    >>> ax.get_xlabel()
    'probability of the ground-truth class $p_t$'
"""
from __future__ import annotations

import numbers

import numpy as np

from lazylearn._validation import check_array, check_scalar

__all__ = [
    "loss_curve",
    "loss_landscape_1d",
    "landscape_2d",
    "decision_boundary",
    "lr_finder",
    "schedules",
    "layer_stats",
    "pr_curves",
    "cumulative_loss",
    "ce_vs_focal",
]


def _axes(ax, figsize=(6.0, 4.0)):
    """``ax`` or a new Axes; the figure and the Axes get a white background either way."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    ax.figure.set_facecolor("white")
    ax.set_facecolor("white")
    return ax


def _check_callable(f, name):
    if not callable(f):
        raise TypeError(f"{name} must be a function; got {type(f).__name__}.")


def _check_range(value, name):
    lo_hi = check_array(value, name, ndim=1)
    if lo_hi.shape != (2,) or not lo_hi[0] < lo_hi[1]:
        raise ValueError(f"{name} must be a pair (low, high) with low < high; got {value!r}.")
    return float(lo_hi[0]), float(lo_hi[1])


# ---------------------------------------------------------------------------------- loss curve
def loss_curve(history, ax=None, log_scale=False):
    """Training (and validation) loss against the epoch.

    Args:
        history: a :class:`~lazylearn.train.History`, a dict with ``'loss'`` (and optionally
            ``'val_loss'``) lists, or a plain sequence of losses.
        ax: the Axes to draw on, or None for a new figure. Default: None.
        log_scale: a logarithmic loss axis (for losses spanning decades). Default: False.

    Returns:
        The Axes, with one line per non-empty series, labelled ``'training'`` and ``'validation'``.
    """
    if isinstance(history, dict):
        if "loss" not in history:
            raise ValueError(f"history must have a 'loss' entry; got the keys {sorted(history)}.")
        series = {"training": history["loss"], "validation": history.get("val_loss", [])}
    else:
        series = {"training": history}
    series = {k: check_array(v, f"history[{k!r}]", ndim=1, finite=False) for k, v in series.items()}
    if series["training"].size == 0:
        raise ValueError("history holds no loss values: train for at least one epoch first.")
    ax = _axes(ax)
    for (label, values), style in zip(series.items(), ("-", "--"), strict=False):
        if values.size:
            ax.plot(np.arange(1, values.size + 1), values, style, marker="o" if values.size <= 30 else None,
                    markersize=3, label=label)
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (log scale)" if log_scale else "loss")
    ax.legend()
    return ax


# ------------------------------------------------------------------------------- landscapes
def _limits(value, name, coords):
    """``value`` as (low, high), or the range of the path coordinates with a 10 % margin."""
    if value is not None:
        return _check_range(value, name)
    if not coords or not sum(c.size for c in coords):
        raise ValueError(f"{name} must be given when there are no paths to take the range from.")
    lo = min(float(c.min()) for c in coords if c.size)
    hi = max(float(c.max()) for c in coords if c.size)
    pad = 0.1 * (hi - lo) if hi > lo else max(1.0, abs(lo))
    return lo - pad, hi + pad

def _path_arrows(ax, xs, ys, color):
    for x0, y0, x1, y1 in zip(xs[:-1], ys[:-1], xs[1:], ys[1:], strict=True):
        if (x0, y0) != (x1, y1):
            ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                        arrowprops=dict(arrowstyle="->", color=color, lw=1.0, shrinkA=2, shrinkB=2))


def loss_landscape_1d(f, w_range, path=None, ax=None, label=None, *, num=400):
    """The loss as a function of one weight, with an optional optimizer path on the curve.

    Args:
        f: the loss as a function of the weight, ``f(w) -> float`` (called once per point).
        w_range: ``(w_min, w_max)``, the interval drawn.
        path: a sequence of weights visited by an optimizer, drawn as dots on the curve joined by
            arrows, or None. Default: None.
        ax: the Axes to draw on, or None for a new figure. Default: None.
        label: legend label of the curve, or None. Default: None.
        num: number of points of the curve. Default: 400.

    Returns:
        The Axes: one line for the curve; with a path, its dots (one more line) and arrows.
    """
    _check_callable(f, "f")
    lo, hi = _check_range(w_range, "w_range")
    num = check_scalar(num, "num", kind=numbers.Integral, min_val=2)
    ax = _axes(ax)
    w = np.linspace(lo, hi, num)
    loss = np.array([float(f(v)) for v in w])
    (curve,) = ax.plot(w, loss, label=label)
    if path is not None:
        p = check_array(path, "path", ndim=1)
        if p.size:
            lp = np.array([float(f(v)) for v in p])
            color = "C3" if curve.get_color() != "C3" else "C1"
            ax.plot(p, lp, "o", color=color, markersize=5, label="path" if label else None, zorder=3)
            _path_arrows(ax, p, lp, color)
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("loss")
    if label is not None:
        ax.legend()
    return ax


def landscape_2d(f, paths=None, xlim=None, ylim=None, ax=None, levels=30, log_scale=False, *, resolution=200):
    """Contour lines of a function of two weights (a loss), with optimizer paths drawn over them.

    Args:
        f: the loss, ``f(W1, W2)`` working elementwise on arrays (a grid is passed).
        paths: a dict mapping a label to an array of shape (T, 2) of optimizer iterates, or None.
            Default: None.
        xlim: ``(low, high)`` of the first weight, or None for the paths' range plus a margin of
            10 % on each side. Default: None.
        ylim: ``(low, high)`` of the second weight, or None as for ``xlim``. Default: None.
        ax: the Axes to draw on, or None for a new figure. Default: None.
        levels: number of contour levels. Default: 30.
        log_scale: space the levels logarithmically (the loss must be positive), for valleys
            whose floor a linear scale hides. Default: False.
        resolution: grid points per axis. Default: 200.

    Returns:
        The Axes: a contour set, and for each path a labelled line with markers, its start marked.
    """
    _check_callable(f, "f")
    paths = {} if paths is None else paths
    if not isinstance(paths, dict):
        raise TypeError(f"paths must be a dict mapping labels to (T, 2) arrays; got {type(paths).__name__}.")
    checked = {}
    for label, path in paths.items():
        arr = check_array(path, f"paths[{label!r}]", ndim=2)
        if arr.shape[1] != 2:
            raise ValueError(f"paths[{label!r}] must have shape (T, 2); got {arr.shape}.")
        checked[label] = arr
    x0, x1 = _limits(xlim, "xlim", [a[:, 0] for a in checked.values()])
    y0, y1 = _limits(ylim, "ylim", [a[:, 1] for a in checked.values()])
    levels = check_scalar(levels, "levels", kind=numbers.Integral, min_val=2)
    resolution = check_scalar(resolution, "resolution", kind=numbers.Integral, min_val=2)
    W1, W2 = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    Z = np.asarray(f(W1, W2), dtype=np.float64)
    if Z.shape != W1.shape:
        raise ValueError(
            f"f(W1, W2) must work elementwise on arrays and return shape {W1.shape}; got {Z.shape}. "
            "Write it with NumPy operations (np.exp, **, +) rather than math functions."
        )
    finite = Z[np.isfinite(Z)]
    if finite.size == 0:
        raise ValueError("f(W1, W2) is NaN or infinite everywhere on the grid.")
    ax = _axes(ax, figsize=(6.0, 5.0))
    if log_scale:
        if finite.min() <= 0:
            raise ValueError(f"log_scale=True needs a positive loss; its minimum on the grid is {finite.min():.4g}.")
        lv = np.geomspace(finite.min(), finite.max(), levels)
    else:
        lv = np.linspace(finite.min(), finite.max(), levels)
    ax.contour(W1, W2, Z, levels=lv, cmap="viridis", linewidths=0.8)
    for i, (label, arr) in enumerate(checked.items()):
        color = f"C{(i + 1) % 10}"
        ax.plot(arr[:, 0], arr[:, 1], "-o", color=color, markersize=3, linewidth=1.2, label=str(label))
        ax.plot(arr[:1, 0], arr[:1, 1], "s", color=color, markersize=7)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    if checked:
        ax.legend()
    return ax


# -------------------------------------------------------------------------- decision boundary
def decision_boundary(predict, X, y, ax=None, resolution=200):
    """The regions a classifier assigns to each class, with the data on top.

    Args:
        predict: a function from points of shape (M, 2) to integer labels of shape (M,).
        X: the points, shape (N, 2).
        y: their integer labels, shape (N,).
        ax: the Axes to draw on, or None for a new figure. Default: None.
        resolution: grid points per axis. Default: 200.

    Returns:
        The Axes: filled class regions (a contour set) and one scatter of the data.
    """
    _check_callable(predict, "predict")
    X = check_array(X, "X", ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2): decision_boundary draws 2-D inputs; got {X.shape}.")
    y = check_array(y, "y", ndim=1, dtype="int")
    if len(y) != len(X):
        raise ValueError(f"X and y must have the same number of samples; got X {X.shape} and y {y.shape}.")
    resolution = check_scalar(resolution, "resolution", kind=numbers.Integral, min_val=2)
    pad = 0.1 * (X.max(axis=0) - X.min(axis=0)) + 1e-9
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    G1, G2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    labels = np.asarray(predict(np.column_stack([G1.ravel(), G2.ravel()])))
    if labels.shape != (G1.size,):
        raise ValueError(
            f"predict must return one label per point, shape ({G1.size},); got {labels.shape}. For scores "
            "(M, C) return scores.argmax(axis=1)."
        )
    classes = np.union1d(np.unique(labels), np.unique(y)).astype(np.int64)
    k = int(classes.max()) + 1
    import matplotlib.colors as mcolors

    cmap = mcolors.ListedColormap([f"C{c % 10}" for c in range(k)])
    norm = mcolors.BoundaryNorm(np.arange(-0.5, k + 0.5), k)
    ax = _axes(ax)
    ax.contourf(G1, G2, labels.reshape(G1.shape).astype(float), levels=np.arange(-0.5, k + 0.5),
                cmap=cmap, norm=norm, alpha=0.25)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap=cmap, norm=norm, s=14, edgecolors="k", linewidths=0.3)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


# ------------------------------------------------------------------------------ lr range test
def lr_finder(lrs, losses, ax=None, *, mark_steepest=True):
    """Loss against learning rate from a learning-rate range test, on a logarithmic lr axis.

    Draws what :func:`lazylearn.train.lr_range_test` returns: ``lr_finder(*lr_range_test(...))``.

    Args:
        lrs: the learning rates tried, increasing, shape (T,).
        losses: the (smoothed) loss at each, shape (T,); NaN or infinite values (a diverged run) are
            drawn as gaps.
        ax: the Axes to draw on, or None for a new figure. Default: None.
        mark_steepest: mark the learning rate where the loss falls fastest (steepest negative
            slope against log lr), a common starting choice. Default: True.

    Returns:
        The Axes: one line, plus one marker line when ``mark_steepest`` and at least 3 finite losses.

    Examples:
        >>> ax = lr_finder(np.geomspace(1e-4, 1, 20), np.r_[np.linspace(2, 0.5, 15), [0.6, 1, 3, 9, 30]])
        >>> len(ax.get_lines()), ax.get_xscale()
        (2, 'log')
    """
    lrs = check_array(lrs, "lrs", ndim=1)
    losses = check_array(losses, "losses", ndim=1, finite=False)
    if lrs.shape != losses.shape:
        raise ValueError(f"lrs and losses must have the same shape; got lrs {lrs.shape} and losses {losses.shape}.")
    if lrs.size == 0 or lrs.min() <= 0:
        raise ValueError("lrs must be non-empty and positive (they are drawn on a log scale).")
    ax = _axes(ax)
    ax.plot(lrs, losses, label="loss")
    ax.set_xscale("log")
    ok = np.isfinite(losses)
    if mark_steepest and ok.sum() >= 3:
        slope = np.gradient(losses[ok], np.log(lrs[ok]))
        i = int(np.argmin(slope))
        ax.plot(lrs[ok][i], losses[ok][i], "o", color="C3", label=f"steepest descent, lr = {lrs[ok][i]:.2g}")
        ax.legend()
    ax.set_xlabel("learning rate (log scale)")
    ax.set_ylabel("loss")
    return ax


# ---------------------------------------------------------------------- series against a step
def _series(values, name):
    """A dict of label -> 1-D array (a single sequence becomes one unlabelled series)."""
    if isinstance(values, dict):
        if not values:
            raise ValueError(f"{name} must hold at least one series; got an empty dict.")
        items = values.items()
    else:
        items = [(None, values)]
    out = {}
    for label, v in items:
        arr = check_array(v, name if label is None else f"{name}[{label!r}]", ndim=1, finite=False)
        if arr.size == 0:
            raise ValueError(f"{name}{'' if label is None else f'[{label!r}]'} is empty.")
        out[label] = arr
    return out


def _legend_if_labelled(ax, series):
    if any(label is not None for label in series):
        ax.legend()


def schedules(lrs, ax=None, *, log_scale=False, xlabel="epoch"):
    """Learning rate against epoch (or step) for one or several schedules.

    The learning rate is constant between scheduler steps, so each schedule is drawn as a step
    line: the value at epoch ``t`` holds until epoch ``t + 1``.

    Args:
        lrs: a dict mapping a label (e.g. ``'StepLR(10, 0.1)'``) to the learning rates of epochs
            0, 1, ..., or one sequence of learning rates.
        ax: the Axes to draw on, or None for a new figure. Default: None.
        log_scale: a logarithmic lr axis (for exponential decay). Default: False.
        xlabel: the x-axis label. Default: ``'epoch'``.

    Returns:
        The Axes, with one line per schedule (labelled by the dict's keys).

    Examples:
        >>> ax = schedules({"constant": [0.1] * 5, "step": [0.1, 0.1, 0.01, 0.01, 0.001]})
        >>> [line.get_label() for line in ax.get_lines()]
        ['constant', 'step']
    """
    series = _series(lrs, "lrs")
    if any(np.any(v <= 0) for v in series.values()) and log_scale:
        raise ValueError("log_scale=True needs positive learning rates.")
    ax = _axes(ax)
    for label, v in series.items():
        ax.plot(np.arange(v.size), v, drawstyle="steps-post", label=label)
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("learning rate (log scale)" if log_scale else "learning rate")
    _legend_if_labelled(ax, series)
    return ax


def layer_stats(stats, ax=None, *, log_scale=True, ylabel="standard deviation of the activations"):
    """One statistic per layer (activation std, gradient norm, dead share), against the layer index.

    Args:
        stats: a dict mapping a label (e.g. ``'tanh, Xavier'``) to the values of layers 1, 2, ...,
            or one sequence of values.
        ax: the Axes to draw on, or None for a new figure. Default: None.
        log_scale: a logarithmic y axis (signals that vanish or explode change geometrically with
            depth). Values <= 0 are left out of a log-scale line. Default: True.
        ylabel: what the values are. Default: ``'standard deviation of the activations'``.

    Returns:
        The Axes, with one line with markers per entry, at x = 1, 2, ..., L.

    Examples:
        >>> ax = layer_stats({"ReLU, He": [1.0, 1.02, 0.98], "ReLU, N(0, 0.01)": [0.1, 0.01, 0.001]})
        >>> len(ax.get_lines()), ax.get_yscale(), ax.get_xlabel()
        (2, 'log', 'layer')
    """
    series = _series(stats, "stats")
    ax = _axes(ax)
    for label, v in series.items():
        shown = np.where(v > 0, v, np.nan) if log_scale else v
        ax.plot(np.arange(1, v.size + 1), shown, marker="o", markersize=3, label=label)
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    _legend_if_labelled(ax, series)
    return ax


# ------------------------------------------------------------------- precision-recall curves
def pr_curves(y_true, scores, ax=None, *, thresholds=None, pos_label=1, chance=True):
    """Precision-recall curves of one or several scorers on the same labels, with their AP.

    Each curve is :func:`lazylearn.metrics.precision_recall_curve` drawn as a step line (the
    area under the steps is the AP in the legend). ``thresholds`` marks operating points: the
    (recall, precision) of predicting positive where the score is at least the threshold.

    Args:
        y_true: binary labels of shape (N,), with at least one positive.
        scores: a dict mapping a label to scores of shape (N,), or one array of scores.
        ax: the Axes to draw on, or None for a new figure. Default: None.
        thresholds: a threshold for every curve (a float), a dict mapping labels to thresholds,
            or None for no operating points. A threshold above every score (nothing predicted
            positive) marks no point. Default: None.
        pos_label: the label of the positive class. Default: 1.
        chance: draw the positive rate as a dotted horizontal line (the AP of a random scorer).
            Default: True.

    Returns:
        The Axes: one line per curve labelled ``'<label> (AP 0.xxx)'``, one marker line per
        operating point, and the chance line.

    Examples:
        >>> ax = pr_curves([0, 0, 1, 1], {"model": [0.1, 0.4, 0.35, 0.8]}, thresholds=0.5)
        >>> [line.get_label() for line in ax.get_lines()][:2]
        ['model (AP 0.833)', 'model at 0.5']
    """
    from lazylearn.metrics import average_precision, precision_recall_curve

    y = check_array(y_true, "y_true", ndim=1, dtype="int")
    series = _series(scores, "scores")
    if thresholds is not None and not isinstance(thresholds, dict):
        thresholds = dict.fromkeys(series, check_scalar(thresholds, "thresholds"))
    thresholds = thresholds or {}
    unknown = set(thresholds) - set(series)
    if unknown:
        raise ValueError(f"thresholds has labels without scores: {sorted(map(str, unknown))}.")
    ax = _axes(ax)
    positive = y == pos_label
    for i, (label, s) in enumerate(series.items()):
        precision, recall, _ = precision_recall_curve(y, s, pos_label=pos_label)
        ap = average_precision(y, s, pos_label=pos_label)
        name = "AP" if label is None else f"{label}"
        ax.plot(recall, precision, drawstyle="steps-post", color=f"C{i % 10}",
                label=f"{name} ({ap:.3f})" if label is None else f"{name} (AP {ap:.3f})")
        if label in thresholds:
            t = float(thresholds[label])
            predicted = s >= t
            if predicted.any():
                p_t = float(np.mean(positive[predicted]))
                r_t = float(np.sum(positive & predicted) / positive.sum())
                ax.plot([r_t], [p_t], "o", color=f"C{i % 10}", markersize=7, markeredgecolor="k",
                        label=f"{'threshold' if label is None else label} at {t:g}")
    if chance:
        ax.axhline(float(positive.mean()), color="grey", linestyle=":", linewidth=1,
                   label=f"chance (positive rate {positive.mean():.3f})")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.legend()
    return ax


# ------------------------------------------------------------------------- cumulative loss
def cumulative_loss(losses, ax=None, *, xlabel="fraction of examples"):
    r"""Normalized cumulative loss of examples sorted from the easiest to the hardest (Lin et al. Fig. 4).

    For per-example losses :math:`\ell_{(1)} \le \dots \le \ell_{(n)}` the curve goes through
    :math:`\big(k / n,\ \sum_{i \le k} \ell_{(i)} / \sum_i \ell_i\big)`, from (0, 0) to (1, 1). A
    curve that stays low and jumps at the right end means a few hard examples carry the loss;
    a diagonal means every example counts the same.

    Args:
        losses: a dict mapping a label (e.g. ``'$\\gamma = 2$'``) to per-example losses of shape
            (n,), each >= 0 (the sizes may differ), or one such array.
        ax: the Axes to draw on, or None for a new figure. Default: None.
        xlabel: the x-axis label, e.g. ``'fraction of background examples'``. Default:
            ``'fraction of examples'``.

    Returns:
        The Axes, with one line per entry. An entry whose losses are all 0 is drawn as 0
        everywhere (nothing to share out).

    Examples:
        >>> ax = cumulative_loss({"CE": [0.01, 0.02, 1.0, 2.0], "FL": [1e-6, 1e-5, 0.5, 1.5]})
        >>> float(ax.get_lines()[0].get_ydata()[-1]), len(ax.get_lines())
        (1.0, 2)
    """
    series = _series(losses, "losses")
    for label, v in series.items():
        where = "losses" if label is None else f"losses[{label!r}]"
        if not np.all(np.isfinite(v)) or v.min() < 0:
            raise ValueError(f"{where} must be finite and >= 0 (per-example losses); got min {v.min():.4g}.")
    ax = _axes(ax)
    for label, v in series.items():
        v = np.sort(v.astype(np.float64))
        total = v.sum()
        y = np.r_[0.0, np.cumsum(v) / total] if total > 0 else np.zeros(v.size + 1)
        ax.plot(np.arange(v.size + 1) / v.size, y, label=label)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("cumulative normalized loss")
    _legend_if_labelled(ax, series)
    return ax


# --------------------------------------------------------------------------- CE against focal
def ce_vs_focal(gammas=(0, 0.5, 1, 2, 5), ax=None):
    r"""Focal loss :math:`-(1 - p_t)^\gamma \log p_t` against :math:`p_t`, one curve per gamma.

    Figure 1 of Lin et al. (2017): :math:`\gamma = 0` is the cross-entropy; larger gammas shrink
    the loss of well-classified examples (:math:`p_t > 0.5`) far more than that of badly
    classified ones.

    Args:
        gammas: the focusing parameters, each >= 0. Default: (0, 0.5, 1, 2, 5).
        ax: the Axes to draw on, or None for a new figure. Default: None.

    Returns:
        The Axes, with one labelled line per gamma.
    """
    gammas = check_array(gammas, "gammas", ndim=1)
    if gammas.size == 0 or gammas.min() < 0:
        raise ValueError(f"gammas must be a non-empty sequence of values >= 0; got {gammas.tolist()}.")
    ax = _axes(ax)
    p = np.linspace(1e-3, 1.0, 500)
    ce = -np.log(p)
    for g in gammas:
        label = f"$\\gamma = {g:g}$" + (" (cross-entropy)" if g == 0 else "")
        ax.plot(p, (1 - p) ** g * ce, label=label)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 5)
    ax.set_xlabel("probability of the ground-truth class $p_t$")
    ax.set_ylabel("loss")
    ax.legend()
    return ax
