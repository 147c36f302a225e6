"""The figures the course keeps redrawing.

Every function draws on ``ax`` (a new figure and Axes when None), labels its axes, and returns the
Axes, so figures can be combined with ``plt.subplots``. Figures get an explicit white background,
so they stay readable in a dark-mode notebook or browser theme. Nothing here calls ``plt.show()``.

Examples:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = focal_vs_ce()
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
    "loss_landscape_2d",
    "decision_boundary",
    "focal_vs_ce",
    "lr_range_plot",
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
    for (label, values), style in zip(series.items(), ("-", "--")):
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
def _path_arrows(ax, xs, ys, color):
    for x0, y0, x1, y1 in zip(xs[:-1], ys[:-1], xs[1:], ys[1:]):
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


def loss_landscape_2d(f, xlim, ylim, paths=None, ax=None, levels=30, log_scale=False, *, resolution=200):
    """Contour lines of a loss of two weights, with optimizer paths drawn over them.

    Args:
        f: the loss, ``f(W1, W2)`` working elementwise on arrays (a grid is passed).
        xlim: ``(low, high)`` of the first weight.
        ylim: ``(low, high)`` of the second weight.
        paths: a dict mapping a label to an array of shape (T, 2) of optimizer iterates, or None.
            Default: None.
        ax: the Axes to draw on, or None for a new figure. Default: None.
        levels: number of contour levels. Default: 30.
        log_scale: space the levels logarithmically (the loss must be positive), for valleys
            whose floor a linear scale hides. Default: False.
        resolution: grid points per axis. Default: 200.

    Returns:
        The Axes: a contour set, and for each path a labelled line with markers, its start marked.
    """
    _check_callable(f, "f")
    x0, x1 = _check_range(xlim, "xlim")
    y0, y1 = _check_range(ylim, "ylim")
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
    paths = {} if paths is None else paths
    if not isinstance(paths, dict):
        raise TypeError(f"paths must be a dict mapping labels to (T, 2) arrays; got {type(paths).__name__}.")
    checked = {}
    for label, path in paths.items():
        arr = check_array(path, f"paths[{label!r}]", ndim=2)
        if arr.shape[1] != 2:
            raise ValueError(f"paths[{label!r}] must have shape (T, 2); got {arr.shape}.")
        checked[label] = arr
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


# --------------------------------------------------------------------------- focal against CE
def focal_vs_ce(gammas=(0, 0.5, 1, 2, 5), ax=None):
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


# ------------------------------------------------------------------------------ lr range test
def lr_range_plot(lrs, losses, ax=None, *, mark_steepest=True):
    """Loss against learning rate from a learning-rate range test, on a logarithmic lr axis.

    Args:
        lrs: the learning rates tried, increasing, shape (T,).
        losses: the (smoothed) loss at each, shape (T,).
        ax: the Axes to draw on, or None for a new figure. Default: None.
        mark_steepest: mark the learning rate where the loss falls fastest (steepest negative
            slope against log lr), a common starting choice. Default: True.

    Returns:
        The Axes: one line, plus one marker line when ``mark_steepest`` and T >= 3.
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
