"""Tests for lazylearn.plot: the artists each figure draws (not the pixels), on the Agg backend."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402

from lazylearn import plot  # noqa: E402
from lazylearn.train import History  # noqa: E402

WHITE = to_rgba("white")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _contours(ax):
    return [c for c in ax.get_children() if isinstance(c, ContourSet)]


def _white(ax):
    return ax.figure.get_facecolor() == WHITE and ax.get_facecolor() == WHITE


def test_loss_curve_lines_labels_and_scale():
    h = History(loss=[3.0, 2.0, 1.5], val_loss=[3.5, 2.5, 2.0])
    ax = plot.loss_curve(h)
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["training", "validation"]
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(lines[1].get_ydata(), [3.5, 2.5, 2.0])
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss" and ax.get_yscale() == "linear"
    assert _white(ax)
    # without validation: one line; a plain list works; log scale; drawing on a given Axes
    _, given = plt.subplots()
    given.set_facecolor("black")
    ax2 = plot.loss_curve({"loss": [1.0, 0.1], "val_loss": []}, ax=given, log_scale=True)
    assert ax2 is given and len(ax2.get_lines()) == 1 and ax2.get_yscale() == "log"
    assert _white(ax2)
    assert len(plot.loss_curve([1.0, 0.5, 0.2]).get_lines()) == 1


def test_loss_curve_bad_input():
    with pytest.raises(ValueError, match="'loss'"):
        plot.loss_curve({"val_loss": [1.0]})
    with pytest.raises(ValueError, match="at least one epoch"):
        plot.loss_curve(History())


def test_loss_landscape_1d_curve_and_path():
    f = lambda w: (w - 2.0) ** 2
    ax = plot.loss_landscape_1d(f, (-1, 4), path=[0.0, 1.0, 1.5, 1.75], label="MSE")
    curve, dots = ax.get_lines()
    np.testing.assert_allclose(curve.get_ydata(), (curve.get_xdata() - 2) ** 2)
    np.testing.assert_array_equal(dots.get_xdata(), [0.0, 1.0, 1.5, 1.75])
    np.testing.assert_allclose(dots.get_ydata(), [4.0, 1.0, 0.25, 0.0625])
    arrows = [c for c in ax.texts if c.arrow_patch is not None]
    assert len(arrows) == 3
    assert ax.get_xlabel() == "weight $w$" and ax.get_ylabel() == "loss"
    assert curve.get_label() == "MSE" and ax.get_legend() is not None
    ax2 = plot.loss_landscape_1d(f, (-1, 4))
    assert len(ax2.get_lines()) == 1 and not ax2.texts and _white(ax2)


def test_loss_landscape_1d_bad_input():
    with pytest.raises(ValueError, match="w_range"):
        plot.loss_landscape_1d(abs, (2, 1))
    with pytest.raises(TypeError, match="f must be a function"):
        plot.loss_landscape_1d(3, (0, 1))


def test_landscape_2d_contours_and_paths():
    f = lambda a, b: a**2 + 10 * b**2 + 0.1
    paths = {"SGD": np.array([[2.0, 1.0], [1.0, 0.5], [0.5, 0.1]]), "Adam": np.array([[2.0, 1.0], [1.5, 0.5]])}
    ax = plot.landscape_2d(f, paths, (-3, 3), (-2, 2), levels=12, resolution=40)
    (cs,) = _contours(ax)
    assert len(cs.levels) == 12
    assert cs.levels[0] == pytest.approx(f(0.0, 0.0), abs=0.05) and cs.levels[-1] == pytest.approx(f(3, 2))
    labelled = [ln.get_label() for ln in ax.get_lines() if not ln.get_label().startswith("_")]
    assert labelled == ["SGD", "Adam"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), [1.0, 0.5, 0.1])
    assert len(ax.get_lines()) == 4  # each path: the iterates and a start marker
    assert ax.get_xlabel() == "$w_1$" and ax.get_ylabel() == "$w_2$" and _white(ax)
    log_ax = plot.landscape_2d(f, xlim=(-3, 3), ylim=(-2, 2), log_scale=True, levels=5, resolution=30)
    lv = _contours(log_ax)[0].levels
    np.testing.assert_allclose(lv[1:] / lv[:-1], lv[1] / lv[0])  # geometric spacing
    assert len(log_ax.get_lines()) == 0


def test_landscape_2d_bad_input():
    f = lambda a, b: a**2 + b**2
    with pytest.raises(ValueError, match="positive loss"):
        plot.landscape_2d(f, xlim=(-1, 1), ylim=(-1, 1), log_scale=True, resolution=11)
    with pytest.raises(ValueError, match=r"shape \(T, 2\)"):
        plot.landscape_2d(f, {"a": np.zeros((3, 3))}, (-1, 1), (-1, 1), resolution=5)
    with pytest.raises(ValueError, match="elementwise"):
        plot.landscape_2d(lambda a, b: 1.0, None, (-1, 1), (-1, 1), resolution=5)
    with pytest.raises(ValueError, match="ylim"):
        plot.landscape_2d(f, None, (-1, 1), (1, 1))


def test_decision_boundary_regions_and_points():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0], [3.0, 1.0]])
    y = np.array([0, 0, 1, 1])
    calls = []

    def predict(P):
        calls.append(P.shape)
        return (P[:, 0] > 1.5).astype(int)

    ax = plot.decision_boundary(predict, X, y, resolution=25)
    assert calls == [(625, 2)]
    (regions,) = _contours(ax)
    assert regions.filled
    (points,) = ax.collections[-1:]
    np.testing.assert_array_equal(points.get_offsets(), X)
    np.testing.assert_array_equal(points.get_array(), y)
    assert ax.get_xlim()[0] < 0 < 3 < ax.get_xlim()[1]
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$" and _white(ax)


def test_decision_boundary_bad_input():
    X, y = np.zeros((3, 2)), np.array([0, 1, 0])
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\)"):
        plot.decision_boundary(lambda P: P[:, 0], np.zeros((3, 3)), y)
    with pytest.raises(ValueError, match="one label per point"):
        plot.decision_boundary(lambda P: np.zeros((len(P), 2)), X, y, resolution=5)
    with pytest.raises(ValueError, match="same number of samples"):
        plot.decision_boundary(lambda P: P[:, 0], X, y[:2])


def test_ce_vs_focal_one_line_per_gamma_with_the_focal_formula():
    ax = plot.ce_vs_focal()
    lines = ax.get_lines()
    assert len(lines) == 5
    assert lines[0].get_label() == "$\\gamma = 0$ (cross-entropy)"
    assert lines[3].get_label() == "$\\gamma = 2$"
    p, fl = lines[3].get_xdata(), lines[3].get_ydata()
    np.testing.assert_allclose(fl, -((1 - p) ** 2) * np.log(p))
    np.testing.assert_allclose(lines[0].get_ydata(), -np.log(p))
    assert ax.get_xlabel() == "probability of the ground-truth class $p_t$" and ax.get_ylabel() == "loss"
    assert len(plot.ce_vs_focal(gammas=[1]).get_lines()) == 1
    with pytest.raises(ValueError, match="gammas"):
        plot.ce_vs_focal(gammas=[-1])


def test_lr_finder_log_axis_and_steepest_point():
    lrs = np.geomspace(1e-5, 1, 30)
    losses = 2.0 - np.tanh(np.log10(lrs) + 2.5) + np.where(lrs > 0.1, 50 * (lrs - 0.1), 0)
    ax = plot.lr_finder(lrs, losses)
    curve, mark = ax.get_lines()
    assert ax.get_xscale() == "log"
    np.testing.assert_array_equal(curve.get_xdata(), lrs)
    # steepest fall of 2 - tanh(log10(lr) + 2.5) is at log10(lr) = -2.5
    assert abs(np.log10(mark.get_xdata()[0]) + 2.5) < 0.2
    assert ax.get_xlabel() == "learning rate (log scale)" and ax.get_ylabel() == "loss" and _white(ax)
    assert len(plot.lr_finder(lrs, losses, mark_steepest=False).get_lines()) == 1
    with pytest.raises(ValueError, match="same shape"):
        plot.lr_finder(lrs, losses[:-1])
    with pytest.raises(ValueError, match="positive"):
        plot.lr_finder([0.0, 1.0], [1.0, 2.0])


def test_landscape_2d_limits_from_the_paths():
    f = lambda a, b: a**2 + b**2
    ax = plot.landscape_2d(f, {"GD": np.array([[-2.0, 1.0], [0.0, 0.0], [2.0, 3.0]])}, resolution=10)
    assert ax.get_xlim() == pytest.approx((-2.4, 2.4)) and ax.get_ylim() == pytest.approx((-0.3, 3.3))
    one_point = plot.landscape_2d(f, {"start": np.array([[1.0, 1.0]])}, resolution=10)
    assert one_point.get_xlim() == pytest.approx((0.0, 2.0))
    with pytest.raises(ValueError, match="xlim must be given when there are no paths"):
        plot.landscape_2d(f)
    with pytest.raises(TypeError, match="paths must be a dict"):
        plot.landscape_2d(f, [np.zeros((2, 2))])


def test_schedules_step_lines_per_schedule():
    lrs = {"constant": [0.1] * 6, "StepLR(2, 0.1)": [0.1, 0.1, 0.01, 0.01, 0.001, 0.001]}
    ax = plot.schedules(lrs)
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == list(lrs)
    assert all(ln.get_drawstyle() == "steps-post" for ln in lines)
    np.testing.assert_array_equal(lines[1].get_xdata(), np.arange(6))
    np.testing.assert_array_equal(lines[1].get_ydata(), lrs["StepLR(2, 0.1)"])
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "learning rate" and ax.get_legend() is not None
    assert _white(ax)
    log_ax = plot.schedules([1.0, 0.5, 0.25], log_scale=True, xlabel="step")
    assert log_ax.get_yscale() == "log" and log_ax.get_legend() is None and log_ax.get_xlabel() == "step"
    assert len(plot.schedules([0.1]).get_lines()) == 1  # a single epoch is fine
    with pytest.raises(ValueError, match="positive learning rates"):
        plot.schedules([0.1, 0.0], log_scale=True)
    with pytest.raises(ValueError, match="empty"):
        plot.schedules({})
    with pytest.raises(ValueError, match=r"lrs\['a'\] is empty"):
        plot.schedules({"a": []})


def test_layer_stats_one_line_per_configuration():
    stats = {"tanh, Xavier": [0.6, 0.5, 0.45, 0.4], "ReLU, small": [1e-2, 1e-4, 0.0, 1e-8]}
    ax = plot.layer_stats(stats)
    a, b = ax.get_lines()
    assert [a.get_label(), b.get_label()] == list(stats)
    np.testing.assert_array_equal(a.get_xdata(), [1, 2, 3, 4])
    assert np.isnan(b.get_ydata()[2]), "a value of 0 is a gap on a log axis"
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "layer"
    lin = plot.layer_stats([0.0, 0.5, 1.0], log_scale=False, ylabel="dead share")
    np.testing.assert_array_equal(lin.get_lines()[0].get_ydata(), [0.0, 0.5, 1.0])
    assert lin.get_ylabel() == "dead share" and lin.get_yscale() == "linear" and lin.get_legend() is None


def test_pr_curves_lines_ap_labels_and_operating_points():
    from sklearn.metrics import average_precision_score, precision_recall_curve

    rng = np.random.default_rng(0)
    y = (rng.random(300) < 0.1).astype(int)
    y[0] = 1
    scores = {"w = 1": rng.normal(size=300) + 2 * y, "w = 10": rng.normal(size=300) + y}
    ax = plot.pr_curves(y, scores, thresholds={"w = 1": 1.0})
    lines = ax.get_lines()
    assert len(lines) == 3 + 1  # two curves, one operating point, and the chance line
    ap1 = average_precision_score(y, scores["w = 1"])
    assert lines[0].get_label() == f"w = 1 (AP {ap1:.3f})" and lines[0].get_drawstyle() == "steps-post"
    p, r, _ = precision_recall_curve(y, scores["w = 1"])
    np.testing.assert_allclose(lines[0].get_xdata(), r)
    np.testing.assert_allclose(lines[0].get_ydata(), p)
    pred = scores["w = 1"] >= 1.0
    np.testing.assert_allclose(lines[1].get_xdata(), [(y[pred] == 1).sum() / y.sum()])
    np.testing.assert_allclose(lines[1].get_ydata(), [y[pred].mean()])
    np.testing.assert_allclose(lines[3].get_ydata(), [y.mean(), y.mean()])
    assert ax.get_xlabel() == "recall" and ax.get_ylabel() == "precision" and _white(ax)
    # one array, a threshold for all curves, a threshold above every score marks nothing, no chance line
    single = plot.pr_curves(y, scores["w = 10"], thresholds=100.0, chance=False)
    assert len(single.get_lines()) == 1
    with pytest.raises(ValueError, match="thresholds has labels without scores"):
        plot.pr_curves(y, scores, thresholds={"w = 99": 0.5})
    with pytest.raises(ValueError, match="no positive sample"):
        plot.pr_curves(np.zeros(300, int), scores)


def test_cumulative_loss_curves_go_from_zero_to_one_sorted():
    losses = {"CE": np.array([2.0, 0.01, 1.0, 0.02]), "FL": np.array([1.5, 1e-6, 0.5])}
    ax = plot.cumulative_loss(losses, xlabel="fraction of background examples")
    ce, fl = ax.get_lines()
    np.testing.assert_allclose(ce.get_xdata(), [0, 0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(ce.get_ydata(), np.r_[0.0, np.cumsum([0.01, 0.02, 1.0, 2.0]) / 3.03])
    np.testing.assert_allclose(fl.get_xdata(), [0, 1 / 3, 2 / 3, 1.0])
    assert [ce.get_label(), fl.get_label()] == ["CE", "FL"]
    assert ax.get_xlabel() == "fraction of background examples" and ax.get_ylabel() == "cumulative normalized loss"
    zeros = plot.cumulative_loss(np.zeros(4))
    np.testing.assert_array_equal(zeros.get_lines()[0].get_ydata(), np.zeros(5))
    with pytest.raises(ValueError, match=r"losses\['x'\] must be finite and >= 0"):
        plot.cumulative_loss({"x": [1.0, -0.5]})
    with pytest.raises(ValueError, match="must be finite"):
        plot.cumulative_loss([np.inf, 1.0])


def test_lr_finder_with_a_diverged_tail_and_too_few_points():
    lrs = np.geomspace(1e-4, 10, 8)
    losses = np.array([2.0, 1.9, 1.5, 0.9, 0.7, 3.0, np.inf, np.nan])
    ax = plot.lr_finder(lrs, losses)
    curve, mark = ax.get_lines()
    assert mark.get_xdata()[0] in lrs[:6] and np.isfinite(mark.get_ydata()[0])
    assert len(plot.lr_finder(lrs[:2], losses[:2]).get_lines()) == 1  # fewer than 3 finite points: no marker
    assert len(plot.lr_finder(lrs, np.full(8, np.nan)).get_lines()) == 1
