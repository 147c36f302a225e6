"""Data sets, splits, scaling and mini-batches.

Every data set here is made in code from a seeded random generator, or read from the copies that
scikit-learn ships inside its installed package (``load_digits``, ``load_breast_cancer``): nothing
is downloaded. Generators take ``rng`` (None, an int seed or a ``np.random.Generator``) and return
``X`` as float64 and ``y`` as int64 class labels.

Preprocessing returns the statistics it used, so that validation and test data are transformed
with the *training* statistics::

    Z_train, mean, std = standardize(X_train)
    Z_val, _, _ = standardize(X_val, mean, std)
"""
from __future__ import annotations

import numbers

import numpy as np

from lazylearn._validation import check_array, check_labels, check_rng, check_scalar

__all__ = [
    "line_data",
    "make_blobs",
    "make_moons",
    "make_spirals",
    "make_imbalanced",
    "load_digits",
    "load_breast_cancer",
    "train_val_split",
    "standardize",
    "whiten",
    "batches",
    "one_hot",
]


# ----------------------------------------------------------------------------------- data sets
def line_data():
    """The four points of chapter 1, which lie exactly on the line ``y = 2 x``.

    Returns:
        ``(x, y)``, two float64 arrays of shape (4,): x = [3, -2, 0, 5], y = [6, -4, 0, 10].

    Examples:
        >>> x, y = line_data()
        >>> x.tolist(), y.tolist()
        ([3.0, -2.0, 0.0, 5.0], [6.0, -4.0, 0.0, 10.0])
    """
    x = np.array([3.0, -2.0, 0.0, 5.0])
    y = np.array([6.0, -4.0, 0.0, 10.0])
    return x, y


def _check_n(n_samples, name="n_samples", minimum=1):
    return check_scalar(n_samples, name, kind=numbers.Integral, min_val=minimum)


def _split_counts(n: int, k: int) -> np.ndarray:
    """``n`` samples shared out over ``k`` groups as evenly as possible (the first groups get one more)."""
    counts = np.full(k, n // k, dtype=np.int64)
    counts[: n % k] += 1
    return counts


def make_blobs(n_samples=100, centers=3, *, cluster_std=1.0, center_box=(-6.0, 6.0), rng=None):
    """Isotropic Gaussian clusters in 2-D (or in the dimension of the given centers).

    Args:
        n_samples: total number of points, shared as evenly as possible among the clusters. Default: 100.
        centers: the number of clusters (their centers drawn uniformly in ``center_box`` in 2-D), or an
            array of shape (K, D) of centers. Default: 3.
        cluster_std: the standard deviation of every cluster. Default: 1.0.
        center_box: (low, high) of the box random centers are drawn from. Default: (-6.0, 6.0).
        rng: None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        ``(X, y)``: X of shape (n_samples, D) float64, y of shape (n_samples,) int64 with the cluster index.

    Examples:
        >>> X, y = make_blobs(10, centers=2, rng=0)
        >>> X.shape, sorted(set(y.tolist()))
        ((10, 2), [0, 1])
    """
    n = _check_n(n_samples)
    rng = check_rng(rng)
    check_scalar(cluster_std, "cluster_std", min_val=0)
    if isinstance(centers, numbers.Integral) and not isinstance(centers, bool):
        k = check_scalar(centers, "centers", kind=numbers.Integral, min_val=1)
        low, high = center_box
        if not low < high:
            raise ValueError(f"center_box must be (low, high) with low < high; got {center_box!r}.")
        c = rng.uniform(low, high, size=(k, 2))
    else:
        c = check_array(centers, "centers", ndim=2)
        if len(c) == 0:
            raise ValueError("centers must hold at least one center; got shape (0, D).")
    counts = _split_counts(n, len(c))
    y = np.repeat(np.arange(len(c)), counts)
    X = c[y] + cluster_std * rng.standard_normal((n, c.shape[1]))
    return X, y


def make_moons(n_samples=100, *, noise=0.1, rng=None):
    """Two interleaving half circles, a data set no straight line separates.

    Class 0 lies on the upper half circle of radius 1 around (0, 0); class 1 on the lower half
    circle around (1, 0.5). Gaussian noise of standard deviation ``noise`` is added to each point.

    Args:
        n_samples: total number of points (class 0 gets the extra one when odd). Default: 100.
        noise: standard deviation of the added Gaussian noise. Default: 0.1.
        rng: None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        ``(X, y)``: X of shape (n_samples, 2) float64, y of shape (n_samples,) int64 in {0, 1}.
    """
    n = _check_n(n_samples, minimum=2)
    check_scalar(noise, "noise", min_val=0)
    rng = check_rng(rng)
    n0, n1 = _split_counts(n, 2)
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n1)
    upper = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    lower = np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)
    X = np.concatenate([upper, lower]) + noise * rng.standard_normal((n, 2))
    y = np.repeat([0, 1], [n0, n1]).astype(np.int64)
    return X, y


def make_spirals(n_samples=300, n_classes=3, *, noise=0.2, turns=1.0, rng=None):
    """Interleaved spiral arms in 2-D, one arm per class (the classic non-linear toy problem).

    Point ``i`` of arm ``k`` sits at radius ``r = i / n_k`` and angle
    ``theta = 2 pi turns r + 2 pi k / n_classes`` (plus Gaussian noise of standard deviation
    ``noise`` on the angle), so every arm starts at the origin and ends on the unit circle.

    Args:
        n_samples: total number of points, shared as evenly as possible among the arms. Default: 300.
        n_classes: number of arms (classes). Default: 3.
        noise: standard deviation of the angular noise, in radians. Default: 0.2.
        turns: how many full turns each arm makes. Default: 1.0.
        rng: None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        ``(X, y)``: X of shape (n_samples, 2) float64 inside the unit disc, y of shape (n_samples,) int64.
    """
    n = _check_n(n_samples)
    k = check_scalar(n_classes, "n_classes", kind=numbers.Integral, min_val=1)
    check_scalar(noise, "noise", min_val=0)
    check_scalar(turns, "turns", min_val=0, include_min=False)
    rng = check_rng(rng)
    counts = _split_counts(n, k)
    y = np.repeat(np.arange(k), counts)
    r = np.concatenate([np.linspace(0.0, 1.0, c) for c in counts])
    theta = 2 * np.pi * turns * r + 2 * np.pi * y / k + noise * rng.standard_normal(n)
    X = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1)
    return X, y


def make_imbalanced(n_samples=1000, pos_fraction=0.05, *, n_features=2, hard_fraction=0.1, rng=None):
    """A dense-detection-like binary problem: few positives, many easy negatives, some hard ones.

    It imitates what a one-stage detector sees: nearly every candidate location is background
    (easy negatives, far from any object), a handful are objects (positives), and a few background
    locations look like objects (hard negatives).

    * positives: ``round(pos_fraction * n_samples)`` points (at least one when ``pos_fraction > 0``)
      from a Gaussian of standard deviation 0.5 around ``c``, where ``c`` has every coordinate
      equal and norm ``2 sqrt(2)`` (``c = (2, 2)`` in 2-D);
    * hard negatives: ``round(hard_fraction * n_negatives)`` points from a Gaussian of standard
      deviation 0.7 around ``0.6 c``, overlapping the positives;
    * easy negatives: the rest, from a Gaussian of standard deviation 1.5 around ``-c``.

    The rows are shuffled.

    Args:
        n_samples: total number of points. Default: 1000.
        pos_fraction: share of positives, in [0, 1]. Default: 0.05.
        n_features: dimension D of the points. Default: 2.
        hard_fraction: share of the negatives that are hard, in [0, 1]. Default: 0.1.
        rng: None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        ``(X, y)``: X of shape (n_samples, D) float64, y of shape (n_samples,) int64 in {0, 1}.

    Examples:
        >>> X, y = make_imbalanced(200, 0.05, rng=0)
        >>> X.shape, int(y.sum())
        ((200, 2), 10)
    """
    n = _check_n(n_samples)
    check_scalar(pos_fraction, "pos_fraction", min_val=0, max_val=1)
    check_scalar(hard_fraction, "hard_fraction", min_val=0, max_val=1)
    d = check_scalar(n_features, "n_features", kind=numbers.Integral, min_val=1)
    rng = check_rng(rng)
    n_pos = int(round(pos_fraction * n))
    if pos_fraction > 0:
        n_pos = max(n_pos, 1)
    n_neg = n - n_pos
    n_hard = int(round(hard_fraction * n_neg))
    n_easy = n_neg - n_hard
    c = np.full(d, 2.0 * np.sqrt(2.0 / d))
    X = np.concatenate([
        c + 0.5 * rng.standard_normal((n_pos, d)),
        0.6 * c + 0.7 * rng.standard_normal((n_hard, d)),
        -c + 1.5 * rng.standard_normal((n_easy, d)),
    ])
    y = np.concatenate([np.ones(n_pos, np.int64), np.zeros(n_neg, np.int64)])
    order = rng.permutation(n)
    return X[order], y[order]


def load_digits(*, n_class=10, images=False):
    """The 8x8 handwritten digits that ship with scikit-learn (1797 images, no download).

    The pixel values of the original (integers 0 to 16) are divided by 16, so ``X`` is float64
    in [0, 1]. Some pixels (the image borders) are 0 in every image: use
    :func:`standardize`, which leaves such constant features unscaled.

    Args:
        n_class: keep the digits 0 to ``n_class - 1``, in [1, 10]. Default: 10.
        images: return ``X`` with shape (N, 8, 8) instead of (N, 64). Default: False.

    Returns:
        ``(X, y)``: X of shape (N, 64) (or (N, 8, 8)) float64 in [0, 1], y of shape (N,) int64.
    """
    from sklearn.datasets import load_digits as _sk_load_digits

    check_scalar(n_class, "n_class", kind=numbers.Integral, min_val=1, max_val=10)
    bunch = _sk_load_digits(n_class=n_class)
    X = bunch.images.astype(np.float64) / 16.0
    if not images:
        X = X.reshape(len(X), -1)
    return X, bunch.target.astype(np.int64)


def load_breast_cancer():
    """The Wisconsin breast cancer data set that ships with scikit-learn (569 x 30, no download).

    Returns:
        ``(X, y)``: X of shape (569, 30) float64 (raw measurements on very different scales:
        standardize them), y of shape (569,) int64 with 1 = benign, 0 = malignant.
    """
    from sklearn.datasets import load_breast_cancer as _sk_load_breast_cancer

    bunch = _sk_load_breast_cancer()
    return bunch.data.astype(np.float64), bunch.target.astype(np.int64)


# ------------------------------------------------------------------------------ splits, scaling
def _check_xy(X, y):
    X = np.asarray(X)
    if X.ndim == 0:
        raise ValueError(f"X must have at least one dimension (one row per sample); got a scalar {X!r}.")
    if y is None:
        return X, None
    y = np.asarray(y)
    if y.ndim == 0 or len(y) != len(X):
        raise ValueError(
            f"X and y must have the same number of samples (first dimension); got X {X.shape} and y {y.shape}."
        )
    return X, y


def train_val_split(X, y, val_fraction=0.2, *, stratify=False, rng=None):
    """Split ``(X, y)`` at random into a training and a validation part.

    The validation part gets ``ceil(val_fraction * N)`` samples (as scikit-learn's
    ``train_test_split``). With ``stratify=True`` every class is split separately, so both parts
    keep the class proportions (each class with at least two samples puts one in each part):
    needed for imbalanced data, where a plain split can leave no positive in the validation set.

    Args:
        X: array of shape (N, ...).
        y: array of shape (N, ...).
        val_fraction: share of samples for validation, in (0, 1). Default: 0.2.
        stratify: split each class of ``y`` separately. Default: False.
        rng: None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        ``(X_train, X_val, y_train, y_val)``, in scikit-learn's order.

    Examples:
        >>> X, y = np.arange(10.0).reshape(5, 2), np.arange(5)
        >>> X_tr, X_va, y_tr, y_va = train_val_split(X, y, 0.4, rng=0)
        >>> len(y_tr), len(y_va), sorted(np.concatenate([y_tr, y_va]).tolist())
        (3, 2, [0, 1, 2, 3, 4])
    """
    X, y = _check_xy(X, y)
    if y is None:
        raise TypeError("y must be an array of labels or targets; got None.")
    check_scalar(val_fraction, "val_fraction", min_val=0, max_val=1, include_min=False, include_max=False)
    rng = check_rng(rng)
    n = len(X)
    if n < 2:
        raise ValueError(f"train_val_split needs at least 2 samples; got {n}.")
    if stratify:
        if y.ndim != 1:
            raise ValueError(f"stratify=True needs 1-D class labels y; got shape {y.shape}.")
        val_idx = []
        for cls in np.unique(y):
            members = rng.permutation(np.flatnonzero(y == cls))
            m = len(members)
            k = int(np.round(val_fraction * m))
            k = min(max(k, 1 if m >= 2 else 0), m - 1) if m >= 2 else 0
            val_idx.append(members[:k])
        val_idx = np.concatenate(val_idx)
        if len(val_idx) == 0:
            raise ValueError("stratify=True left the validation set empty: every class has a single sample.")
    else:
        n_val = min(int(np.ceil(val_fraction * n)), n - 1)
        val_idx = rng.permutation(n)[:n_val]
    mask = np.zeros(n, dtype=bool)
    mask[val_idx] = True
    # keep a random order inside each part rather than the original (possibly sorted) one
    train_idx = rng.permutation(np.flatnonzero(~mask))
    val_idx = rng.permutation(np.flatnonzero(mask))
    return X[train_idx], X[val_idx], y[train_idx], y[val_idx]


def _check_features(X, name="X"):
    X = check_array(X, name, ndim=2)
    if len(X) == 0:
        raise ValueError(f"{name} must hold at least one sample; got shape {X.shape}.")
    return X


def _check_stat(value, name, d):
    arr = check_array(value, name, ndim=1)
    if arr.shape != (d,):
        raise ValueError(f"{name} must have shape ({d},), one value per feature of X; got {arr.shape}.")
    return arr


def standardize(X, mean=None, std=None):
    r"""Scale every feature (column) to zero mean and unit standard deviation.

    .. math:: z_{ij} = \frac{x_{ij} - \mu_j}{\sigma_j}

    With ``mean`` and ``std`` omitted they are computed from ``X`` (population standard deviation,
    ``ddof=0``); pass the returned statistics back to transform validation or test data with the
    training statistics. A feature whose standard deviation is (numerically) zero is centred but
    not scaled: its ``std`` is returned as 1.0, as scikit-learn's ``StandardScaler`` does, so constant
    pixels stay finite instead of becoming 0 / 0.

    Args:
        X: array of shape (N, D).
        mean: per-feature means of shape (D,), or None to compute them from X. Default: None.
        std: per-feature standard deviations of shape (D,), or None to compute them. Default: None.

    Returns:
        ``(Z, mean, std)``: Z of shape (N, D), and the statistics used.

    Examples:
        >>> Z, mean, std = standardize([[1.0, 5.0], [3.0, 5.0]])
        >>> Z.tolist(), mean.tolist(), std.tolist()
        ([[-1.0, 0.0], [1.0, 0.0]], [2.0, 5.0], [1.0, 1.0])
    """
    X = _check_features(X)
    if (mean is None) != (std is None):
        raise ValueError("mean and std must be given together (both from the training data) or both omitted.")
    if mean is None:
        mean = X.mean(axis=0)
        std = X.std(axis=0)
        tiny = 10 * np.finfo(np.float64).eps * np.maximum(1.0, np.abs(mean))
        std = np.where(std > tiny, std, 1.0)
    else:
        mean = _check_stat(mean, "mean", X.shape[1])
        std = _check_stat(std, "std", X.shape[1])
        if np.any(std <= 0):
            raise ValueError("std must be positive for every feature; got a value <= 0 "
                             "(use the std returned by standardize, where constant features have std 1).")
    return (X - mean) / std, mean, std


def whiten(X, mean=None, W=None, *, method="zca", eps=1e-5):
    r"""Decorrelate the features and scale them to unit variance (PCA or ZCA whitening).

    With the covariance :math:`\Sigma = \frac{1}{N}(X-\mu)^\top (X-\mu) = U \Lambda U^\top`:

    * PCA: :math:`W = U (\Lambda + \epsilon)^{-1/2}`; the columns of the result are the principal
      components, each scaled to unit variance.
    * ZCA: :math:`W = U (\Lambda + \epsilon)^{-1/2} U^\top`; the whitened data stays as close as possible
      to the original (for images, it still looks like the image, with edges enhanced).

    The result is :math:`(X - \mu) W`, whose covariance is :math:`\Lambda / (\Lambda + \epsilon)`
    (in the PCA basis): the identity for directions with variance much larger than ``eps``. ``eps``
    keeps directions of (near) zero variance from being blown up.

    Args:
        X: array of shape (N, D).
        mean: the training mean of shape (D,), or None to fit mean and W on X. Default: None.
        W: the training whitening matrix of shape (D, D), given together with mean. Default: None.
        method: ``'zca'`` or ``'pca'``. Default: ``'zca'``.
        eps: added to the eigenvalues before the inverse square root, >= 0. Default: 1e-5.

    Returns:
        ``(X_white, mean, W)``: X_white of shape (N, D); pass mean and W back to whiten other data
        with the training transform.

    Examples:
        >>> X = np.random.default_rng(0).normal(size=(500, 3)) @ [[2, 1, 0], [0, 1, 0], [0, 0, 3]]
        >>> Xw, mean, W = whiten(X)
        >>> bool(np.allclose(Xw.T @ Xw / len(Xw), np.eye(3), atol=1e-4))
        True
    """
    X = _check_features(X)
    if method not in ("zca", "pca"):
        raise ValueError(f"method must be 'zca' or 'pca'; got {method!r}.")
    check_scalar(eps, "eps", min_val=0)
    if (mean is None) != (W is None):
        raise ValueError("mean and W must be given together (both from the training data) or both omitted.")
    d = X.shape[1]
    if mean is None:
        mean = X.mean(axis=0)
        Xc = X - mean
        cov = Xc.T @ Xc / len(X)
        lam, U = np.linalg.eigh(cov)
        lam = np.clip(lam, 0.0, None)  # round-off can make tiny eigenvalues negative
        if eps == 0 and np.any(lam == 0):
            raise ValueError("X has a direction of zero variance; whitening it needs eps > 0.")
        W = U / np.sqrt(lam + eps)
        if method == "zca":
            W = W @ U.T
    else:
        mean = _check_stat(mean, "mean", d)
        W = check_array(W, "W", ndim=2)
        if W.shape[0] != d:
            raise ValueError(f"W must have {d} rows, one per feature of X; got shape {W.shape}.")
    return (X - mean) @ W, mean, W


# ------------------------------------------------------------------------------- mini-batches
def batches(X, y=None, batch_size=32, *, shuffle=True, drop_last=False, rng=None):
    """Iterate over mini-batches of ``(X, y)``: one pass over the data (one epoch).

    Every sample appears in exactly one batch per pass (unless ``drop_last`` drops the short last
    batch). Call ``batches`` again for the next epoch; pass the same Generator to get a new order
    each epoch, or the same int seed to get the same order.

    Args:
        X: array of shape (N, ...).
        y: array of shape (N, ...) or None. Default: None.
        batch_size: samples per batch, >= 1 (the last batch may be smaller). Default: 32.
        shuffle: visit the samples in a random order. Default: True.
        drop_last: drop the last batch if it has fewer than ``batch_size`` samples. Default: False.
        rng: None, an int seed or a ``np.random.Generator``, used when ``shuffle``. Default: None.

    Yields:
        ``(xb, yb)`` (or ``xb`` alone when ``y`` is None), copies of the selected rows.

    Examples:
        >>> [yb.tolist() for _, yb in batches(np.zeros((5, 1)), np.arange(5), 2, shuffle=False)]
        [[0, 1], [2, 3], [4]]
    """
    X, y = _check_xy(X, y)
    batch_size = check_scalar(batch_size, "batch_size", kind=numbers.Integral, min_val=1)
    n = len(X)
    order = check_rng(rng).permutation(n) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n

    def _iterate():
        for start in range(0, stop, batch_size):
            idx = order[start:start + batch_size]
            yield X[idx] if y is None else (X[idx], y[idx])

    return _iterate()


def one_hot(y, num_classes=None):
    """Encode integer class labels as one-hot rows (float64).

    Args:
        y: integer labels of shape (N,).
        num_classes: number of classes C, or None for ``max(y) + 1``. Default: None.

    Returns:
        Array of shape (N, C) with a single 1.0 per row, in the column of the label.

    Examples:
        >>> one_hot([0, 2, 1]).tolist()
        [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    y = check_array(y, "y", ndim=1, dtype="int")
    if num_classes is None:
        if len(y) == 0:
            raise ValueError("one_hot needs num_classes when y is empty.")
        if y.min() < 0:
            raise ValueError(f"y must hold class labels >= 0; got {int(y.min())}.")
        num_classes = int(y.max()) + 1
    num_classes = check_scalar(num_classes, "num_classes", kind=numbers.Integral, min_val=1)
    y = check_labels(y, num_classes, "y")
    out = np.zeros((len(y), num_classes))
    out[np.arange(len(y)), y] = 1.0
    return out
