"""lazylearn.experiments.focal: a smoke test of chapter 9's experiment, its losses against torch,
and the parallel path against the serial one."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from sklearn.utils.class_weight import compute_class_weight

from lazylearn import metrics
from lazylearn.data import extract_patches
from lazylearn.experiments import focal
from lazylearn.init import prior_bias

TINY = dict(steps=4, batch_images=2, n_train=3, n_val=2, n_test=2)


def _first_batch_logits(config, seed):
    """Rebuild what train() sees at step 1: the initial model, the first batch, its logits and targets."""
    (tr_x, tr_y), _, _ = focal.make_data(config.n_train, config.n_val, config.n_test, config.data_seed)
    rng = np.random.default_rng(seed)
    model = focal.patch_mlp(config.patch, config.hidden, config.prior, rng=rng, dtype=np.float64)
    idx = rng.choice(config.n_train, size=config.batch_images, replace=False)
    x = extract_patches(tr_x[idx], config.patch).reshape(-1, config.patch**2)
    return torch.tensor(model(x).ravel()), torch.tensor(tr_y[idx].ravel(), dtype=torch.float64), tr_y


def _torch_focal(z, y, alpha, gamma):
    """torchvision's sigmoid_focal_loss, written out in torch."""
    p = torch.sigmoid(z)
    ce = torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="none")
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce * (1 - p_t) ** gamma
    if alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return loss


@pytest.mark.parametrize("loss", ["focal", "ohem", "wce"])
def test_smoke_every_loss_trains_and_reports(loss):
    config = focal.Config(loss=loss, log_steps=(2, 4), share_gammas=(0, 2), n_share_images=2, **TINY)
    model, row = focal.train(config, seed=0)
    assert row["loss"] == loss and row["seed"] == 0 and row["steps"] == 4 and row["log_steps"] == "2,4"
    for key in ("ap", "ap_at_2", "ap_at_4"):
        assert 0.0 < row[key] <= 1.0
    assert math.isfinite(row["final_loss"]) and row["cpu_seconds"] > 0
    assert row["easy_share_gamma_2"] < row["easy_share_gamma_0"] < 1.0
    # the reported AP is the AP of the returned model on the test images
    _, _, (te_x, te_y) = focal.make_data(config.n_train, config.n_val, config.n_test, config.data_seed)
    logits = focal.predict(model, te_x)
    assert logits.shape == te_x.shape and logits.dtype == np.float32
    assert row["ap"] == metrics.average_precision(te_y.ravel(), logits.ravel())


@pytest.mark.parametrize(
    "config",
    [focal.Config(gamma=0.0, alpha=0.5, **TINY), focal.Config(gamma=2.0, alpha=0.25, **TINY),
     focal.Config(gamma=0.5, alpha=-1, **TINY), focal.Config(loss="ohem", **TINY), focal.Config(loss="wce", **TINY)],
    ids=["ce-alpha0.5", "focal-gamma2", "focal-no-alpha", "ohem", "wce"],
)
def test_first_step_loss_is_the_sum_over_anchors_divided_by_the_positives(config):
    """One step in float64: the recorded loss against the same loss written in torch."""
    config = focal.Config(**{**config.fields(), "steps": 1, "dtype": "float64", "log_steps": (), "share_gammas": ()})
    _, row = focal.train(config, seed=3)
    z, y, tr_y = _first_batch_logits(config, 3)
    n_pos = max(1.0, float(y.sum()))
    if config.loss == "focal":
        expected = _torch_focal(z, y, config.alpha, config.gamma).sum() / n_pos
    elif config.loss == "ohem":
        ce = torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="none")
        k = math.ceil(config.neg_pos_ratio * max(float(y.sum()), 1.0))
        expected = (ce[y == 1].sum() + torch.topk(ce[y == 0], k).values.sum()) / n_pos
    else:
        w = compute_class_weight("balanced", classes=np.array([0, 1]), y=tr_y.ravel())
        ce = torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="none")
        expected = (torch.tensor(w, dtype=torch.float64)[y.long()] * ce).sum() / n_pos
    assert row["final_loss"] == pytest.approx(expected.item(), rel=1e-10)


def test_the_model_is_the_patch_mlp_with_prior_init():
    model = focal.patch_mlp(7, 8, 0.01, rng=0)
    shapes = [tuple(p.data.shape) for p in model.parameters()]
    assert shapes == [(8, 49), (8,), (8, 8), (8,), (1, 8), (1,)]
    assert all(p.data.dtype == np.float32 for p in model.parameters())
    assert model[-1].bias.data[0] == np.float32(prior_bias(0.01))


def test_loss_shares_against_a_loop():
    rng = np.random.default_rng(0)
    z = rng.normal(-3, 2, size=500)
    y = (rng.random(500) < 0.05).astype(int)
    shares = focal.loss_shares(z, y, gammas=(0, 2), threshold=0.9)
    for g in (0.0, 2.0):
        easy = total = 0.0
        for zi, yi in zip(z, y, strict=True):
            p = 1 / (1 + math.exp(-zi))
            p_t = p if yi == 1 else 1 - p
            fl = -((1 - p_t) ** g) * math.log(p_t)
            total += fl
            easy += fl if (yi == 0 and p_t > 0.9) else 0.0
        assert shares[g] == pytest.approx(easy / total, rel=1e-10)
    assert shares[2.0] < shares[0.0]


def test_parallel_and_serial_runs_give_the_same_rows():
    configs = [focal.Config(gamma=0.0, alpha=0.5, **TINY), focal.Config(loss="ohem", **TINY)]
    serial = focal.run(configs, seeds=[0, 1], workers=1)
    parallel = focal.run(configs, seeds=[0, 1], workers=2)
    assert [(r["loss"], r["seed"]) for r in parallel] == [("focal", 0), ("focal", 1), ("ohem", 0), ("ohem", 1)]
    for a, b in zip(serial, parallel, strict=True):
        a, b = dict(a), dict(b)
        assert a.pop("cpu_seconds") > 0 and b.pop("cpu_seconds") > 0
        assert a == b
    # a row depends on its seed
    assert serial[0]["ap"] != serial[1]["ap"] or serial[0]["final_loss"] != serial[1]["final_loss"]


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(loss="dice"), ValueError, "loss must be one of 'focal', 'ohem', 'wce'"),
        (dict(gamma=-1.0), ValueError, "gamma"),
        (dict(alpha=1.5), ValueError, "alpha must be a float in"),
        (dict(patch=6), ValueError, "patch must be odd"),
        (dict(steps=0), ValueError, "steps"),
        (dict(batch_images=5, n_train=4), ValueError, "batch_images must be at most n_train=4"),
        (dict(log_steps=(0,)), ValueError, r"log_steps must lie in \[1, steps=1500\]"),
        (dict(dtype="float16"), ValueError, "dtype must be 'float32' or 'float64'"),
        (dict(prior=1.0), ValueError, "prior"),
    ],
)
def test_config_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        focal.Config(**kwargs)


def test_run_and_train_bad_input():
    with pytest.raises(TypeError, match="config must be a Config"):
        focal.run({"gamma": 2}, seeds=[0])
    with pytest.raises(ValueError, match="seeds must hold at least one seed"):
        focal.run(focal.Config(**TINY), seeds=[])
    with pytest.raises(ValueError, match="workers"):
        focal.run(focal.Config(**TINY), seeds=[0], workers=0)
    with pytest.raises(TypeError, match="config must be a Config"):
        focal.train("focal")
