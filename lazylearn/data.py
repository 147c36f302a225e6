"""Data sets, generators, splits, scaling, augmentation and mini-batches.

Every data set here is made in code from a seeded random generator, or read from the copies that
scikit-learn ships inside its installed package (``load_digits``, ``load_breast_cancer``): nothing
is downloaded. Generators take ``rng`` (None, an int seed or a ``np.random.Generator``) and return
``X`` as float64 and ``y`` as int64 class labels.

Preprocessing returns the statistics it used, so that validation and test data are transformed
with the *training* statistics::

    Z_train, mean, std = standardize(X_train)
    Z_val, _, _ = standardize(X_val, mean, std)

The generators of chapters 8 and 9 (:func:`make_imbalanced_blobs`, :func:`make_segmentation_toy`,
:func:`make_dense_detection`) return images of shape (N, H, W) with one label per pixel;
:func:`extract_patches` turns such images into one row per pixel for a patch MLP. Augmentation
(:func:`gaussian_noise`, :func:`random_flip`, :func:`random_shift`) returns a new array and draws
its randomness from ``rng``.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from lazylearn._validation import check_array, check_labels, check_rng, check_scalar

__all__ = [
    "line_data",
    "make_blobs",
    "make_moons",
    "make_spirals",
    "make_imbalanced",
    "make_imbalanced_blobs",
    "make_segmentation_toy",
    "make_dense_detection",
    "extract_patches",
    "load_digits",
    "load_breast_cancer",
    "train_val_split",
    "train_val_test_split",
    "standardize",
    "whiten",
    "gaussian_noise",
    "random_flip",
    "random_shift",
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


def make_imbalanced_blobs(n_pos=200, n_background=20000, n_hard=300, *, pos_std=0.25, ring_radius=1.0,
                          ring_std=0.1, box=3.0, shuffle=True, rng=None):
    """A rare class in 2-D: a small blob of positives in a sea of background, with a ring of hard negatives.

    The pool for bootstrapping and hard-negative mining (chapter 8):

    * positives: ``n_pos`` points from a Gaussian of standard deviation ``pos_std`` around (0, 0);
    * hard negatives: ``n_hard`` points on a ring round the blob, at angles uniform in
      [0, 2 pi) and radii ``ring_radius + ring_std * N(0, 1)``;
    * background (easy) negatives: ``n_background`` points uniform in the square
      ``[-box, box]^2`` (a few of them fall inside the blob, as real background does).

    Args:
        n_pos: number of positives, >= 1. Default: 200.
        n_background: number of uniform background negatives, >= 0. Default: 20000.
        n_hard: number of hard negatives on the ring, >= 0. Default: 300.
        pos_std: standard deviation of the positive blob, > 0. Default: 0.25.
        ring_radius: mean radius of the ring of hard negatives, > 0. Default: 1.0.
        ring_std: standard deviation of the ring's radius, >= 0. Default: 0.1.
        box: half the side of the background square, > 0. Default: 3.0.
        shuffle: shuffle the rows; with False they come as positives, hard negatives, background.
            Default: True.
        rng: None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        ``(X, y)``: X of shape (N, 2) float64 with ``N = n_pos + n_hard + n_background``, y of shape
        (N,) int64 with 1 for the positives and 0 for both kinds of negatives.

    Shape:
        - X: :math:`(N, 2)`, y: :math:`(N,)`, where :math:`N` = ``n_pos + n_hard + n_background``.

    Examples:
        >>> X, y = make_imbalanced_blobs(20, 1000, 30, rng=0)
        >>> X.shape, int(y.sum()), y.dtype
        ((1050, 2), 20, dtype('int64'))
    """
    n_pos = _check_n(n_pos, "n_pos")
    n_bg = _check_n(n_background, "n_background", minimum=0)
    n_hard = _check_n(n_hard, "n_hard", minimum=0)
    check_scalar(pos_std, "pos_std", min_val=0, include_min=False)
    check_scalar(ring_radius, "ring_radius", min_val=0, include_min=False)
    check_scalar(ring_std, "ring_std", min_val=0)
    check_scalar(box, "box", min_val=0, include_min=False)
    rng = check_rng(rng)
    pos = pos_std * rng.standard_normal((n_pos, 2))
    angle = rng.uniform(0.0, 2 * np.pi, n_hard)
    radius = ring_radius + ring_std * rng.standard_normal(n_hard)
    hard = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    background = rng.uniform(-box, box, size=(n_bg, 2))
    X = np.concatenate([pos, hard, background])
    y = np.concatenate([np.ones(n_pos, np.int64), np.zeros(n_hard + n_bg, np.int64)])
    if shuffle:
        order = rng.permutation(len(X))
        X, y = X[order], y[order]
    return X, y


def _disc(radius):
    """Boolean stamp of the pixels within ``radius`` of the centre pixel, shape (2r+1, 2r+1)."""
    r = int(np.floor(radius))
    d = np.arange(-r, r + 1)
    return d[:, None] ** 2 + d[None, :] ** 2 <= radius ** 2


def _place(stamps, H, W, rng, *, gap=1, margin=0, tries=2000):
    """Top-left corners for each stamp so that no two stamps come closer than ``gap`` pixels.

    Rejection sampling on an occupancy grid; each stamp keeps ``margin`` pixels from the border.
    """
    taken = np.zeros((H, W), dtype=bool)
    corners = []
    for stamp in stamps:
        h, w = stamp.shape
        if h + 2 * margin > H or w + 2 * margin > W:
            raise ValueError(f"an object of {h}x{w} pixels does not fit into a {H}x{W} image.")
        for _ in range(tries):
            i = int(rng.integers(margin, H - h - margin + 1))
            j = int(rng.integers(margin, W - w - margin + 1))
            i0, j0 = max(i - gap, 0), max(j - gap, 0)
            if not taken[i0:i + h + gap, j0:j + w + gap].any():
                taken[i:i + h, j:j + w] = True
                corners.append((i, j))
                break
        else:
            raise ValueError(
                f"could not place {len(stamps)} non-touching objects in a {H}x{W} image: use fewer or "
                "smaller objects, or a larger image."
            )
    return corners


def _n_range(value, name):
    """An int count or an inclusive (low, high) range of counts, as a pair."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        k = check_scalar(value, name, kind=numbers.Integral, min_val=0)
        return k, k
    try:
        low, high = (check_scalar(v, name, kind=numbers.Integral, min_val=0) for v in value)
    except TypeError:
        raise TypeError(f"{name} must be an int or a pair (low, high) of ints; got {value!r}.") from None
    if low > high:
        raise ValueError(f"{name} must be a pair (low, high) with low <= high; got {value!r}.")
    return low, high


def _int_pair(value, name, what):
    try:
        a, b = (check_scalar(v, name, kind=numbers.Integral, min_val=1) for v in value)
    except TypeError:
        raise TypeError(f"{name} must be a pair {what} of ints; got {value!r}.") from None
    return a, b


def make_segmentation_toy(n=100, H=32, W=None, *, n_objects=(1, 3), shape="disc", size=2.0, intensity=1.0,
                          noise=0.5, return_instances=False, rng=None):
    r"""Noisy images with a few bright, non-touching objects, and their pixel masks (segmentation).

    Each image is :math:`x = \text{intensity} \cdot m + \varepsilon`, with :math:`m` the 0/1 mask of
    its objects and :math:`\varepsilon \sim N(0, \text{noise}^2)` per pixel. The number of objects
    is drawn uniformly from ``n_objects`` per image; objects are placed at random, never touching
    one another (not even diagonally), so each object is one connected component.

    * ``shape='disc'``: discs of the pixels within ``size`` of the centre pixel (``size=2`` gives
      13 pixels); with the defaults about 2.5 % of the pixels are foreground (chapter 8's toy).
    * ``shape='rect'``: rectangles of ``size = (h, w)`` pixels, e.g. 50 objects of 5x10 on a
      128x128 canvas (chapter 8's "one object of 50 pixels against one pixel of 50 objects").

    Args:
        n: number of images, >= 1. Default: 100.
        H: image height, >= 1. Default: 32.
        W: image width, or None for ``H``. Default: None.
        n_objects: objects per image: an int, or an inclusive range ``(low, high)``. Default: (1, 3).
        shape: ``'disc'`` or ``'rect'``. Default: ``'disc'``.
        size: the disc radius (> 0) or the rectangle's ``(h, w)``. Default: 2.0.
        intensity: brightness added on the objects. Default: 1.0.
        noise: standard deviation of the Gaussian pixel noise, >= 0. Default: 0.5.
        return_instances: also return the instance map. Default: False.
        rng: None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        ``(images, masks)``: images of shape (n, H, W) float64, masks of shape (n, H, W) int64 in {0, 1}.
        With ``return_instances``, a third array of shape (n, H, W) int64: 0 for background and
        ``k`` on the k-th object of the image (k = 1, 2, ...).

    Shape:
        - images, masks, instances: :math:`(n, H, W)`, where n = number of images, H, W = height
          and width.

    Examples:
        >>> images, masks = make_segmentation_toy(4, 16, n_objects=2, size=1.0, rng=0)
        >>> images.shape, masks.shape, masks.sum(axis=(1, 2)).tolist()
        ((4, 16, 16), (4, 16, 16), [10, 10, 10, 10])
        >>> _, masks = make_segmentation_toy(1, 128, n_objects=50, shape="rect", size=(5, 10), noise=0, rng=0)
        >>> int(masks.sum())
        2500
    """
    n = _check_n(n, "n")
    H = check_scalar(H, "H", kind=numbers.Integral, min_val=1)
    W = H if W is None else check_scalar(W, "W", kind=numbers.Integral, min_val=1)
    low, high = _n_range(n_objects, "n_objects")
    if shape == "disc":
        stamp = _disc(check_scalar(size, "size", min_val=0, include_min=False))
    elif shape == "rect":
        stamp = np.ones(_int_pair(size, "size", "(h, w)"), dtype=bool)
    else:
        raise ValueError(f"shape must be 'disc' or 'rect'; got {shape!r}.")
    check_scalar(intensity, "intensity")
    check_scalar(noise, "noise", min_val=0)
    rng = check_rng(rng)
    instances = np.zeros((n, H, W), dtype=np.int64)
    for img in range(n):
        k = int(rng.integers(low, high + 1))
        for label, (i, j) in enumerate(_place([stamp] * k, H, W, rng), start=1):
            region = instances[img, i:i + stamp.shape[0], j:j + stamp.shape[1]]
            region[stamp] = label
    masks = (instances > 0).astype(np.int64)
    images = intensity * masks + noise * rng.standard_normal((n, H, W))
    return (images, masks, instances) if return_instances else (images, masks)


def _gaussian(H, W, cy, cx, sy, sx):
    """An (H, W) image of the bump exp(-(dy^2 / 2 sy^2 + dx^2 / 2 sx^2)) centred on pixel (cy, cx)."""
    dy = (np.arange(H) - cy)[:, None] / sy
    dx = (np.arange(W) - cx)[None, :] / sx
    return np.exp(-0.5 * (dy ** 2 + dx ** 2))


def make_dense_detection(n=100, H=48, n_obj=1, n_dis=2, noise=0.35, *, obj_sigma=1.0, bar_sigma=(1.0, 4.0),
                         rng=None):
    r"""A dense-detection toy (chapter 9): every pixel is an anchor, almost all of them background.

    Each ``H x H`` image holds ``n_obj`` round blobs (the objects) and ``n_dis`` elongated bars
    (the distractors, hard negatives: as wide as a blob, so that across a bar they look like one),
    on Gaussian pixel noise of standard deviation ``noise``. Both are Gaussian bumps of height 1:
    a blob :math:`\exp(-r^2 / 2\sigma^2)` with :math:`\sigma` = ``obj_sigma``; a bar with standard
    deviations ``bar_sigma = (across, along)``, lying horizontally or vertically at random. The
    shapes sit at random centre pixels, each inside its own box of ``ceil(2.5 sigma)`` pixels on
    either side of the centre; the boxes do not overlap and stay inside the image. The positive
    anchors of a blob are the 3x3 pixels round its centre, so an image holds ``9 n_obj``
    positives among ``H^2`` anchors: 9 of 2304 (1:255) with the defaults.

    Args:
        n: number of images, >= 1. Default: 100.
        H: side of the square images, >= 7. Default: 48.
        n_obj: objects (blobs) per image, >= 0. Default: 1.
        n_dis: distractors (bars) per image, >= 0. Default: 2.
        noise: standard deviation of the pixel noise, >= 0. Default: 0.35.
        obj_sigma: the blob's standard deviation in pixels, > 0. Default: 1.0.
        bar_sigma: the bars' standard deviations ``(across, along)`` in pixels. Default: (1.0, 4.0).
        rng: None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        ``(images, targets)``: images of shape (n, H, H) float64; targets of shape (n, H, H) int64,
        1 at the positive anchors and 0 elsewhere.

    Shape:
        - images, targets: :math:`(n, H, H)`, where n = number of images and :math:`H^2` = anchors
          per image; ``targets.reshape(n, -1)`` lines up with the rows of ``extract_patches(images, k)``.

    Examples:
        >>> images, targets = make_dense_detection(3, rng=0)
        >>> images.shape, targets.shape, targets.sum(axis=(1, 2)).tolist()
        ((3, 48, 48), (3, 48, 48), [9, 9, 9])
    """
    n = _check_n(n, "n")
    H = check_scalar(H, "H", kind=numbers.Integral, min_val=7)
    n_obj = check_scalar(n_obj, "n_obj", kind=numbers.Integral, min_val=0)
    n_dis = check_scalar(n_dis, "n_dis", kind=numbers.Integral, min_val=0)
    check_scalar(noise, "noise", min_val=0)
    s_obj = check_scalar(obj_sigma, "obj_sigma", min_val=0, include_min=False)
    try:
        s_across, s_along = (check_scalar(s, "bar_sigma", min_val=0, include_min=False) for s in bar_sigma)
    except TypeError:
        raise TypeError(f"bar_sigma must be a pair (across, along) of floats; got {bar_sigma!r}.") from None
    half = [max(int(math.ceil(2.5 * s)), 1) for s in (s_obj, s_across, s_along)]
    blob_box = np.ones((2 * half[0] + 1,) * 2, dtype=bool)
    bar_boxes = (np.ones((2 * half[1] + 1, 2 * half[2] + 1), dtype=bool),   # horizontal: long in x
                 np.ones((2 * half[2] + 1, 2 * half[1] + 1), dtype=bool))   # vertical: long in y
    rng = check_rng(rng)
    images = np.zeros((n, H, H))
    targets = np.zeros((n, H, H), dtype=np.int64)
    for img in range(n):
        kinds = [int(rng.integers(2)) for _ in range(n_dis)]  # 0: horizontal bar, 1: vertical bar
        boxes = [blob_box] * n_obj + [bar_boxes[k] for k in kinds]
        for m, (box, (i, j)) in enumerate(zip(boxes, _place(boxes, H, H, rng, gap=0), strict=True)):
            cy, cx = i + box.shape[0] // 2, j + box.shape[1] // 2
            if m < n_obj:
                images[img] += _gaussian(H, H, cy, cx, s_obj, s_obj)
                targets[img, cy - 1:cy + 2, cx - 1:cx + 2] = 1
            else:
                sy, sx = (s_across, s_along) if kinds[m - n_obj] == 0 else (s_along, s_across)
                images[img] += _gaussian(H, H, cy, cx, sy, sx)
    images += noise * rng.standard_normal(images.shape)
    return images, targets


def extract_patches(images, size, *, padding="same"):
    """Cut every ``size x size`` window out of each image, one row per window (im2col).

    With ``padding='same'`` the images are padded with zeros so that there is one window per
    pixel, centred on it (``size`` must be odd): a patch MLP applied to the rows is then a
    convolution with a ``size x size`` receptive field, and its outputs reshape back to (N, H, W).
    With ``padding='valid'`` only windows inside the image are cut. Row ``r`` of image ``k`` is the
    window whose centre (``'same'``) or top-left (``'valid'``) pixel is ``divmod(r, W_out)``,
    flattened row by row.

    Args:
        images: array of shape (N, H, W).
        size: window side, an int >= 1 (odd for ``'same'``).
        padding: ``'same'`` or ``'valid'``. Default: ``'same'``.

    Returns:
        Array of shape (N, H_out * W_out, size * size), in the images' float dtype; H_out = H and
        W_out = W for ``'same'``, H - size + 1 and W - size + 1 for ``'valid'``.

    Shape:
        - images: :math:`(N, H, W)`.
        - Output: :math:`(N, L, k^2)`, where k = ``size`` and L = :math:`H W` (``'same'``) or
          :math:`(H - k + 1)(W - k + 1)` (``'valid'``).

    Examples:
        >>> x = np.arange(9.0).reshape(1, 3, 3)
        >>> extract_patches(x, 3).shape
        (1, 9, 9)
        >>> extract_patches(x, 3)[0, 4].tolist() == x.ravel().tolist()
        True
        >>> extract_patches(x, 2, padding="valid")[0].tolist()
        [[0.0, 1.0, 3.0, 4.0], [1.0, 2.0, 4.0, 5.0], [3.0, 4.0, 6.0, 7.0], [4.0, 5.0, 7.0, 8.0]]
    """
    x = check_array(images, "images", ndim=3)
    k = check_scalar(size, "size", kind=numbers.Integral, min_val=1)
    if padding == "same":
        if k % 2 == 0:
            raise ValueError(f"size must be odd for padding='same' (one window centred on each pixel); got {k}.")
        x = np.pad(x, ((0, 0), (k // 2, k // 2), (k // 2, k // 2)))
    elif padding != "valid":
        raise ValueError(f"padding must be 'same' or 'valid'; got {padding!r}.")
    n, h, w = x.shape
    if k > h or k > w:
        raise ValueError(f"size must be at most the image size {x.shape[1:]} for padding='valid'; got {k}.")
    windows = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(1, 2))
    return windows.reshape(n, -1, k * k)


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


def _strata(stratify, y, n):
    """The class label of every sample to split by, or None for a plain split."""
    if stratify is None or stratify is False:
        return None
    if stratify is True:
        if y.ndim != 1:
            raise ValueError(f"stratify=True needs 1-D class labels y; got shape {y.shape}.")
        return y
    strata = np.asarray(stratify)
    if strata.shape != (n,):
        raise ValueError(
            f"stratify must be True, False or an array of shape ({n},) with one class label per sample; "
            f"got {'shape ' + str(strata.shape) if strata.ndim else repr(stratify)}."
        )
    return strata


def _held_out_counts(m, fractions, stratified):
    """How many of ``m`` samples go to each held-out part (the rest, at least one, is training).

    Plain splits round up (``ceil``, as scikit-learn); stratified ones round each class to the nearest
    count, and a class with more samples than parts puts at least one in every part.
    """
    if stratified:
        counts = [int(np.round(f * m)) for f in fractions]
        if m > len(fractions):
            counts = [max(k, 1) for k in counts]
    else:
        counts = [int(np.ceil(f * m)) for f in fractions]
    # training keeps at least one sample: take the excess back from the largest held-out parts
    while sum(counts) > m - 1 and max(counts) > 0:
        counts[int(np.argmax(counts))] -= 1
    return counts


def _split(X, y, fractions, stratify, rng, caller):
    """Shared work of the splits: ``[X_train, X_part1, ...] + [y_train, y_part1, ...]``."""
    X, y = _check_xy(X, y)
    if y is None:
        raise TypeError("y must be an array of labels or targets; got None.")
    rng = check_rng(rng)
    n = len(X)
    if n < len(fractions) + 1:
        raise ValueError(f"{caller} needs at least {len(fractions) + 1} samples; got {n}.")
    strata = _strata(stratify, y, n)
    part = np.zeros(n, dtype=np.int64)  # 0 = training, k = the k-th held-out part
    groups = [np.arange(n)] if strata is None else [np.flatnonzero(strata == c) for c in np.unique(strata)]
    for members in groups:
        members = rng.permutation(members) if strata is not None else rng.permutation(len(members))
        start = 0
        for k, count in enumerate(_held_out_counts(len(members), fractions, strata is not None), start=1):
            part[members[start:start + count]] = k
            start += count
    for k in range(1, len(fractions) + 1):
        if not np.any(part == k):
            raise ValueError(f"stratify left a held-out part empty: every class has too few samples for {caller}.")
    # keep a random order inside each part rather than the original (possibly sorted) one
    idx = [rng.permutation(np.flatnonzero(part == k)) for k in range(len(fractions) + 1)]
    return [X[i] for i in idx] + [y[i] for i in idx]


def _check_fraction(value, name):
    return check_scalar(value, name, min_val=0, max_val=1, include_min=False, include_max=False)


def train_val_split(X, y, val_fraction=0.2, *, stratify=False, rng=None):
    """Split ``(X, y)`` at random into a training and a validation part.

    The validation part gets ``ceil(val_fraction * N)`` samples (as scikit-learn's
    ``train_test_split``). With ``stratify`` every class is split separately, so both parts keep
    the class proportions (each class gets ``round(val_fraction * n_class)`` validation samples, and
    a class with at least two samples puts one in each part): needed for imbalanced data, where a
    plain split can leave no positive in the validation set.

    Args:
        X: array of shape (N, ...).
        y: array of shape (N, ...).
        val_fraction: share of samples for validation, in (0, 1). Default: 0.2.
        stratify: True to split each class of ``y`` separately, an array of shape (N,) of class
            labels to split by (scikit-learn's ``stratify=y``), or False. Default: False.
        rng: None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        ``(X_train, X_val, y_train, y_val)``, in scikit-learn's order.

    Examples:
        >>> X, y = np.arange(10.0).reshape(5, 2), np.arange(5)
        >>> X_tr, X_va, y_tr, y_va = train_val_split(X, y, 0.4, rng=0)
        >>> len(y_tr), len(y_va), sorted(np.concatenate([y_tr, y_va]).tolist())
        (3, 2, [0, 1, 2, 3, 4])
    """
    _check_fraction(val_fraction, "val_fraction")
    X_tr, X_va, y_tr, y_va = _split(X, y, [val_fraction], stratify, rng, "train_val_split")
    return X_tr, X_va, y_tr, y_va


def train_val_test_split(X, y, val_fraction=0.2, test_fraction=0.2, *, stratify=False, rng=None):
    """Split ``(X, y)`` at random into training, validation and test parts.

    The validation and test parts get ``ceil(val_fraction * N)`` and ``ceil(test_fraction * N)``
    samples; the rest (at least one sample) is for training. With ``stratify`` each class is
    split separately with ``round(fraction * n_class)`` samples per held-out part (at least one
    in each part for a class with at least three samples), so every part keeps the class
    proportions.

    Args:
        X: array of shape (N, ...).
        y: array of shape (N, ...).
        val_fraction: share of samples for validation, in (0, 1). Default: 0.2.
        test_fraction: share of samples for testing, in (0, 1), with
            ``val_fraction + test_fraction < 1``. Default: 0.2.
        stratify: True, an array of shape (N,) of class labels, or False, as in
            :func:`train_val_split`. Default: False.
        rng: None, an int seed or a ``np.random.Generator``. Default: None.

    Returns:
        ``(X_train, X_val, X_test, y_train, y_val, y_test)``.

    Examples:
        >>> X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
        >>> X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(X, y, 0.2, 0.3, rng=0)
        >>> len(y_tr), len(y_va), len(y_te)
        (5, 2, 3)
    """
    _check_fraction(val_fraction, "val_fraction")
    _check_fraction(test_fraction, "test_fraction")
    if val_fraction + test_fraction >= 1:
        raise ValueError(
            f"val_fraction + test_fraction must be < 1 to leave training data; got {val_fraction} + {test_fraction}."
        )
    return tuple(_split(X, y, [val_fraction, test_fraction], stratify, rng, "train_val_test_split"))


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


# ------------------------------------------------------------------------------- augmentation
def gaussian_noise(X, std, rng=None) -> np.ndarray:
    r"""Return ``X + noise`` with independent :math:`N(0, \text{std}^2)` noise, in ``X``'s float dtype.

    Examples:
        >>> gaussian_noise(np.zeros((2, 3)), std=0.0).tolist()
        [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    X = check_array(X, "X")
    std = float(check_scalar(std, "std", min_val=0))
    noise = check_rng(rng).normal(0.0, std, size=X.shape).astype(X.dtype, copy=False)
    noise += X
    return noise


def _as_images(images, image_shape) -> tuple:
    """``images`` as (N, H, W) and the shape to give back."""
    images = np.asarray(images)
    if images.dtype.kind not in "biuf":
        raise TypeError(f"images must be an array of numbers; got dtype {images.dtype}.")
    if image_shape is None:
        if images.ndim != 3:
            raise ValueError(
                f"images must have shape (N, H, W); got {images.shape}. For flattened images "
                "(N, H*W), pass image_shape=(H, W)."
            )
        return images, images.shape
    try:
        h, w = (int(s) for s in image_shape)
    except (TypeError, ValueError):
        raise TypeError(f"image_shape must be a pair (H, W); got {image_shape!r}.") from None
    if images.ndim != 2 or images.shape[1] != h * w:
        raise ValueError(
            f"images of shape {images.shape} cannot be read as (N, {h}*{w}) with image_shape={image_shape!r}."
        )
    return images.reshape(len(images), h, w), images.shape


def random_flip(images, p=0.5, rng=None, *, image_shape=None) -> np.ndarray:
    """Flip each image left-right with probability ``p``; returns a new array of the same shape.

    Args:
        images: ``(N, H, W)``, or ``(N, H*W)`` with ``image_shape=(H, W)``.
        p: probability of flipping each image, in [0, 1]. Default: 0.5.
        rng: None, an int seed or a ``np.random.Generator``. Default: None.
        image_shape: ``(H, W)`` for flattened images. Default: None.

    Examples:
        >>> random_flip(np.array([[[1, 2, 3]]]), p=1.0).tolist()
        [[[3, 2, 1]]]
    """
    p = float(check_scalar(p, "p", min_val=0, max_val=1))
    imgs, out_shape = _as_images(images, image_shape)
    flip = check_rng(rng).random(len(imgs)) < p
    out = imgs.copy()
    out[flip] = imgs[flip, :, ::-1]
    return out.reshape(out_shape)


def random_shift(images, max_shift=1, rng=None, *, image_shape=None) -> np.ndarray:
    """Shift each image by a random whole number of pixels, filling the uncovered border with zeros.

    Each image gets its own shift ``(dy, dx)``, each drawn uniformly from
    ``-max_shift, ..., max_shift``: the pixel at ``(i, j)`` moves to ``(i + dy, j + dx)``.

    Args:
        images: ``(N, H, W)``, or ``(N, H*W)`` with ``image_shape=(H, W)``.
        max_shift: the largest shift in pixels (an int >= 0). Default: 1.
        rng: None, an int seed or a ``np.random.Generator``. Default: None.
        image_shape: ``(H, W)`` for flattened images. Default: None.

    Returns:
        a new array of the same shape and dtype.

    Examples:
        >>> x = np.arange(1, 10).reshape(1, 3, 3)
        >>> random_shift(x, max_shift=0).tolist() == x.tolist()
        True
    """
    m = check_scalar(max_shift, "max_shift", kind=numbers.Integral, min_val=0)
    imgs, out_shape = _as_images(images, image_shape)
    n, h, w = imgs.shape
    shifts = check_rng(rng).integers(-m, m + 1, size=(n, 2))
    padded = np.zeros((n, h + 2 * m, w + 2 * m), dtype=imgs.dtype)
    padded[:, m:m + h, m:m + w] = imgs
    # out[k, i, j] = imgs[k, i - dy, j - dx] = padded[k, i - dy + m, j - dx + m]
    rows = np.arange(h)[None, :] - shifts[:, :1] + m
    cols = np.arange(w)[None, :] - shifts[:, 1:] + m
    out = padded[np.arange(n)[:, None, None], rows[:, :, None], cols[:, None, :]]
    return out.reshape(out_shape)


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
