r"""Chapter 9's experiment: focal loss on a dense-detection toy, one configuration at a time.

The set-up (page 9.2 of the book, after the feasibility study of the course plan):

* **Data**: :func:`lazylearn.data.make_dense_detection` images, 48x48 noise of standard deviation
  0.35 with one round blob (9 positive anchors of 2304, 1:255) and two bars (hard negatives);
  400 training, 200 validation and 200 test images, made from ``Config.data_seed`` (the same
  images for every configuration and seed).
* **Model**: a patch MLP, the stand-in for a small convolutional detector (lazylearn has no
  ``Conv2d``): every pixel's 7x7 patch (:func:`lazylearn.data.extract_patches`) goes through
  ``Linear(49, 8), ReLU, Linear(8, 8), ReLU, Linear(8, 1)``, the receptive field of a 5x5 and a
  3x3 convolution. The last bias starts at :func:`lazylearn.init.prior_bias` (RetinaNet's prior
  init, :math:`\pi = 0.01`).
* **Training**: Adam (lr 3e-3), 1500 steps of 4 random training images (9216 anchors), float32,
  one BLAS thread. The loss of a step is summed over its anchors and divided by
  :math:`\max(1, \#\text{positives})`, as RetinaNet normalises.
* **Losses** (``Config.loss``):

  - ``'focal'``: :class:`~lazylearn.losses.FocalLoss` with ``gamma`` and ``alpha``; ``gamma=0`` is
    the alpha-balanced cross-entropy (``alpha < 0``: no balancing);
  - ``'ohem'``: :class:`~lazylearn.losses.OHEMLoss` around the plain BCE, every positive and the
    ``neg_pos_ratio`` x P hardest negatives of the batch;
  - ``'wce'``: BCE weighted by inverse class frequency, :math:`w_c = N / (2 N_c)` over the training
    anchors (scikit-learn's ``'balanced'``).

* **Measured**: AP (:func:`lazylearn.metrics.average_precision`) over all anchors of the test
  images; optionally the AP on the first ``n_log_images`` validation images at ``log_steps``
  (how fast each loss learns), and the share of the summed focal loss that easy negatives
  (:math:`p_t > 0.9`) carry on ``n_share_images`` training images (Lin et al. 2017, Fig. 4).

:func:`run` trains every (configuration, seed) pair on worker processes and returns one row (a
dict) per run; :func:`train` runs one pair in this process and also returns the model.

Examples:
    >>> rows = run(Config(gamma=2.0, steps=3, batch_images=1, n_train=2, n_val=1, n_test=1), seeds=[0], workers=1)
    >>> sorted(k for k in rows[0] if k in ("ap", "seed", "loss", "gamma"))
    ['ap', 'gamma', 'loss', 'seed']
"""
from __future__ import annotations

import dataclasses
import functools
import math
import numbers
import time

import numpy as np

from lazylearn import metrics
from lazylearn._validation import check_rng, check_scalar
from lazylearn.data import extract_patches, make_dense_detection
from lazylearn.init import prior_bias
from lazylearn.losses import BCEWithLogitsLoss, FocalLoss, OHEMLoss
from lazylearn.nn import Linear, ReLU, Sequential
from lazylearn.nn.functional import sigmoid_focal_loss
from lazylearn.optim import Adam

from ._workers import map_runs

__all__ = ["Config", "make_data", "patch_mlp", "predict", "loss_shares", "train", "run"]

_LOSSES = ("focal", "ohem", "wce")


@dataclasses.dataclass(frozen=True)
class Config:
    """One configuration of the experiment; every field has the value page 9.2 uses by default.

    Args:
        loss: ``'focal'``, ``'ohem'`` or ``'wce'``. Default: ``'focal'``.
        gamma: focusing parameter of ``'focal'``, >= 0 (0 = cross-entropy). Default: 2.0.
        alpha: weight of the positives for ``'focal'``, in [0, 1], or negative for none. Default: 0.25.
        neg_pos_ratio: hardest negatives kept per positive for ``'ohem'``. Default: 3.0.
        steps: optimizer steps. Default: 1500.
        batch_images: images per step. Default: 4.
        lr: Adam's learning rate. Default: 3e-3.
        n_train, n_val, n_test: numbers of images. Default: 400, 200, 200.
        patch: patch side (odd). Default: 7.
        hidden: width of the two hidden layers. Default: 8.
        prior: the prior probability of the last bias. Default: 0.01.
        dtype: ``'float32'`` or ``'float64'``. Default: ``'float32'``.
        log_steps: steps after which the validation AP is recorded (e.g. ``(300, 600, 1000, 1500)``).
            Default: ().
        n_log_images: validation images for those APs. Default: 50.
        share_gammas: gammas at which the easy negatives' loss share is measured after training
            (e.g. ``(0, 0.5, 1, 2)``). Default: ().
        n_share_images: training images for those shares. Default: 100.
        data_seed: seed of the images (training, validation and test sets). Default: 0.
    """

    loss: str = "focal"
    gamma: float = 2.0
    alpha: float = 0.25
    neg_pos_ratio: float = 3.0
    steps: int = 1500
    batch_images: int = 4
    lr: float = 3e-3
    n_train: int = 400
    n_val: int = 200
    n_test: int = 200
    patch: int = 7
    hidden: int = 8
    prior: float = 0.01
    dtype: str = "float32"
    log_steps: tuple = ()
    n_log_images: int = 50
    share_gammas: tuple = ()
    n_share_images: int = 100
    data_seed: int = 0

    def __post_init__(self):
        if self.loss not in _LOSSES:
            raise ValueError(f"loss must be one of {', '.join(map(repr, _LOSSES))}; got {self.loss!r}.")
        check_scalar(self.gamma, "gamma", min_val=0)
        check_scalar(self.alpha, "alpha", max_val=1)  # in [0, 1], or negative for no weighting
        check_scalar(self.neg_pos_ratio, "neg_pos_ratio", min_val=0, include_min=False)
        for name in ("steps", "batch_images", "n_train", "n_val", "n_test", "hidden", "n_log_images",
                     "n_share_images"):
            check_scalar(getattr(self, name), name, kind=numbers.Integral, min_val=1)
        if self.batch_images > self.n_train:
            raise ValueError(f"batch_images must be at most n_train={self.n_train}; got {self.batch_images}.")
        check_scalar(self.patch, "patch", kind=numbers.Integral, min_val=1)
        if self.patch % 2 == 0:
            raise ValueError(f"patch must be odd (one patch centred on each pixel); got {self.patch}.")
        check_scalar(self.lr, "lr", min_val=0, include_min=False)
        check_scalar(self.prior, "prior", min_val=0, max_val=1, include_min=False, include_max=False)
        if self.dtype not in ("float32", "float64"):
            raise ValueError(f"dtype must be 'float32' or 'float64'; got {self.dtype!r}.")
        object.__setattr__(self, "log_steps", tuple(int(s) for s in self.log_steps))
        object.__setattr__(self, "share_gammas", tuple(float(g) for g in self.share_gammas))
        if any(not 1 <= s <= self.steps for s in self.log_steps):
            raise ValueError(f"log_steps must lie in [1, steps={self.steps}]; got {self.log_steps}.")
        if any(g < 0 for g in self.share_gammas):
            raise ValueError(f"share_gammas must be >= 0; got {self.share_gammas}.")

    def fields(self) -> dict:
        """Every field as a flat dict of scalars and strings (the first columns of a row)."""
        row = dataclasses.asdict(self)
        row["log_steps"] = ",".join(map(str, self.log_steps))
        row["share_gammas"] = ",".join(f"{g:g}" for g in self.share_gammas)
        return row


@functools.lru_cache(maxsize=4)
def make_data(n_train=400, n_val=200, n_test=200, data_seed=0):
    """The training, validation and test images and anchor targets (cached per process).

    Returns:
        ``((train_images, train_targets), (val_images, val_targets), (test_images, test_targets))``,
        images of shape (n, 48, 48) float64 and targets of shape (n, 48, 48) int64; each set from
        its own seed (``data_seed``, ``data_seed + 1``, ``data_seed + 2``).
    """
    return tuple(make_dense_detection(n, rng=data_seed + k) for k, n in enumerate((n_train, n_val, n_test)))


def patch_mlp(patch=7, hidden=8, prior=0.01, *, rng=None, dtype=np.float32):
    """``Linear(patch^2, hidden), ReLU, Linear(hidden, hidden), ReLU, Linear(hidden, 1)`` with prior init.

    The layers keep their default initialisation; the last bias is set to ``prior_bias(prior)``.
    """
    rng = check_rng(rng)
    model = Sequential(
        Linear(patch * patch, hidden, rng=rng, dtype=dtype), ReLU(),
        Linear(hidden, hidden, rng=rng, dtype=dtype), ReLU(),
        Linear(hidden, 1, rng=rng, dtype=dtype),
    )
    model[-1].bias.data[...] = prior_bias(prior)
    return model


def _inputs(images, patch, dtype):
    """Images (n, H, W) -> one patch per anchor, shape (n * H * W, patch^2)."""
    return extract_patches(np.asarray(images, dtype=dtype), patch).reshape(-1, patch * patch)


def predict(model, images, *, patch=7, chunk=20):
    """The model's logit at every anchor of ``images`` (n, H, W), shape (n, H, W), in chunks of images."""
    dtype = model[0].weight.data.dtype
    out = [model(_inputs(images[i:i + chunk], patch, dtype)).reshape(-1) for i in range(0, len(images), chunk)]
    return np.concatenate(out).reshape(np.shape(images))


def loss_shares(logits, targets, gammas=(0.0, 0.5, 1.0, 2.0), *, threshold=0.9):
    r"""The share of the summed focal loss (no alpha) that easy negatives carry, for each gamma.

    Easy negatives are the anchors with target 0 and :math:`p_t = 1 - \sigma(z) > \text{threshold}`.

    Args:
        logits: logits of any shape.
        targets: 0/1 targets of the same shape.
        gammas: focusing parameters. Default: (0, 0.5, 1, 2).
        threshold: the :math:`p_t` above which a negative counts as easy. Default: 0.9.

    Returns:
        A dict mapping each gamma to the share, a float in [0, 1].
    """
    z = np.asarray(logits, dtype=np.float64).ravel()
    y = np.asarray(targets, dtype=np.float64).ravel()
    # p_t > threshold for a negative  <=>  sigma(z) < 1 - threshold  <=>  z < logit(1 - threshold)
    easy = (y == 0) & (z < math.log((1 - threshold) / threshold))
    shares = {}
    for g in gammas:
        per_anchor = sigmoid_focal_loss(z, y, alpha=-1, gamma=float(g), reduction="none")
        shares[float(g)] = float(per_anchor[easy].sum() / per_anchor.sum())
    return shares


def _criterion(config, train_targets):
    """The loss object and the factor its backward is multiplied by (the WCE's negative weight)."""
    if config.loss == "focal":
        return FocalLoss(alpha=config.alpha, gamma=config.gamma, reduction="sum"), 1.0
    if config.loss == "ohem":
        return OHEMLoss(BCEWithLogitsLoss(reduction="none"), neg_pos_ratio=config.neg_pos_ratio, reduction="sum"), 1.0
    # inverse frequency, N / (2 N_c): w_neg * BCE with pos_weight = w_pos / w_neg
    n = train_targets.size
    n_pos = max(int(train_targets.sum()), 1)
    w_pos, w_neg = n / (2 * n_pos), n / (2 * (n - n_pos))
    return BCEWithLogitsLoss(pos_weight=np.array([w_pos / w_neg]), reduction="sum"), w_neg


def train(config=None, seed=0):
    """Train one configuration with one seed (model initialisation and batch order) in this process.

    Args:
        config: a :class:`Config`, or None for the default (focal loss, gamma 2, alpha 0.25). Default: None.
        seed: an int seed. Default: 0.

    Returns:
        ``(model, row)``: the trained model, and the row :func:`run` returns for this run: the
        configuration's fields, ``seed``, ``ap`` (test AP), ``final_loss`` (mean normalised loss
        of the last 100 steps), ``cpu_seconds`` (CPU time of the run: training and evaluation),
        ``ap_at_<step>`` for each of ``log_steps`` and ``easy_share_gamma_<g>`` for each of
        ``share_gammas``.
    """
    config = Config() if config is None else config
    if not isinstance(config, Config):
        raise TypeError(f"config must be a Config; got {type(config).__name__}.")
    seed = check_scalar(seed, "seed", kind=numbers.Integral, min_val=0)
    dtype = np.dtype(config.dtype)
    (tr_x, tr_y), (va_x, va_y), (te_x, te_y) = make_data(config.n_train, config.n_val, config.n_test,
                                                         config.data_seed)
    start = time.process_time()
    rng = np.random.default_rng(seed)
    model = patch_mlp(config.patch, config.hidden, config.prior, rng=rng, dtype=dtype)
    optimizer = Adam(model.parameters(), lr=config.lr)
    loss_fn, scale = _criterion(config, tr_y)
    row = {**config.fields(), "seed": int(seed)}
    log_steps = set(config.log_steps)
    losses = []
    for step in range(1, config.steps + 1):
        idx = rng.choice(config.n_train, size=config.batch_images, replace=False)
        x = _inputs(tr_x[idx], config.patch, dtype)
        t = tr_y[idx].reshape(-1, 1).astype(dtype)
        norm = max(1.0, float(t.sum()))
        loss = loss_fn(model(x), t)
        optimizer.zero_grad()
        model.backward(loss_fn.backward() * dtype.type(scale / norm))
        optimizer.step()
        losses.append(float(loss) * scale / norm)
        if step in log_steps:
            n_log = min(config.n_log_images, config.n_val)
            row[f"ap_at_{step}"] = metrics.average_precision(
                va_y[:n_log].ravel(), predict(model, va_x[:n_log], patch=config.patch).ravel())
    row["final_loss"] = float(np.mean(losses[-100:]))
    row["ap"] = metrics.average_precision(te_y.ravel(), predict(model, te_x, patch=config.patch).ravel())
    if config.share_gammas:
        n_share = min(config.n_share_images, config.n_train)
        logits = predict(model, tr_x[:n_share], patch=config.patch)
        for g, share in loss_shares(logits, tr_y[:n_share], config.share_gammas).items():
            row[f"easy_share_gamma_{g:g}"] = share
    row["cpu_seconds"] = time.process_time() - start
    return model, row


def _row(task):
    config, seed = task
    return train(config, seed)[1]


def run(config=None, seeds=(0, 1, 2), workers=2):
    """Train every configuration with every seed, ``workers`` runs at a time, and tabulate the results.

    Each run is :func:`train` on a worker process (``ProcessPoolExecutor``) with BLAS limited to
    one thread, so two workers use two cores. Runs do not share random state: a row depends only
    on its configuration and seed, and ``workers=1`` (in this process) gives the same rows.

    Args:
        config: a :class:`Config`, a list of them, or None for the default. Default: None.
        seeds: the seeds, ints >= 0. Default: (0, 1, 2).
        workers: worker processes, >= 1; 1 runs serially in this process. Default: 2.

    Returns:
        A list of dicts, one per run, ordered by configuration then seed (see :func:`train`):
        a tidy table, e.g. ``pandas.DataFrame(rows)``.
    """
    configs = [Config()] if config is None else [config] if isinstance(config, Config) else list(config)
    if not configs or not all(isinstance(c, Config) for c in configs):
        raise TypeError("config must be a Config or a non-empty list of Config objects.")
    seeds = [check_scalar(s, "seeds", kind=numbers.Integral, min_val=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed.")
    workers = check_scalar(workers, "workers", kind=numbers.Integral, min_val=1)
    tasks = [(c, s) for c in configs for s in seeds]
    return map_runs(_row, tasks, workers)
