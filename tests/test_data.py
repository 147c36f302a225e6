"""Tests for lazylearn.data: data sets, splits, scaling, whitening, mini-batches."""
import numpy as np
import pytest

from lazylearn import data


# ----------------------------------------------------------------------------------- data sets
def test_line_data_is_the_four_points():
    x, y = data.line_data()
    assert x.dtype == np.float64 and y.dtype == np.float64
    assert list(zip(x.tolist(), y.tolist(), strict=True)) == [(3, 6), (-2, -4), (0, 0), (5, 10)]


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


def test_standardize_small_digits_training_set_matches_standard_scaler():
    """Chapter 7's pitfall: pixels constant in 300 training digits but not in the other images."""
    from sklearn.preprocessing import StandardScaler

    X, y = data.load_digits()
    X_tr, X_rest, y_tr, _ = data.train_val_split(X, y, 1 - 300 / len(X), stratify=True, rng=0)
    assert len(X_tr) == 300
    constant = X_tr.std(axis=0) == 0
    assert constant.sum() >= 3 and np.any(X_rest[:, constant] != X_tr[0, constant]), "the case must occur"
    Z_tr, mean, std = data.standardize(X_tr)
    Z_rest, _, _ = data.standardize(X_rest, mean, std)
    scaler = StandardScaler().fit(X_tr)
    np.testing.assert_allclose(Z_tr, scaler.transform(X_tr), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(Z_rest, scaler.transform(X_rest), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(std[constant], 1.0)
    assert np.abs(Z_rest[:, constant]).max() <= 1.0  # the raw pixel offsets, never divided by ~0


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


def test_whiten_pca_matches_sklearn_and_eps_shrinks_as_documented():
    from sklearn.decomposition import PCA

    rng = np.random.default_rng(1)
    X = rng.normal(size=(300, 4)) @ rng.normal(size=(4, 4)) + rng.normal(size=4)
    X_new = rng.normal(size=(50, 4)) @ rng.normal(size=(4, 4))
    Xw, mean, W = data.whiten(X, method="pca", eps=0.0)
    pca = PCA(whiten=True).fit(X)  # components by decreasing variance, variance with ddof=1
    n = len(X)
    ours, theirs = Xw[:, ::-1], pca.transform(X) * np.sqrt(n / (n - 1))
    signs = np.sign(np.sum(ours * theirs, axis=0))
    np.testing.assert_allclose(ours * signs, theirs, rtol=1e-8, atol=1e-10)
    new_w, _, _ = data.whiten(X_new, mean, W)
    np.testing.assert_allclose(new_w[:, ::-1] * signs, pca.transform(X_new) * np.sqrt(n / (n - 1)), rtol=1e-8,
                               atol=1e-10)
    # with eps the covariance in the PCA basis is lambda / (lambda + eps)
    lam = np.linalg.eigvalsh(np.cov(X, rowvar=False, ddof=0))
    Xe, _, _ = data.whiten(X, method="pca", eps=0.5)
    np.testing.assert_allclose(np.cov(Xe, rowvar=False, ddof=0), np.diag(lam / (lam + 0.5)), atol=1e-10)


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


# ------------------------------------------------------------------------------- augmentation
def test_gaussian_noise_statistics_dtype_and_seed():
    X = np.full((200, 100), 3.0, dtype=np.float32)
    noisy = data.gaussian_noise(X, 0.5, rng=0)
    assert noisy.dtype == np.float32 and noisy.shape == X.shape and (X == 3.0).all()
    assert (noisy - 3.0).mean() == pytest.approx(0.0, abs=0.01)
    assert (noisy - 3.0).std() == pytest.approx(0.5, rel=0.02)
    np.testing.assert_array_equal(noisy, data.gaussian_noise(X, 0.5, rng=0))
    with pytest.raises(ValueError, match="std must be a float"):
        data.gaussian_noise(X, -1.0)
    with pytest.raises(ValueError, match="X must be finite; got 1 NaN"):
        data.gaussian_noise(np.array([0.0, np.nan]), 0.1)


def test_random_flip():
    rng = np.random.default_rng(0)
    imgs = rng.random((50, 4, 5))
    np.testing.assert_array_equal(data.random_flip(imgs, p=1.0), imgs[:, :, ::-1])
    np.testing.assert_array_equal(data.random_flip(imgs, p=0.0), imgs)
    out = data.random_flip(imgs, rng=1)
    flipped = np.array([np.array_equal(o, i[:, ::-1]) for o, i in zip(out, imgs, strict=True)])
    kept = np.array([np.array_equal(o, i) for o, i in zip(out, imgs, strict=True)])
    assert np.all(flipped ^ kept) and 10 < flipped.sum() < 40
    flat = data.random_flip(imgs.reshape(50, 20), rng=1, image_shape=(4, 5))
    np.testing.assert_array_equal(flat, out.reshape(50, 20))
    with pytest.raises(ValueError, match=r"pass image_shape=\(H, W\)"):
        data.random_flip(imgs.reshape(50, 20))
    with pytest.raises(ValueError, match=r"cannot be read as \(N, 3\*3\)"):
        data.random_flip(imgs.reshape(50, 20), image_shape=(3, 3))
    with pytest.raises(ValueError, match=r"p must be a float in \[0, 1\]"):
        data.random_flip(imgs, p=2.0)


def _shifted(img, dy, dx):
    h, w = img.shape
    out = np.zeros_like(img)
    for i in range(h):
        for j in range(w):
            if 0 <= i - dy < h and 0 <= j - dx < w:
                out[i, j] = img[i - dy, j - dx]
    return out


def test_random_shift_is_a_zero_filled_shift_by_at_most_max_shift():
    rng = np.random.default_rng(0)
    imgs = rng.random((40, 5, 6)) + 1.0  # no zeros inside, so the fill is visible
    out = data.random_shift(imgs, max_shift=2, rng=3)
    assert out.shape == imgs.shape and out.dtype == imgs.dtype
    seen = set()
    for o, img in zip(out, imgs, strict=True):
        matches = [(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)
                   if np.array_equal(o, _shifted(img, dy, dx))]
        assert len(matches) == 1, "each output must be its input shifted by one (dy, dx) in range"
        seen.add(matches[0])
    assert len(seen) > 10
    np.testing.assert_array_equal(data.random_shift(imgs, max_shift=0, rng=1), imgs)
    np.testing.assert_array_equal(data.random_shift(imgs.reshape(40, 30), 2, 3, image_shape=(5, 6)),
                                  out.reshape(40, 30))
    with pytest.raises(ValueError, match=r"max_shift must be an int in \[0, inf\)"):
        data.random_shift(imgs, max_shift=-1)
    with pytest.raises(TypeError, match="image_shape must be a pair"):
        data.random_shift(imgs.reshape(40, 30), image_shape=5)


# ------------------------------------------------------------------------ three-way, stratified
def test_train_val_test_split_sizes_disjoint_paired_and_seeded():
    X = np.arange(60.0).reshape(30, 2)
    y = np.arange(30)
    X_tr, X_va, X_te, y_tr, y_va, y_te = data.train_val_test_split(X, y, 0.2, 0.1, rng=0)
    assert (len(y_tr), len(y_va), len(y_te)) == (21, 6, 3)
    assert sorted(np.concatenate([y_tr, y_va, y_te]).tolist()) == list(range(30))
    for Xp, yp in ((X_tr, y_tr), (X_va, y_va), (X_te, y_te)):
        np.testing.assert_array_equal(Xp[:, 0], 2 * yp)
    again = data.train_val_test_split(X, y, 0.2, 0.1, rng=0)
    other = data.train_val_test_split(X, y, 0.2, 0.1, rng=1)
    np.testing.assert_array_equal(again[5], y_te)
    assert not np.array_equal(np.sort(other[4]), np.sort(y_va))
    # ceil, as scikit-learn: 0.21 * 30 = 6.3 -> 7
    assert len(data.train_val_test_split(X, y, 0.21, 0.1, rng=0)[4]) == 7


def test_train_val_test_split_stratified_keeps_every_class_proportion():
    y = np.array([0] * 900 + [1] * 90 + [2] * 10)
    X = np.arange(1000.0)[:, None]
    for stratify in (True, y):
        parts = data.train_val_test_split(X, y, 0.2, 0.2, stratify=stratify, rng=3)
        for yp, frac in zip(parts[3:], (0.6, 0.2, 0.2), strict=True):
            np.testing.assert_array_equal(np.bincount(yp, minlength=3), np.round(frac * np.array([900, 90, 10])))
        for Xp, yp in zip(parts[:3], parts[3:], strict=True):
            np.testing.assert_array_equal(y[Xp[:, 0].astype(int)], yp)
    # a class of three samples puts one in every part
    y3 = np.array([1, 1, 1] + [0] * 27)
    parts = data.train_val_test_split(np.zeros((30, 1)), y3, 0.1, 0.1, stratify=True, rng=0)
    assert [int(p.sum()) for p in parts[3:]] == [1, 1, 1]


def test_split_stratify_by_another_array():
    """stratify= takes the labels to split by, as scikit-learn's stratify=y (here: groups not in y)."""
    groups = np.array([0] * 50 + [1] * 50)
    y = np.arange(100)
    X = np.arange(100.0)[:, None]
    _, _, _, y_va = data.train_val_split(X, y, 0.1, stratify=groups, rng=0)
    assert (y_va < 50).sum() == 5 and (y_va >= 50).sum() == 5
    # without stratification the same seed gives a different balance on some seed
    balances = {int((data.train_val_split(X, y, 0.1, rng=s)[3] < 50).sum()) for s in range(10)}
    assert balances != {5}


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: data.train_val_test_split(np.zeros((10, 1)), np.zeros(10), 0.5, 0.5), ValueError,
         r"val_fraction \+ test_fraction must be < 1"),
        (lambda: data.train_val_test_split(np.zeros((10, 1)), np.zeros(10), 0.2, 0.0), ValueError, "test_fraction"),
        (lambda: data.train_val_test_split(np.zeros((2, 1)), np.zeros(2)), ValueError, "at least 3 samples"),
        (lambda: data.train_val_split(np.zeros((10, 1)), np.zeros(10), stratify=np.zeros(9)), ValueError,
         r"stratify must be True, False or an array of shape \(10,\)"),
        (lambda: data.train_val_test_split(np.zeros((4, 1)), [0, 1, 2, 3], 0.2, 0.2, stratify=True), ValueError,
         "left a held-out part empty"),
        (lambda: data.train_val_test_split(np.zeros((4, 1)), None), TypeError, "y must be"),
    ],
)
def test_train_val_test_split_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# -------------------------------------------------------------------- chapter 8-9 generators
def test_make_imbalanced_blobs_counts_and_group_statistics():
    X, y = data.make_imbalanced_blobs(2000, 20000, 3000, pos_std=0.25, ring_radius=1.0, ring_std=0.1,
                                      box=3.0, shuffle=False, rng=0)
    assert X.shape == (25000, 2) and X.dtype == np.float64 and y.dtype == np.int64
    assert y[:2000].all() and not y[2000:].any()
    pos, hard, bg = X[:2000], X[2000:5000], X[5000:]
    np.testing.assert_allclose(pos.mean(axis=0), 0.0, atol=4 * 0.25 / np.sqrt(2000))
    np.testing.assert_allclose(pos.std(axis=0), 0.25, rtol=0.05)
    r = np.hypot(hard[:, 0], hard[:, 1])
    assert r.mean() == pytest.approx(1.0, abs=4 * 0.1 / np.sqrt(3000)) and r.std() == pytest.approx(0.1, rel=0.05)
    assert np.abs(bg).max() <= 3.0
    np.testing.assert_allclose(bg.var(axis=0), 9.0 / 3, rtol=0.05)  # uniform on [-3, 3]: variance 36 / 12
    # shuffled: the same multiset of rows, labels still paired
    Xs, ys = data.make_imbalanced_blobs(2000, 20000, 3000, shuffle=True, rng=0)
    assert ys.sum() == 2000 and not np.array_equal(ys, y)
    np.testing.assert_array_equal(np.sort(Xs[ys == 1][:, 0]), np.sort(pos[:, 0]))


def test_make_imbalanced_blobs_seeds():
    a = data.make_imbalanced_blobs(10, 100, 5, rng=1)
    np.testing.assert_array_equal(a[0], data.make_imbalanced_blobs(10, 100, 5, rng=1)[0])
    assert not np.array_equal(a[0], data.make_imbalanced_blobs(10, 100, 5, rng=2)[0])


def _components(mask):
    from scipy import ndimage

    return ndimage.label(mask, structure=np.ones((3, 3)))  # 8-connectivity: touching diagonally counts


def test_make_segmentation_toy_discs_statistics():
    images, masks, inst = data.make_segmentation_toy(300, 32, n_objects=(1, 3), size=2.0, noise=0.5,
                                                     return_instances=True, rng=0)
    assert images.shape == masks.shape == inst.shape == (300, 32, 32)
    assert images.dtype == np.float64 and masks.dtype == np.int64 and inst.dtype == np.int64
    np.testing.assert_array_equal(masks, inst > 0)
    counts = inst.max(axis=(1, 2))
    assert set(counts.tolist()) == {1, 2, 3}
    for img in range(20):
        _, n_comp = _components(masks[img])
        assert n_comp == counts[img], "objects must not touch, so each one is its own component"
        assert [int((inst[img] == k).sum()) for k in range(1, counts[img] + 1)] == [13] * counts[img]
    assert 0.02 < masks.mean() < 0.03  # about 2.5 % foreground (2 discs of 13 pixels in 1024)
    residual = images - masks
    assert residual.mean() == pytest.approx(0.0, abs=0.005) and residual.std() == pytest.approx(0.5, rel=0.01)
    same = data.make_segmentation_toy(300, 32, rng=0)
    np.testing.assert_array_equal(same[0], images)
    assert not np.array_equal(data.make_segmentation_toy(300, 32, rng=1)[1], masks)


def test_make_segmentation_toy_fifty_rectangles_of_fifty_pixels():
    images, masks, inst = data.make_segmentation_toy(2, 128, n_objects=50, shape="rect", size=(5, 10),
                                                     noise=0.0, intensity=2.0, return_instances=True, rng=0)
    np.testing.assert_array_equal(images, 2.0 * masks)
    for img in range(2):
        labels, n_comp = _components(masks[img])
        assert n_comp == 50
        for k in range(1, 51):
            rows, cols = np.nonzero(inst[img] == k)
            assert rows.size == 50 and np.ptp(rows) == 4 and np.ptp(cols) == 9


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(n_objects=400, size=3.0), ValueError, "could not place 400 non-touching objects"),
        (dict(shape="star"), ValueError, "shape must be 'disc' or 'rect'"),
        (dict(shape="rect", size=2.0), TypeError, r"size must be a pair \(h, w\)"),
        (dict(n_objects=(3, 1)), ValueError, "low <= high"),
        (dict(noise=-1.0), ValueError, "noise"),
        (dict(H=3, size=2.0), ValueError, "does not fit"),
    ],
)
def test_make_segmentation_toy_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        data.make_segmentation_toy(2, **kwargs, rng=0)


def _bump(H, cy, cx, sy, sx):
    """The Gaussian bump of the docstring, as a function of the pixel indices."""
    return np.fromfunction(lambda i, j: np.exp(-((i - cy) ** 2 / (2 * sy**2) + (j - cx) ** 2 / (2 * sx**2))), (H, H))


def test_make_dense_detection_anchors_shapes_and_noise():
    images, targets = data.make_dense_detection(200, rng=0)
    assert images.shape == targets.shape == (200, 48, 48)
    assert images.dtype == np.float64 and targets.dtype == np.int64
    assert (targets.sum(axis=(1, 2)) == 9).all()  # 9 positive anchors of 2304 per image (1:255)
    clean, same_targets = data.make_dense_detection(200, noise=0.0, rng=0)
    np.testing.assert_array_equal(same_targets, targets)  # the noise is drawn after the shapes
    residual = images - clean
    assert residual.mean() == pytest.approx(0.0, abs=0.002) and residual.std() == pytest.approx(0.35, rel=0.01)
    orientations = []
    for img in range(30):
        rows, cols = np.nonzero(targets[img])
        assert np.ptp(rows) == 2 and np.ptp(cols) == 2  # a 3x3 square of positives
        cy, cx = int(rows.mean()), int(cols.mean())
        blob = _bump(48, cy, cx, 1.0, 1.0)
        assert clean[img, cy, cx] == pytest.approx(1.0, abs=1e-3), "the blob's centre is its peak"
        # what is left is two bars, sigma 1 across and 4 along: find each by its peak and compare
        rest = clean[img] - blob
        found = []
        for _ in range(2):
            by, bx = np.unravel_index(np.argmax(rest), rest.shape)
            along_x = bool(rest[by, bx + 2] > rest[by + 2, bx])  # 0.88 along a bar, 0.14 across
            bar = _bump(48, by, bx, *((1.0, 4.0) if along_x else (4.0, 1.0)))
            found.append(along_x)
            rest = rest - bar
        np.testing.assert_allclose(rest, 0.0, atol=1e-12)
        orientations += found
    assert 0 < sum(orientations) < len(orientations), "bars lie both horizontally and vertically"
    assert not np.array_equal(data.make_dense_detection(5, rng=1)[0], images[:5])
    np.testing.assert_array_equal(data.make_dense_detection(5, rng=0)[0], data.make_dense_detection(5, rng=0)[0])


def test_make_dense_detection_counts_and_bad_input():
    _, targets = data.make_dense_detection(10, H=64, n_obj=3, n_dis=0, rng=0)
    assert (targets.sum(axis=(1, 2)) == 27).all()
    with pytest.raises(ValueError, match=r"H must be an int in \[7, inf\)"):
        data.make_dense_detection(1, H=5)
    with pytest.raises(ValueError, match="obj_sigma"):
        data.make_dense_detection(1, obj_sigma=0.0)
    with pytest.raises(TypeError, match=r"bar_sigma must be a pair \(across, along\)"):
        data.make_dense_detection(1, bar_sigma=3)
    with pytest.raises(ValueError, match="could not place"):
        data.make_dense_detection(1, H=12, n_obj=5)


def _patches_loop(x, k, same):
    n, h, w = x.shape
    if same:
        x = np.pad(x, ((0, 0), (k // 2, k // 2), (k // 2, k // 2)))
        ho, wo = h, w
    else:
        ho, wo = h - k + 1, w - k + 1
    out = np.zeros((n, ho * wo, k * k), dtype=x.dtype)
    for m in range(n):
        for i in range(ho):
            for j in range(wo):
                out[m, i * wo + j] = x[m, i:i + k, j:j + k].ravel()
    return out


@pytest.mark.parametrize("k, padding", [(1, "same"), (3, "same"), (7, "same"), (2, "valid"), (5, "valid")])
def test_extract_patches_against_a_loop(k, padding):
    x = np.random.default_rng(0).normal(size=(3, 9, 11)).astype(np.float32)
    out = data.extract_patches(x, k, padding=padding)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, _patches_loop(x, k, padding == "same"))
    if padding == "same":  # the centre of each window is its own pixel
        np.testing.assert_array_equal(out[:, :, k * k // 2], x.reshape(3, -1))


def test_extract_patches_bad_input():
    with pytest.raises(ValueError, match="size must be odd for padding='same'"):
        data.extract_patches(np.zeros((1, 5, 5)), 4)
    with pytest.raises(ValueError, match="padding must be 'same' or 'valid'"):
        data.extract_patches(np.zeros((1, 5, 5)), 3, padding="full")
    with pytest.raises(ValueError, match=r"images must be 3-dimensional; got shape \(5, 5\)"):
        data.extract_patches(np.zeros((5, 5)), 3)
    with pytest.raises(ValueError, match="at most the image size"):
        data.extract_patches(np.zeros((1, 3, 3)), 5, padding="valid")
