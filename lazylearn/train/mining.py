"""Hard negative mining by bootstrapping (Sung and Poggio 1998), for data where most examples are easy.

A detector sees a few positives and an enormous pool of negatives ("background"), nearly all of
them easy. Bootstrapping trains on the positives and a small random sample of negatives, runs the
model on the whole pool, adds the negatives it wrongly scores as positive (its false alarms) to
the training set, and trains again, for a few rounds: :func:`bootstrap`, built on
:func:`mine_hard_negatives`. The online variant, which picks the hardest examples inside every
mini-batch, is a loss: :class:`lazylearn.losses.OHEMLoss`.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_rng, check_scalar
from .loop import fit, predict

__all__ = ["mine_hard_negatives", "bootstrap", "BootstrapResult"]


def mine_hard_negatives(scores, labels, selected, num_new, threshold=0.5) -> np.ndarray:
    """Indices of the hardest negatives not used yet: up to ``num_new``, by descending score.

    A candidate is an example with ``labels == 0``, not in ``selected``, whose score is above
    ``threshold`` (a false alarm). Ties keep the lower index first.

    Args:
        scores: the model's scores (for example probabilities), shape (N,).
        labels: 0 for negatives, anything else for positives, shape (N,).
        selected: indices already in the training set (an iterable of ints, possibly empty).
        num_new: the most indices to return (an int >= 0).
        threshold: only scores strictly above it count as hard. Default: 0.5.

    Returns:
        an int64 array of at most ``num_new`` indices, the highest score first.

    Examples:
        >>> scores = np.array([0.9, 0.2, 0.7, 0.95, 0.6])
        >>> labels = np.array([0, 0, 0, 1, 0])
        >>> mine_hard_negatives(scores, labels, selected=[0], num_new=5)
        array([2, 4])
    """
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels)
    if scores.ndim != 1 or labels.shape != scores.shape:
        raise ValueError(f"scores and labels must be 1-D of the same length; got {scores.shape} and {labels.shape}.")
    num_new = check_scalar(num_new, "num_new", kind=numbers.Integral, min_val=0)
    threshold = float(check_scalar(threshold, "threshold"))
    selected = np.asarray(list(selected), dtype=np.int64).reshape(-1)
    if selected.size and (selected.min() < 0 or selected.max() >= len(scores)):
        raise ValueError(f"selected must hold indices in [0, {len(scores) - 1}].")
    candidate = (labels == 0) & (scores > threshold)
    candidate[selected] = False
    idx = np.flatnonzero(candidate)
    return idx[np.argsort(-scores[idx], kind="stable")][:num_new].astype(np.int64)


@dataclass
class BootstrapResult:
    """What :func:`bootstrap` returns, one entry per round.

    Attributes:
        models: the model trained in each round.
        histories: the :class:`~lazylearn.train.History` of each round.
        selected: the indices of the pool negatives each round trained on.
        false_positives: the number of pool negatives each round's model scored above the threshold.
    """

    models: list = field(default_factory=list)
    histories: list = field(default_factory=list)
    selected: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)


def _sigmoid_scores(out):
    z = np.asarray(out, dtype=np.float64).reshape(len(out), -1)[:, 0]
    return 0.5 * (1 + np.tanh(z / 2))  # the logistic function without overflow


def bootstrap(model_factory, X_pos, X_neg_pool, rounds=5, n_add=200, *, n_initial=None, threshold=0.5,
              epochs=10, batch_size=32, score=None, rng=None, **fit_kwargs) -> BootstrapResult:
    """Bootstrapping rounds: train, find the false alarms in the negative pool, add them, train again.

    Round 1 trains a fresh model on all of ``X_pos`` (label 1) and ``n_initial`` negatives drawn
    at random from ``X_neg_pool`` (label 0). After each round the model scores the whole pool;
    :func:`mine_hard_negatives` picks up to ``n_add`` negatives scored above ``threshold`` that
    were not used yet, and the next round trains a fresh model on the enlarged set (Sung and
    Poggio 1998). The rounds end early when no new false alarm is found.

    Args:
        model_factory: a function of no argument returning a fresh ``(model, loss_fn, optimizer)``
            for one round; the model has one output per example (a logit, shape (N, 1)) and
            ``loss_fn`` takes float targets of that shape, e.g. ``BCEWithLogitsLoss()``.
        X_pos: the positives, shape (P, ...).
        X_neg_pool: the pool of negatives, shape (M, ...).
        rounds: the number of training rounds (>= 1). Default: 5.
        n_add: negatives added per round (>= 1). Default: 200.
        n_initial: (keyword-only) random negatives of the first round, or None for ``n_add``.
        threshold: (keyword-only) a score above it is a positive. Default: 0.5.
        epochs, batch_size: (keyword-only) passed to :func:`~lazylearn.train.fit`. Defaults: 10, 32.
        score: (keyword-only) a function from model outputs to scores (N,), or None for the
            sigmoid of the logit. Default: None.
        rng: (keyword-only) None, an int seed or a ``np.random.Generator``, for the first sample
            and the shuffling. Default: None.
        fit_kwargs: more keyword arguments of :func:`~lazylearn.train.fit` (``progress=False``, ...).

    Returns:
        A :class:`BootstrapResult`.
    """
    X_pos, X_neg_pool = np.asarray(X_pos), np.asarray(X_neg_pool)
    if len(X_pos) == 0 or len(X_neg_pool) == 0 or X_pos.shape[1:] != X_neg_pool.shape[1:]:
        raise ValueError(
            f"X_pos and X_neg_pool must be non-empty with the same feature shape; got {X_pos.shape} and "
            f"{X_neg_pool.shape}."
        )
    if not callable(model_factory):
        raise TypeError("model_factory must be a function returning (model, loss_fn, optimizer).")
    rounds = check_scalar(rounds, "rounds", kind=numbers.Integral, min_val=1)
    n_add = check_scalar(n_add, "n_add", kind=numbers.Integral, min_val=1)
    n_initial = n_add if n_initial is None else n_initial
    n_initial = check_scalar(n_initial, "n_initial", kind=numbers.Integral, min_val=1, max_val=len(X_neg_pool))
    score = _sigmoid_scores if score is None else score
    rng = check_rng(rng)

    result = BootstrapResult()
    selected = np.sort(rng.choice(len(X_neg_pool), size=n_initial, replace=False))
    negatives = np.zeros(len(X_neg_pool), dtype=np.int64)
    for _ in range(rounds):
        model, loss_fn, optimizer = model_factory()
        X = np.concatenate([X_pos, X_neg_pool[selected]])
        dtype = X.dtype if X.dtype.kind == "f" else np.float64
        y = np.concatenate([np.ones(len(X_pos), dtype), np.zeros(len(selected), dtype)])[:, None]
        fit_kwargs.setdefault("progress", False)
        history = fit(model, loss_fn, optimizer, (X, y), epochs, batch_size=batch_size, rng=rng, **fit_kwargs)
        scores = np.asarray(score(predict(model, X_neg_pool, batch_size=max(batch_size, 1024))))
        result.models.append(model)
        result.histories.append(history)
        result.selected.append(selected)
        result.false_positives.append(int(np.count_nonzero(scores > threshold)))
        new = mine_hard_negatives(scores, negatives, selected, n_add, threshold)
        if new.size == 0:
            break
        selected = np.sort(np.concatenate([selected, new]))
    return result
