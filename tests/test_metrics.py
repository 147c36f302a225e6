"""Tests for lazylearn.metrics, against scikit-learn's definitions."""
import warnings

import numpy as np
import pytest
import sklearn.metrics as skm

from lazylearn import metrics

RNG = np.random.default_rng(0)
BIN_TRUE = RNG.integers(0, 2, 60)
BIN_PRED = np.where(RNG.random(60) < 0.7, BIN_TRUE, 1 - BIN_TRUE)
MC_TRUE = RNG.integers(0, 4, 80)
MC_PRED = np.where(RNG.random(80) < 0.6, MC_TRUE, RNG.integers(0, 4, 80))


def test_accuracy_matches_sklearn_and_takes_scores():
    assert metrics.accuracy(MC_TRUE, MC_PRED) == pytest.approx(skm.accuracy_score(MC_TRUE, MC_PRED))
    scores = np.eye(4)[MC_PRED] + 0.1 * RNG.random((80, 4))
    assert metrics.accuracy(MC_TRUE, scores) == pytest.approx(skm.accuracy_score(MC_TRUE, MC_PRED))
    assert metrics.accuracy([1, 0, 1, 1], [1, 1, 1, 0]) == 0.5


@pytest.mark.parametrize("name", ["precision", "recall", "f1_score"])
@pytest.mark.parametrize("average", ["micro", "macro", "weighted", None])
def test_prf_multiclass_matches_sklearn(name, average):
    ours = getattr(metrics, name)(MC_TRUE, MC_PRED, average=average)
    sk = getattr(skm, f"{name}_score" if name != "f1_score" else name)(MC_TRUE, MC_PRED, average=average)
    np.testing.assert_allclose(ours, sk, rtol=1e-12)


@pytest.mark.parametrize("name", ["precision", "recall", "f1_score"])
@pytest.mark.parametrize("pos_label", [0, 1])
def test_prf_binary_matches_sklearn(name, pos_label):
    ours = getattr(metrics, name)(BIN_TRUE, BIN_PRED, pos_label=pos_label)
    sk = getattr(skm, f"{name}_score" if name != "f1_score" else name)(BIN_TRUE, BIN_PRED, pos_label=pos_label)
    assert ours == pytest.approx(sk, rel=1e-12)


def test_prf_hand_values():
    y, p = [1, 1, 1, 0, 0], [1, 0, 0, 1, 0]  # TP 1, FN 2, FP 1
    assert metrics.precision(y, p) == 0.5
    assert metrics.recall(y, p) == pytest.approx(1 / 3)
    assert metrics.f1_score(y, p) == pytest.approx(2 * 1 / (2 * 1 + 1 + 2))


@pytest.mark.parametrize("zero_division", [0.0, 1.0, np.nan])
@pytest.mark.parametrize("name", ["precision", "recall", "f1_score"])
def test_zero_division_matches_sklearn(name, zero_division):
    sk_fn = getattr(skm, f"{name}_score" if name != "f1_score" else name)
    cases = [
        ([0, 0, 0, 0], [0, 0, 0, 0], "binary"),  # no positive predicted nor true
        ([0, 1, 0, 1], [0, 0, 0, 0], "binary"),  # no positive predicted
        ([0, 1, 2, 2], [0, 1, 1, 1], "macro"),  # class 2 never predicted
        ([0, 1, 1, 1], [0, 1, 2, 2], "macro"),  # class 2 never true
        ([0, 1, 1, 1], [0, 1, 2, 2], None),
    ]
    for y, p, average in cases:
        ours = getattr(metrics, name)(y, p, average=average, zero_division=zero_division)
        sk = sk_fn(y, p, average=average, zero_division=zero_division)
        np.testing.assert_allclose(ours, sk, err_msg=f"{name} {y} {p} {average}")


def test_zero_division_warn_gives_zero_and_warns():
    with pytest.warns(RuntimeWarning, match="ill-defined"):
        assert metrics.precision([0, 1], [0, 0]) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert metrics.precision([0, 1], [0, 0], zero_division=1.0) == 1.0


def test_prf_labels_argument_matches_sklearn():
    ours = metrics.f1_score(MC_TRUE, MC_PRED, average="macro", labels=[0, 2])
    assert ours == pytest.approx(skm.f1_score(MC_TRUE, MC_PRED, average="macro", labels=[0, 2]))


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: metrics.precision([0, 1, 2], [0, 1, 2]), ValueError, "average='binary' needs two classes"),
        (lambda: metrics.recall([0, 1], [0, 1], average="mean"), ValueError, "average must be"),
        (lambda: metrics.f1_score([0, 1], [0, 1], zero_division=2), ValueError, "zero_division"),
        (lambda: metrics.accuracy([0, 1, 1], [0, 1]), ValueError, "same number of samples"),
        (lambda: metrics.accuracy([0.5, 1], [0, 1]), TypeError, "y_true must hold integer"),
        (lambda: metrics.accuracy([0, 1], [[0.3], [0.2]]), ValueError, "threshold it"),
        (lambda: metrics.accuracy([], []), ValueError, "at least one sample"),
        (lambda: metrics.precision([0, 2], [0, 2], pos_label=1), ValueError, "pos_label=1"),
        (lambda: metrics.confusion_matrix([0, 1], [0, 1], normalize="rows"), ValueError, "normalize"),
    ],
)
def test_label_metrics_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize("normalize", [None, "true", "pred", "all"])
def test_confusion_matrix_matches_sklearn(normalize):
    np.testing.assert_allclose(
        metrics.confusion_matrix(MC_TRUE, MC_PRED, normalize=normalize),
        skm.confusion_matrix(MC_TRUE, MC_PRED, normalize=normalize),
    )


def test_confusion_matrix_layout_and_labels():
    # binary: [[TN, FP], [FN, TP]]
    assert metrics.confusion_matrix([0, 0, 0, 1, 1], [0, 1, 1, 0, 1]).tolist() == [[1, 2], [1, 1]]
    np.testing.assert_array_equal(
        metrics.confusion_matrix(MC_TRUE, MC_PRED, labels=[3, 1]),
        skm.confusion_matrix(MC_TRUE, MC_PRED, labels=[3, 1]),
    )


@pytest.mark.parametrize("seed", range(4))
def test_average_precision_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 50)
    y[0] = 1
    score = np.round(rng.normal(size=50) + y, 1)  # rounding creates ties
    assert metrics.average_precision(y, score) == pytest.approx(skm.average_precision_score(y, score), rel=1e-12)
    assert metrics.average_precision(1 - y, -score, pos_label=1) == pytest.approx(
        skm.average_precision_score(1 - y, -score), rel=1e-12
    )
    assert metrics.average_precision(y, score, pos_label=0) == pytest.approx(
        skm.average_precision_score(y, score, pos_label=0), rel=1e-12
    )


def test_average_precision_hand_values():
    assert metrics.average_precision([1, 0, 1], [0.9, 0.8, 0.1]) == pytest.approx(0.5 * 1 + 0.5 * 2 / 3)
    assert metrics.average_precision([0, 1], [0.2, 0.9]) == 1.0
    # all tied: one threshold, precision = prevalence
    assert metrics.average_precision([0, 1, 0, 0], [0.5] * 4) == 0.25


def test_average_precision_bad_input():
    with pytest.raises(ValueError, match="no positive sample"):
        metrics.average_precision([0, 0], [0.1, 0.2])
    with pytest.raises(ValueError, match="binary labels"):
        metrics.average_precision([0, 1, 2], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="same shape"):
        metrics.average_precision([0, 1], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="y_score must be finite"):
        metrics.average_precision([0, 1], [0.1, np.nan])


def test_iou_binary_matches_sklearn_jaccard():
    rng = np.random.default_rng(1)
    a = rng.integers(0, 2, (6, 7))
    b = rng.integers(0, 2, (6, 7))
    expected = skm.jaccard_score(a.ravel(), b.ravel())
    assert metrics.iou(a, b) == pytest.approx(expected)
    assert metrics.iou(a.astype(bool), b.astype(bool)) == pytest.approx(expected)


def test_iou_soft_and_edge_cases():
    a = np.array([1.0, 0.5, 0.0])
    b = np.array([0.5, 0.5, 1.0])
    inter = 0.5 + 0.25
    union = (1 + 0.5 - 0.5) + (0.5 + 0.5 - 0.25) + 1
    assert metrics.iou(a, b) == pytest.approx(inter / union)
    assert metrics.iou(np.zeros(3), np.zeros(3)) == 1.0
    assert metrics.iou(np.zeros(3), np.zeros(3), zero_division=0.0) == 0.0
    assert metrics.iou([1, 1], [1, 1]) == 1.0
    with pytest.raises(ValueError, match=r"y_pred must hold probabilities in \[0, 1\]"):
        metrics.iou([1, 0], [1.5, 0])
    with pytest.raises(ValueError, match="same shape"):
        metrics.iou([1, 0], [[1, 0]])


# ----------------------------------------------------------------- precision-recall curve, AP
def _scores(kind, seed, n=200):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.1).astype(int)
    y[:2] = [1, 0]
    score = rng.normal(size=n) + 1.5 * y
    if kind == "tied":
        score = np.round(score)  # a handful of distinct values, many ties
    elif kind == "few":
        score = rng.integers(0, 3, n).astype(float)  # three thresholds only
    return y, score


@pytest.mark.parametrize("kind", ["continuous", "tied", "few"])
@pytest.mark.parametrize("seed", range(3))
def test_precision_recall_curve_matches_sklearn(kind, seed):
    y, score = _scores(kind, seed)
    for pos_label, labels in ((1, y), (0, y), (1, 1 - y)):
        ours = metrics.precision_recall_curve(labels, score, pos_label=pos_label)
        sk = skm.precision_recall_curve(labels, score, pos_label=pos_label)
        for a, b, name in zip(ours, sk, ("precision", "recall", "thresholds"), strict=True):
            assert a.shape == b.shape, name
            np.testing.assert_allclose(a, b, rtol=1e-12, err_msg=name)


@pytest.mark.parametrize("kind", ["continuous", "tied", "few"])
@pytest.mark.parametrize("seed", range(3))
def test_average_precision_matches_sklearn_on_random_and_tied_scores(kind, seed):
    y, score = _scores(kind, seed)
    assert metrics.average_precision(y, score) == pytest.approx(skm.average_precision_score(y, score), rel=1e-12)
    # ties are grouped, so the result does not depend on the order of the samples
    perm = np.random.default_rng(seed + 10).permutation(len(y))
    assert metrics.average_precision(y[perm], score[perm]) == pytest.approx(metrics.average_precision(y, score),
                                                                            rel=1e-14)


def test_average_precision_dense_detection_scale():
    """About 1:255 positives over 46 080 anchors, float32 scores with ties, as in chapter 9."""
    rng = np.random.default_rng(5)
    y = (rng.random(46080) < 1 / 256).astype(int)
    score = (rng.normal(size=y.size) + 2.0 * y).astype(np.float32)
    score[::7] = np.float32(0.5)
    assert metrics.average_precision(y, score) == pytest.approx(skm.average_precision_score(y, score), rel=1e-10)


def test_precision_recall_curve_hand_case_and_bad_input():
    p, r, t = metrics.precision_recall_curve([1, 0, 1, 0], [0.9, 0.9, 0.2, 0.1])
    # thresholds 0.1, 0.2, 0.9: 4 predicted (2 TP), 3 predicted (2 TP), the tied pair (1 TP)
    np.testing.assert_allclose(p, [0.5, 2 / 3, 0.5, 1.0])
    np.testing.assert_allclose(r, [1.0, 1.0, 0.5, 0.0])
    np.testing.assert_allclose(t, [0.1, 0.2, 0.9])
    with pytest.raises(ValueError, match="no positive sample"):
        metrics.precision_recall_curve([0, 0], [0.1, 0.2])
    with pytest.raises(ValueError, match="same shape"):
        metrics.precision_recall_curve([0, 1], [0.1])


# ------------------------------------------------------------------------- precision_recall_f1
@pytest.mark.parametrize("average", ["binary", "micro", "macro", "weighted", None])
def test_precision_recall_f1_matches_sklearn(average):
    y, p = (BIN_TRUE, BIN_PRED) if average == "binary" else (MC_TRUE, MC_PRED)
    ours = metrics.precision_recall_f1(y, p, average=average)
    sk = skm.precision_recall_fscore_support(y, p, average=average)[:3]
    for a, b in zip(ours, sk, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    # the same as the three separate functions
    assert ours[0] == pytest.approx(metrics.precision(y, p, average=average))
    assert ours[2] == pytest.approx(metrics.f1_score(y, p, average=average))


@pytest.mark.parametrize("zero_division", [0.0, 1.0, np.nan])
def test_precision_recall_f1_zero_division_matches_sklearn(zero_division):
    cases = [
        ([0, 0, 0, 0], [0, 0, 0, 0], "binary"),  # nothing predicted, nothing true: all three undefined
        ([0, 1, 0, 1], [0, 0, 0, 0], "binary"),  # nothing predicted positive: precision undefined
        ([0, 0, 0, 0], [0, 1, 0, 0], "binary"),  # no true positive: recall undefined
        ([0, 1, 2, 2], [0, 1, 1, 1], "macro"),
        ([0, 1, 1, 1], [0, 1, 2, 2], None),
    ]
    for y, p, average in cases:
        ours = metrics.precision_recall_f1(y, p, average=average, zero_division=zero_division)
        sk = skm.precision_recall_fscore_support(y, p, average=average, zero_division=zero_division)[:3]
        for a, b, name in zip(ours, sk, ("precision", "recall", "f1"), strict=True):
            np.testing.assert_allclose(a, b, err_msg=f"{name} {y} {p} {average}")


def test_precision_recall_f1_warns_and_validates():
    with pytest.warns(RuntimeWarning, match="ill-defined"):
        assert metrics.precision_recall_f1([0, 1], [0, 0]) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="zero_division must be"):
        metrics.precision_recall_f1([0, 1], [0, 0], zero_division=0.5)
    with pytest.raises(ValueError, match="average='binary' needs two classes"):
        metrics.precision_recall_f1([0, 1, 2], [0, 1, 2])
