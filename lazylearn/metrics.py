"""Classification and segmentation metrics, with scikit-learn's definitions.

Arguments come in scikit-learn's order, ``metric(y_true, y_pred)``. Label metrics take integer
class labels; where ``y_pred`` is a 2-D array of scores of shape (N, C) with C >= 2 (logits or
probabilities) it is turned into labels with ``argmax(axis=1)``, so a model's raw output can be
passed directly. ``average_precision`` takes scores, not labels; ``iou`` takes masks.
"""
from __future__ import annotations

import warnings

import numpy as np

from lazylearn._validation import check_array, check_probabilities

__all__ = [
    "accuracy",
    "precision",
    "recall",
    "f1_score",
    "precision_recall_f1",
    "confusion_matrix",
    "precision_recall_curve",
    "average_precision",
    "iou",
]

_AVERAGES = ("binary", "micro", "macro", "weighted", None)


def _check_labels_pair(y_true, y_pred):
    """Validate a pair of label arrays; scores (N, C) in y_pred become argmax labels."""
    if np.size(y_true) == 0:
        raise ValueError("y_true and y_pred must hold at least one sample; got an empty y_true.")
    y_true = check_array(y_true, "y_true", ndim=1, dtype="int")
    y_pred = np.asarray(y_pred)
    if y_pred.ndim == 2 and y_pred.shape[0] == y_true.shape[0]:
        if y_pred.shape[1] < 2:
            raise ValueError(
                f"y_pred of shape {y_pred.shape} holds one score per sample, not labels: threshold it "
                "first, e.g. (y_pred[:, 0] > 0).astype(int) for logits."
            )
        y_pred = check_array(y_pred, "y_pred", ndim=2).argmax(axis=1)
    y_pred = check_array(y_pred, "y_pred", ndim=1, dtype="int")
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred must have the same number of samples; got y_true {y_true.shape} "
            f"and y_pred {y_pred.shape}."
        )
    return y_true.astype(np.int64), y_pred.astype(np.int64)


def accuracy(y_true, y_pred):
    r"""Share of samples whose predicted label equals the true label.

    .. math:: \text{accuracy} = \frac{1}{N} \sum_{i=1}^{N} [\hat y_i = y_i]

    Args:
        y_true: true labels of shape (N,).
        y_pred: predicted labels of shape (N,), or scores of shape (N, C) (argmax is taken).

    Returns:
        A float in [0, 1].

    Examples:
        >>> accuracy([0, 1, 1, 0], [0, 1, 0, 0])
        0.75
    """
    y_true, y_pred = _check_labels_pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, *, labels=None, normalize=None):
    """Count, for every pair of classes (i, j), the samples of true class i predicted as j.

    Row i is the true class and column j the predicted class, as in scikit-learn; for binary
    labels ``[[TN, FP], [FN, TP]]``.

    Args:
        y_true: true labels of shape (N,).
        y_pred: predicted labels of shape (N,), or scores of shape (N, C).
        labels: the classes to index the matrix with, in order, or None for the sorted union of the
            labels in y_true and y_pred. Default: None.
        normalize: None (counts), ``'true'`` (rows sum to 1), ``'pred'`` (columns sum to 1) or
            ``'all'`` (the matrix sums to 1). Default: None.

    Returns:
        Array of shape (K, K), int64 counts or float64 shares.

    Examples:
        >>> confusion_matrix([0, 1, 1, 0], [0, 1, 0, 0]).tolist()
        [[2, 0], [1, 1]]
    """
    y_true, y_pred = _check_labels_pair(y_true, y_pred)
    if normalize not in (None, "true", "pred", "all"):
        raise ValueError(f"normalize must be None, 'true', 'pred' or 'all'; got {normalize!r}.")
    labels = _resolve_labels(y_true, y_pred, labels)
    k = len(labels)
    index = {int(lab): i for i, lab in enumerate(labels)}
    keep = np.isin(y_true, labels) & np.isin(y_pred, labels)
    rows = np.array([index[int(v)] for v in y_true[keep]], dtype=np.int64)
    cols = np.array([index[int(v)] for v in y_pred[keep]], dtype=np.int64)
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (rows, cols), 1)
    if normalize is None:
        return cm
    with np.errstate(invalid="ignore", divide="ignore"):
        if normalize == "true":
            out = cm / cm.sum(axis=1, keepdims=True)
        elif normalize == "pred":
            out = cm / cm.sum(axis=0, keepdims=True)
        else:
            out = cm / cm.sum()
    return np.nan_to_num(out)


def _resolve_labels(y_true, y_pred, labels):
    if labels is None:
        return np.union1d(y_true, y_pred)
    labels = check_array(labels, "labels", ndim=1, dtype="int")
    if len(labels) == 0:
        raise ValueError("labels must hold at least one class; got an empty list.")
    if len(np.unique(labels)) != len(labels):
        raise ValueError(f"labels must not repeat a class; got {labels.tolist()}.")
    return labels


def _check_zero_division(zero_division):
    if isinstance(zero_division, str):
        if zero_division != "warn":
            raise ValueError(f"zero_division must be 'warn', 0.0, 1.0 or nan; got {zero_division!r}.")
        return zero_division
    if not (zero_division in (0, 1) or np.isnan(zero_division)):
        raise ValueError(f"zero_division must be 'warn', 0.0, 1.0 or nan; got {zero_division!r}.")
    return float(zero_division)


def _divide(num, den, zero_division, what):
    """num / den elementwise, with ``zero_division`` where den == 0 (and a warning for 'warn')."""
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    out = np.empty_like(num)
    zero = den == 0
    out[~zero] = num[~zero] / den[~zero]
    if np.any(zero):
        if zero_division == "warn":
            warnings.warn(
                f"{what} is ill-defined (0 / 0) for a class with no {'predicted' if what == 'precision' else 'true'} "
                "samples; set to 0.0. Pass zero_division= to choose the value and silence this warning.",
                RuntimeWarning,
                stacklevel=4,
            )
            out[zero] = 0.0
        else:
            out[zero] = zero_division
    return out


def _prf(y_true, y_pred, *, average, pos_label, zero_division, labels, which):
    """Shared work of precision, recall, f1_score and precision_recall_f1: the scores named in ``which``."""
    y_true, y_pred = _check_labels_pair(y_true, y_pred)
    if average not in _AVERAGES:
        raise ValueError(f"average must be one of 'binary', 'micro', 'macro', 'weighted' or None; got {average!r}.")
    zero_division = _check_zero_division(zero_division)
    present = np.union1d(y_true, y_pred)
    if average == "binary":
        if len(present) > 2:
            raise ValueError(
                f"average='binary' needs two classes, but the labels are {present.tolist()}; "
                "choose average='macro', 'micro', 'weighted' or None for more classes."
            )
        if pos_label not in present and len(present) == 2:
            raise ValueError(f"pos_label={pos_label!r} is not one of the labels {present.tolist()}.")
        labels = np.array([pos_label])
    else:
        labels = _resolve_labels(y_true, y_pred, labels)
    # per-class true positives, predicted counts (tp + fp) and true counts (tp + fn)
    tp = np.array([np.sum((y_true == c) & (y_pred == c)) for c in labels], dtype=np.float64)
    n_pred = np.array([np.sum(y_pred == c) for c in labels], dtype=np.float64)
    n_true = np.array([np.sum(y_true == c) for c in labels], dtype=np.float64)
    if average == "micro":
        tp, n_pred, n_true = tp.sum(keepdims=True), n_pred.sum(keepdims=True), n_true.sum(keepdims=True)
    return tuple(_average(_score(name, tp, n_pred, n_true, zero_division), n_true, average, zero_division)
                 for name in which)


def _score(name, tp, n_pred, n_true, zero_division):
    if name == "precision":
        return _divide(tp, n_pred, zero_division, "precision")
    if name == "recall":
        return _divide(tp, n_true, zero_division, "recall")
    # F1 = 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall
    return _divide(2 * tp, n_pred + n_true, zero_division, "F1")


def _average(values, n_true, average, zero_division):
    if average is None:
        return values
    # classes set to nan by zero_division=nan are left out of the average (as scikit-learn does)
    weights = n_true if average == "weighted" else np.ones_like(values)
    defined = ~np.isnan(values)
    if not defined.any():
        return float("nan")
    if weights[defined].sum() == 0:
        return 0.0 if zero_division == "warn" else float(zero_division)
    return float(np.average(values[defined], weights=weights[defined]))


def precision(y_true, y_pred, *, average="binary", pos_label=1, zero_division="warn", labels=None):
    r"""Precision: of the samples predicted as a class, the share that truly belong to it.

    .. math:: \text{precision} = \frac{TP}{TP + FP}

    Args:
        y_true: true labels of shape (N,).
        y_pred: predicted labels of shape (N,), or scores of shape (N, C).
        average: ``'binary'`` (the score of ``pos_label``; at most two classes), ``'micro'`` (from the
            total TP, FP, FN over classes), ``'macro'`` (unweighted mean of per-class scores),
            ``'weighted'`` (mean weighted by each class's number of true samples) or None (the
            per-class scores as an array). Default: ``'binary'``.
        pos_label: the positive class for ``average='binary'``. Default: 1.
        zero_division: the value when TP + FP = 0 (nothing predicted as the class): 0.0, 1.0, nan, or
            ``'warn'`` (0.0 with a RuntimeWarning). Default: ``'warn'``.
        labels: classes to include for the multi-class averages, or None for all present. Default: None.

    Returns:
        A float, or an array of shape (K,) for ``average=None``.

    Examples:
        >>> precision([0, 1, 1, 0], [1, 1, 0, 0])
        0.5
    """
    return _prf(y_true, y_pred, average=average, pos_label=pos_label, zero_division=zero_division,
                labels=labels, which=("precision",))[0]


def recall(y_true, y_pred, *, average="binary", pos_label=1, zero_division="warn", labels=None):
    r"""Recall: of the samples of a class, the share predicted as that class.

    .. math:: \text{recall} = \frac{TP}{TP + FN}

    Arguments as :func:`precision`; ``zero_division`` applies when the class has no true samples.

    Examples:
        >>> recall([0, 1, 1, 0], [0, 1, 1, 1])
        1.0
    """
    return _prf(y_true, y_pred, average=average, pos_label=pos_label, zero_division=zero_division,
                labels=labels, which=("recall",))[0]


def f1_score(y_true, y_pred, *, average="binary", pos_label=1, zero_division="warn", labels=None):
    r"""F1 score, the harmonic mean of precision and recall.

    .. math:: F_1 = \frac{2 \cdot \text{precision} \cdot \text{recall}}{\text{precision} + \text{recall}}
              = \frac{2\,TP}{2\,TP + FP + FN}

    Arguments as :func:`precision`; ``zero_division`` applies when TP + FP + FN = 0.

    Examples:
        >>> f1_score([0, 1, 1, 0], [1, 1, 0, 0])
        0.5
    """
    return _prf(y_true, y_pred, average=average, pos_label=pos_label, zero_division=zero_division,
                labels=labels, which=("f1",))[0]


def precision_recall_f1(y_true, y_pred, *, average="binary", pos_label=1, zero_division="warn", labels=None):
    r"""Precision, recall and F1 together, from one count of TP, FP and FN.

    .. math:: P = \frac{TP}{TP + FP}, \qquad R = \frac{TP}{TP + FN}, \qquad
              F_1 = \frac{2\,TP}{2\,TP + FP + FN}

    scikit-learn's ``precision_recall_fscore_support`` without the support. ``zero_division``
    is the value of a score whose denominator is 0: precision when nothing is predicted as the
    class, recall when the class has no true samples, F1 when both happen.

    Args:
        y_true: true labels of shape (N,).
        y_pred: predicted labels of shape (N,), or scores of shape (N, C) (argmax is taken).
        average: ``'binary'``, ``'micro'``, ``'macro'``, ``'weighted'`` or None, as in
            :func:`precision`. Default: ``'binary'``.
        pos_label: the positive class for ``average='binary'``. Default: 1.
        zero_division: 0.0, 1.0, nan, or ``'warn'`` (0.0 with a RuntimeWarning). Default: ``'warn'``.
        labels: classes to include for the multi-class averages, or None for all present. Default: None.

    Returns:
        ``(precision, recall, f1)``: three floats, or three arrays of shape (K,) for ``average=None``.

    Examples:
        >>> precision_recall_f1([0, 1, 1, 0, 1], [1, 1, 0, 0, 1])
        (0.6666666666666666, 0.6666666666666666, 0.6666666666666666)
        >>> precision_recall_f1([0, 0, 1], [0, 0, 0], zero_division=0.0)
        (0.0, 0.0, 0.0)
    """
    return _prf(y_true, y_pred, average=average, pos_label=pos_label, zero_division=zero_division,
                labels=labels, which=("precision", "recall", "f1"))


def _check_scores(y_true, y_score, pos_label):
    """Binary labels as a boolean positive mask, and the scores; at least one positive."""
    y_true = check_array(y_true, "y_true", ndim=1, dtype="int")
    y_score = check_array(y_score, "y_score", ndim=1)
    if y_true.shape != y_score.shape:
        raise ValueError(
            f"y_true and y_score must have the same shape; got y_true {y_true.shape} and y_score {y_score.shape}."
        )
    present = np.unique(y_true)
    if len(present) > 2:
        raise ValueError(f"y_true must hold binary labels; got the classes {present.tolist()}.")
    positive = y_true == pos_label
    if not positive.any():
        raise ValueError(
            f"y_true has no positive sample (pos_label={pos_label!r}): precision-recall is undefined."
        )
    return positive, y_score


def precision_recall_curve(y_true, y_score, *, pos_label=1):
    r"""Precision and recall at every threshold, from the scores of a binary classifier.

    For each distinct score :math:`t` (a threshold), the samples with score :math:`\ge t` are
    predicted positive; tied scores are admitted together. As scikit-learn's
    ``precision_recall_curve`` (with ``drop_intermediate=False``), the thresholds are increasing,
    recall is decreasing, and a last point (precision 1, recall 0) without a threshold ends the
    curve.

    Args:
        y_true: binary labels of shape (N,).
        y_score: scores of shape (N,), higher meaning more likely positive (logits or probabilities).
        pos_label: the label of the positive class. Default: 1.

    Returns:
        ``(precision, recall, thresholds)``: precision and recall of shape (T + 1,), float64;
        thresholds of shape (T,), the T distinct scores in increasing order.

    Raises:
        ValueError: if ``y_true`` has no positive sample (scikit-learn warns and sets recall to 1).

    Examples:
        >>> p, r, t = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        >>> p.tolist(), r.tolist(), t.tolist()
        ([0.5, 0.6666666666666666, 0.5, 1.0, 1.0], [1.0, 1.0, 0.5, 0.5, 0.0], [0.1, 0.35, 0.4, 0.8])
    """
    positive, y_score = _check_scores(y_true, y_score, pos_label)
    order = np.argsort(-y_score, kind="mergesort")
    score_sorted = y_score[order]
    # the last index of every run of equal scores: a threshold admits all ties at once
    last = np.r_[np.flatnonzero(np.diff(score_sorted)), len(score_sorted) - 1]
    tps = np.cumsum(positive[order])[last].astype(np.float64)
    precision = tps / (last + 1.0)
    recall = tps / tps[-1]
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], score_sorted[last][::-1]


def average_precision(y_true, y_score, *, pos_label=1):
    r"""Average precision (AP): the area under the precision-recall curve, as a step sum.

    With the thresholds taken at every distinct score, from the highest down, and :math:`P_n`,
    :math:`R_n` the precision and recall at the n-th threshold (:math:`R_0 = 0`):

    .. math:: \text{AP} = \sum_n (R_n - R_{n-1}) P_n

    This is scikit-learn's ``average_precision_score`` (no interpolation, no trapezoids), computed
    from :func:`precision_recall_curve`. It depends only on the ranking of the scores, so logits
    and probabilities give the same AP; a constant score gives the positive rate.

    Args:
        y_true: binary labels of shape (N,).
        y_score: scores of shape (N,), higher meaning more likely positive.
        pos_label: the label of the positive class. Default: 1.

    Returns:
        A float in [0, 1].

    Examples:
        >>> average_precision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        0.8333333333333333
    """
    precision, recall, _ = precision_recall_curve(y_true, y_score, pos_label=pos_label)
    # recall falls along the curve: the step sum over rising recall is -sum(diff(recall) * P)
    return float(-np.sum(np.diff(recall) * precision[:-1]))


def iou(y_true, y_pred, *, zero_division=1.0):
    r"""Intersection over union (Jaccard index) of two binary or soft masks.

    .. math:: \text{IoU}(A, B) = \frac{|A \cap B|}{|A \cup B|}
              = \frac{\sum_i a_i b_i}{\sum_i (a_i + b_i - a_i b_i)}

    The second form equals the first for 0/1 masks and extends it to soft masks with values in
    [0, 1] (probabilities), which makes it differentiable: ``1 - iou`` is the Jaccard loss.
    All elements of the arrays count together (one IoU for the whole arrays).

    Args:
        y_true: mask of any shape, values in [0, 1] (booleans allowed).
        y_pred: mask of the same shape, values in [0, 1].
        zero_division: the value when both masks are empty (union 0). Default: 1.0 (two empty masks agree).

    Returns:
        A float in [0, 1].

    Examples:
        >>> iou([1, 1, 0, 0], [1, 0, 1, 0])
        0.3333333333333333
    """
    a = check_array(y_true, "y_true")
    b = check_array(y_pred, "y_pred")
    if a.shape != b.shape:
        raise ValueError(f"y_true and y_pred must have the same shape; got y_true {a.shape} and y_pred {b.shape}.")
    check_probabilities(a, "y_true")
    check_probabilities(b, "y_pred")
    inter = float(np.sum(a * b))
    union = float(np.sum(a + b - a * b))
    if union == 0:
        return float(zero_division)
    return inter / union
