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


def test_loss_landscape_2d_contours_and_paths():
    f = lambda a, b: a**2 + 10 * b**2 + 0.1
    paths = {"SGD": np.array([[2.0, 1.0], [1.0, 0.5], [0.5, 0.1]]), "Adam": np.array([[2.0, 1.0], [1.5, 0.5]])}
    ax = plot.loss_landscape_2d(f, (-3, 3), (-2, 2), paths=paths, levels=12, resolution=40)
    (cs,) = _contours(ax)
    assert len(cs.levels) == 12
    assert cs.levels[0] == pytest.approx(f(0.0, 0.0), abs=0.05) and cs.levels[-1] == pytest.approx(f(3, 2))
    labelled = [ln.get_label() for ln in ax.get_lines() if not ln.get_label().startswith("_")]
    assert labelled == ["SGD", "Adam"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), [1.0, 0.5, 0.1])
    assert len(ax.get_lines()) == 4  # each path: the iterates and a start marker
    assert ax.get_xlabel() == "$w_1$" and ax.get_ylabel() == "$w_2$" and _white(ax)
    log_ax = plot.loss_landscape_2d(f, (-3, 3), (-2, 2), log_scale=True, levels=5, resolution=30)
    lv = _contours(log_ax)[0].levels
    np.testing.assert_allclose(lv[1:] / lv[:-1], lv[1] / lv[0])  # geometric spacing
    assert len(log_ax.get_lines()) == 0


def test_loss_landscape_2d_bad_input():
    f = lambda a, b: a**2 + b**2
    with pytest.raises(ValueError, match="positive loss"):
        plot.loss_landscape_2d(f, (-1, 1), (-1, 1), log_scale=True, resolution=11)
    with pytest.raises(ValueError, match=r"shape \(T, 2\)"):
        plot.loss_landscape_2d(f, (-1, 1), (-1, 1), paths={"a": np.zeros((3, 3))}, resolution=5)
    with pytest.raises(ValueError, match="elementwise"):
        plot.loss_landscape_2d(lambda a, b: 1.0, (-1, 1), (-1, 1), resolution=5)
    with pytest.raises(ValueError, match="ylim"):
        plot.loss_landscape_2d(f, (-1, 1), (1, 1))


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


def test_focal_vs_ce_one_line_per_gamma_with_the_focal_formula():
    ax = plot.focal_vs_ce()
    lines = ax.get_lines()
    assert len(lines) == 5
    assert lines[0].get_label() == "$\\gamma = 0$ (cross-entropy)"
    assert lines[3].get_label() == "$\\gamma = 2$"
    p, fl = lines[3].get_xdata(), lines[3].get_ydata()
    np.testing.assert_allclose(fl, -((1 - p) ** 2) * np.log(p))
    np.testing.assert_allclose(lines[0].get_ydata(), -np.log(p))
    assert ax.get_xlabel() == "probability of the ground-truth class $p_t$" and ax.get_ylabel() == "loss"
    assert len(plot.focal_vs_ce(gammas=[1]).get_lines()) == 1
    with pytest.raises(ValueError, match="gammas"):
        plot.focal_vs_ce(gammas=[-1])


def test_lr_range_plot_log_axis_and_steepest_point():
    lrs = np.geomspace(1e-5, 1, 30)
    losses = 2.0 - np.tanh(np.log10(lrs) + 2.5) + np.where(lrs > 0.1, 50 * (lrs - 0.1), 0)
    ax = plot.lr_range_plot(lrs, losses)
    curve, mark = ax.get_lines()
    assert ax.get_xscale() == "log"
    np.testing.assert_array_equal(curve.get_xdata(), lrs)
    # steepest fall of 2 - tanh(log10(lr) + 2.5) is at log10(lr) = -2.5
    assert abs(np.log10(mark.get_xdata()[0]) + 2.5) < 0.2
    assert ax.get_xlabel() == "learning rate (log scale)" and ax.get_ylabel() == "loss" and _white(ax)
    assert len(plot.lr_range_plot(lrs, losses, mark_steepest=False).get_lines()) == 1
    with pytest.raises(ValueError, match="same shape"):
        plot.lr_range_plot(lrs, losses[:-1])
    with pytest.raises(ValueError, match="positive"):
        plot.lr_range_plot([0.0, 1.0], [1.0, 2.0])
