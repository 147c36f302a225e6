"""Tests for lazylearn.data: data sets, splits, scaling, whitening, mini-batches."""
import numpy as np
import pytest

from lazylearn import data


# ----------------------------------------------------------------------------------- data sets
def test_line_data_is_the_four_points():
    x, y = data.line_data()
    assert x.dtype == np.float64 and y.dtype == np.float64
    assert list(zip(x.tolist(), y.tolist())) == [(3, 6), (-2, -4), (0, 0), (5, 10)]


@pytest.mark.parametrize(
    "make, kwargs, n_classes",
    [
        (data.make_blobs, dict(n_samples=31, centers=3), 3),
        (data.make_moons, dict(n_samples=31), 2),
        (data.make_spirals, dict(n_samples=31, n_classes=4), 4),
        (data.make_imbalanced, dict(n_samples=31, pos_fraction=0.2), 2),
    ],
)
def test_generators_shapes_labels_and_determinism(make, kwargs, n_classes):
    X, y = make(**kwargs, rng=3)
    assert X.shape == (31, 2) and X.dtype == np.float64
    assert y.shape == (31,) and y.dtype == np.int64
    assert sorted(np.unique(y).tolist()) == list(range(n_classes))
    X2, y2 = make(**kwargs, rng=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make(**kwargs, rng=4)
    assert not np.allclose(X, X3)


def test_make_blobs_given_centers_and_zero_std():
    centers = np.array([[0.0, 0.0, 0.0], [10.0, 10.0, 10.0]])
    X, y = data.make_blobs(5, centers, cluster_std=0.0, rng=0)
    np.testing.assert_array_equal(X, centers[y])
    assert y.tolist() == [0, 0, 0, 1, 1]


def test_make_moons_noiseless_points_lie_on_the_half_circles():
    X, y = data.make_moons(40, noise=0.0, rng=0)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1.0)
    np.testing.assert_allclose(np.hypot(X[y == 1, 0] - 1, X[y == 1, 1] - 0.5), 1.0)
    assert (X[y == 0, 1] >= -1e-12).all() and (X[y == 1, 1] <= 0.5 + 1e-12).all()


def test_make_spirals_stays_in_unit_disc():
    X, _ = data.make_spirals(90, 3, rng=0)
    assert np.hypot(*X.T).max() <= 1 + 1e-12


def test_make_imbalanced_counts_and_geometry():
    X, y = data.make_imbalanced(1000, 0.05, n_features=3, hard_fraction=0.1, rng=0)
    assert X.shape == (1000, 3)
    assert y.sum() == 50
    # positives sit around c = (2, 2, 2) * sqrt(2/3): their mean is close to it
    c = np.full(3, 2 * np.sqrt(2 / 3))
    np.testing.assert_allclose(X[y == 1].mean(axis=0), c, atol=0.25)
    # most negatives are on the far side
    assert np.mean(X[y == 0] @ c < 0) > 0.8
    # at least one positive even when the fraction rounds to 0
    assert data.make_imbalanced(10, 0.01, rng=0)[1].sum() == 1


def test_load_digits_scaled_to_unit_interval():
    X, y = data.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert X.min() == 0.0 and X.max() == 1.0
    assert sorted(np.unique(y).tolist()) == list(range(10))
    Xi, y3 = data.load_digits(n_class=3, images=True)
    assert Xi.shape[1:] == (8, 8) and set(y3.tolist()) == {0, 1, 2}


def test_load_breast_cancer_shape():
    X, y = data.load_breast_cancer()
    assert X.shape == (569, 30) and set(y.tolist()) == {0, 1}


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: data.make_blobs(0), "n_samples"),
        (lambda: data.make_blobs(10, centers=0), "centers"),
        (lambda: data.make_moons(10, noise=-1), "noise"),
        (lambda: data.make_spirals(10, n_classes=1.5), "n_classes"),
        (lambda: data.make_imbalanced(10, pos_fraction=1.5), "pos_fraction"),
        (lambda: data.make_blobs(10, rng="seed"), "rng"),
        (lambda: data.load_digits(n_class=11), "n_class"),
    ],
)
def test_generator_bad_arguments(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()


# ---------------------------------------------------------------------------------------- split
def test_train_val_split_sizes_disjoint_and_complete():
    X = np.arange(50.0).reshape(25, 2)
    y = np.arange(25)
    X_tr, X_va, y_tr, y_va = data.train_val_split(X, y, 0.2, rng=0)
    assert len(y_va) == 5 and len(y_tr) == 20
    assert set(y_tr.tolist()).isdisjoint(y_va.tolist())
    assert sorted(y_tr.tolist() + y_va.tolist()) == list(range(25))
    # rows stay paired with their labels
    np.testing.assert_array_equal(X_tr[:, 0], 2 * y_tr)
    np.testing.assert_array_equal(X_va[:, 0], 2 * y_va)
    # ceil, as scikit-learn
    assert len(data.train_val_split(X, y, 0.21, rng=0)[3]) == 6


def test_train_val_split_seeded():
    X, y = np.arange(20.0)[:, None], np.arange(20)
    a = data.train_val_split(X, y, rng=1)
    b = data.train_val_split(X, y, rng=1)
    c = data.train_val_split(X, y, rng=2)
    np.testing.assert_array_equal(a[3], b[3])
    assert not np.array_equal(np.sort(a[3]), np.sort(c[3]))


def test_train_val_split_stratified_keeps_proportions():
    y = np.array([1] * 10 + [0] * 90)
    X = np.arange(100.0)[:, None]
    for seed in range(5):
        _, X_va, _, y_va = data.train_val_split(X, y, 0.2, stratify=True, rng=seed)
        assert len(y_va) == 20 and y_va.sum() == 2
        np.testing.assert_array_equal(y[X_va[:, 0].astype(int)], y_va)
    # a class with two samples puts one in each part
    _, _, y_tr, y_va = data.train_val_split(np.zeros((12, 1)), [1, 1] + [0] * 10, 0.1, stratify=True, rng=0)
    assert y_tr.sum() == 1 and y_va.sum() == 1


@pytest.mark.parametrize(
    "args, kwargs, match",
    [
        ((np.zeros((4, 2)), np.zeros(3)), {}, "same number of samples"),
        ((np.zeros((4, 2)), np.zeros(4), 1.0), {}, "val_fraction"),
        ((np.zeros((4, 2)), np.zeros(4), 0.0), {}, "val_fraction"),
        ((np.zeros((1, 2)), np.zeros(1)), {}, "at least 2"),
    ],
)
def test_train_val_split_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        data.train_val_split(*args, **kwargs)


# -------------------------------------------------------------------------------- standardize
def test_standardize_uses_training_stats_and_keeps_constant_features():
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(3, 2, 200), np.full(200, 7.0), rng.normal(-1, 0.1, 200)])
    Z, mean, std = data.standardize(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z[:, [0, 2]].std(axis=0), 1, rtol=1e-12)
    assert np.all(np.isfinite(Z))
    np.testing.assert_array_equal(Z[:, 1], 0.0)  # centred, not divided by zero
    assert std[1] == 1.0 and mean[1] == 7.0
    np.testing.assert_allclose(std[[0, 2]], X[:, [0, 2]].std(axis=0))
    # validation data is transformed with the training statistics, not its own
    X_val = np.array([[3.0, 8.0, -1.0], [5.0, 7.0, -0.9]])
    Z_val, m2, s2 = data.standardize(X_val, mean, std)
    np.testing.assert_allclose(Z_val, (X_val - mean) / std)
    np.testing.assert_array_equal(Z_val[:, 1], [1.0, 0.0])  # unscaled: the raw offset from the train mean
    assert m2 is mean and s2 is std


def test_standardize_digits_constant_pixels_finite():
    X, _ = data.load_digits()
    Z, _, std = data.standardize(X)
    assert np.all(np.isfinite(Z))
    assert np.sum(std == 1.0) >= 1  # pixel (0, 0) is 0 in every digit


@pytest.mark.parametrize(
    "args, match",
    [
        ((np.zeros(3),), "2-dimensional"),
        ((np.zeros((3, 2)), np.zeros(2)), "together"),
        ((np.zeros((3, 2)), np.zeros(3), np.ones(3)), r"shape \(2,\)"),
        ((np.zeros((3, 2)), np.zeros(2), np.zeros(2)), "positive"),
        ((np.array([[np.nan, 1.0]]),), "finite"),
    ],
)
def test_standardize_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        data.standardize(*args)


# ------------------------------------------------------------------------------------- whiten
@pytest.mark.parametrize("method", ["zca", "pca"])
def test_whiten_gives_identity_covariance(method):
    rng = np.random.default_rng(0)
    A = np.array([[2.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 0.2]])
    X = rng.normal(size=(400, 3)) @ A + 5.0
    Xw, mean, W = data.whiten(X, method=method, eps=1e-8)
    cov = np.cov(Xw, rowvar=False, ddof=0)
    np.testing.assert_allclose(cov, np.eye(3), atol=1e-6)
    np.testing.assert_allclose(Xw.mean(axis=0), 0, atol=1e-10)
    if method == "zca":
        np.testing.assert_allclose(W, W.T, atol=1e-10)  # ZCA's matrix is symmetric
    # the same transform applies to new data
    Xw2, _, _ = data.whiten(X[:5], mean, W)
    np.testing.assert_allclose(Xw2, Xw[:5])


def test_whiten_eps_tames_a_zero_variance_direction():
    X = np.column_stack([np.arange(10.0), np.ones(10)])
    Xw, _, _ = data.whiten(X, eps=1e-2)
    assert np.all(np.isfinite(Xw))
    with pytest.raises(ValueError, match="eps > 0"):
        data.whiten(X, eps=0)
    with pytest.raises(ValueError, match="method"):
        data.whiten(X, method="svd")


# ------------------------------------------------------------------------------------ batches
@pytest.mark.parametrize("n, batch_size", [(10, 3), (12, 4), (5, 8)])
def test_batches_cover_every_sample_exactly_once(n, batch_size):
    X = np.arange(2.0 * n).reshape(n, 2)
    y = np.arange(n)
    got = list(data.batches(X, y, batch_size, rng=0))
    sizes = [len(yb) for _, yb in got]
    assert sizes == [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    seen = np.concatenate([yb for _, yb in got])
    assert sorted(seen.tolist()) == list(range(n))
    for xb, yb in got:
        np.testing.assert_array_equal(xb[:, 0], 2 * yb)


def test_batches_shuffle_seed_drop_last():
    X, y = np.zeros((10, 1)), np.arange(10)
    order = lambda **kw: np.concatenate([yb for _, yb in data.batches(X, y, 4, **kw)]).tolist()
    assert order(shuffle=False) == list(range(10))
    assert order(rng=5) == order(rng=5)
    assert order(rng=5) != list(range(10))
    gen = np.random.default_rng(0)
    assert order(rng=gen) != order(rng=gen)  # a shared Generator gives a new order each epoch
    kept = [len(yb) for _, yb in data.batches(X, y, 4, drop_last=True, rng=0)]
    assert kept == [4, 4]
    assert [len(xb) for xb in data.batches(X, batch_size=5, shuffle=False)] == [5, 5]


def test_batches_validate_eagerly():
    with pytest.raises(ValueError, match="batch_size"):
        data.batches(np.zeros((3, 1)), np.zeros(3), 0)
    with pytest.raises(ValueError, match="same number of samples"):
        data.batches(np.zeros((3, 1)), np.zeros(4), 2)


# ------------------------------------------------------------------------------------ one_hot
def test_one_hot():
    np.testing.assert_array_equal(data.one_hot([1, 0, 2], 4), np.eye(4)[[1, 0, 2]])
    assert data.one_hot([2, 0]).shape == (2, 3)
    with pytest.raises(ValueError, match=r"y must hold class labels in \[0, 1\]"):
        data.one_hot([0, 2], 2)
    with pytest.raises(TypeError, match="integer"):
        data.one_hot([0.5, 1])
