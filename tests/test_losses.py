"""lazylearn.losses against PyTorch (float64, autograd as the oracle), central differences, errors."""
from __future__ import annotations

import zlib

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from strategies import binary_targets, extreme_logits, logits_and_labels

from lazylearn.losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    DiceLoss,
    FocalLoss,
    HuberLoss,
    JaccardLoss,
    KLDivLoss,
    L1Loss,
    MSELoss,
    MSLELoss,
    OHEMLoss,
    SmoothL1Loss,
    SoftmaxFocalLoss,
)

RTOL, ATOL = 1e-7, 1e-12
# torch warns that KLDivLoss's 'mean' is not the KL divergence; that is what the tests compare
pytestmark = pytest.mark.filterwarnings("ignore:reduction. 'mean' divides:UserWarning")
REDUCTIONS = ["mean", "sum", "none"]
T = torch.tensor


# ----------------------------------------------------------------------------------------------
# Reference implementations in torch for the losses torch.nn lacks
# ----------------------------------------------------------------------------------------------
def torchvision_sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2, reduction="none"):
    """torchvision.ops.sigmoid_focal_loss, line for line (torchvision is not a dependency)."""
    p = torch.sigmoid(inputs)
    ce_loss = torch.nn.functional.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss


def torch_reduce(values, reduction):
    return {"mean": values.mean, "sum": values.sum, "none": lambda: values}[reduction]()


def torch_softmax_focal(x, y, gamma, alpha, reduction):
    logp = torch.log_softmax(x, dim=1)[torch.arange(x.shape[0]), y]
    values = -((1 - logp.exp()) ** gamma) * logp
    if alpha is not None:
        values = torch.tensor(alpha)[y] * values
    return torch_reduce(values, reduction)


def torch_overlap(x, y, smooth, reduction, kind):
    p = torch.sigmoid(x).reshape(x.shape[0], -1)
    y = y.reshape(y.shape[0], -1)
    inter = (p * y).sum(1)
    if kind == "jaccard":
        score = (inter + smooth) / (p.sum(1) + y.sum(1) - inter + smooth)
    else:
        score = (2 * inter + smooth) / (p.sum(1) + y.sum(1) + smooth)
    return torch_reduce(1 - score, reduction)


# ----------------------------------------------------------------------------------------------
# Cases: (id, make ours from reduction, torch loss of (x, y, reduction), data from an rng)
# ----------------------------------------------------------------------------------------------
def regression_data(rng):
    return rng.normal(size=(4, 3)), rng.normal(size=(4, 3))


def positive_data(rng):
    return rng.uniform(-0.9, 3, size=(4, 3)), rng.uniform(-0.9, 3, size=(4, 3))


def probability_data(rng):
    return rng.uniform(0.02, 0.98, size=(5, 3)), rng.uniform(0, 1, size=(5, 3))


def logit_data(rng):
    return rng.normal(scale=3, size=(5, 3)), (rng.uniform(size=(5, 3)) < 0.4).astype(float)


def soft_logit_data(rng):
    return rng.normal(scale=3, size=(5, 3)), rng.uniform(size=(5, 3))


def label_data(rng):
    return rng.normal(scale=2, size=(6, 4)), rng.integers(0, 4, size=6)


def class_probability_data(rng):
    return rng.normal(scale=2, size=(6, 4)), rng.dirichlet(np.ones(4), size=6)


def kl_data(rng):
    return np.log(rng.dirichlet(np.ones(4), size=5)), rng.dirichlet(np.ones(4) * 0.5, size=5)


def mask_data(rng):
    return rng.normal(scale=2, size=(3, 4, 5)), (rng.uniform(size=(3, 4, 5)) < 0.3).astype(float)


WEIGHT3 = np.array([0.5, 2.0, 1.5])
WEIGHT4 = np.array([0.2, 3.0, 1.0, 0.7])
tF = torch.nn.functional

CASES = [
    ("mse", lambda r: MSELoss(r), lambda x, y, r: tF.mse_loss(x, y, reduction=r), regression_data),
    ("l1", lambda r: L1Loss(r), lambda x, y, r: tF.l1_loss(x, y, reduction=r), regression_data),
    ("msle", lambda r: MSLELoss(r), lambda x, y, r: tF.mse_loss(torch.log1p(x), torch.log1p(y), reduction=r),
     positive_data),
    ("huber", lambda r: HuberLoss(r), lambda x, y, r: tF.huber_loss(x, y, reduction=r), regression_data),
    ("huber-delta", lambda r: HuberLoss(r, delta=0.3),
     lambda x, y, r: tF.huber_loss(x, y, reduction=r, delta=0.3), regression_data),
    ("smoothl1", lambda r: SmoothL1Loss(r), lambda x, y, r: tF.smooth_l1_loss(x, y, reduction=r), regression_data),
    ("smoothl1-beta", lambda r: SmoothL1Loss(r, beta=0.4),
     lambda x, y, r: tF.smooth_l1_loss(x, y, reduction=r, beta=0.4), regression_data),
    ("smoothl1-beta0", lambda r: SmoothL1Loss(r, beta=0.0),
     lambda x, y, r: tF.smooth_l1_loss(x, y, reduction=r, beta=0.0), regression_data),
    ("bce", lambda r: BCELoss(reduction=r), lambda x, y, r: tF.binary_cross_entropy(x, y, reduction=r),
     probability_data),
    ("bce-weight", lambda r: BCELoss(WEIGHT3, r),
     lambda x, y, r: tF.binary_cross_entropy(x, y, weight=T(WEIGHT3), reduction=r), probability_data),
    ("bcelogits", lambda r: BCEWithLogitsLoss(reduction=r),
     lambda x, y, r: tF.binary_cross_entropy_with_logits(x, y, reduction=r), soft_logit_data),
    ("bcelogits-weights", lambda r: BCEWithLogitsLoss(WEIGHT3, r, pos_weight=WEIGHT3[::-1].copy()),
     lambda x, y, r: tF.binary_cross_entropy_with_logits(x, y, weight=T(WEIGHT3), reduction=r,
                                                         pos_weight=T(WEIGHT3[::-1].copy())), logit_data),
    ("ce-labels", lambda r: CrossEntropyLoss(reduction=r), lambda x, y, r: tF.cross_entropy(x, y, reduction=r),
     label_data),
    ("ce-labels-weight", lambda r: CrossEntropyLoss(WEIGHT4, r),
     lambda x, y, r: tF.cross_entropy(x, y, weight=T(WEIGHT4), reduction=r), label_data),
    ("ce-probs", lambda r: CrossEntropyLoss(reduction=r), lambda x, y, r: tF.cross_entropy(x, y, reduction=r),
     class_probability_data),
    ("ce-probs-weight", lambda r: CrossEntropyLoss(WEIGHT4, r),
     lambda x, y, r: tF.cross_entropy(x, y, weight=T(WEIGHT4), reduction=r), class_probability_data),
    ("ce-labels-smooth", lambda r: CrossEntropyLoss(reduction=r, label_smoothing=0.2),
     lambda x, y, r: tF.cross_entropy(x, y, reduction=r, label_smoothing=0.2), label_data),
    ("ce-labels-weight-smooth", lambda r: CrossEntropyLoss(WEIGHT4, r, label_smoothing=0.3),
     lambda x, y, r: tF.cross_entropy(x, y, weight=T(WEIGHT4), reduction=r, label_smoothing=0.3), label_data),
    ("ce-probs-weight-smooth", lambda r: CrossEntropyLoss(WEIGHT4, r, label_smoothing=0.1),
     lambda x, y, r: tF.cross_entropy(x, y, weight=T(WEIGHT4), reduction=r, label_smoothing=0.1),
     class_probability_data),
    ("kl", lambda r: KLDivLoss(r), lambda x, y, r: tF.kl_div(x, y, reduction=r), kl_data),
    ("kl-logtarget", lambda r: KLDivLoss(r, log_target=True),
     lambda x, y, r: tF.kl_div(x, torch.log(y), reduction=r, log_target=True), kl_data),
    ("focal", lambda r: FocalLoss(reduction=r), lambda x, y, r: torchvision_sigmoid_focal_loss(x, y, reduction=r),
     logit_data),
    ("focal-soft-alpha-off", lambda r: FocalLoss(alpha=-1, gamma=0.5, reduction=r),
     lambda x, y, r: torchvision_sigmoid_focal_loss(x, y, alpha=-1, gamma=0.5, reduction=r), soft_logit_data),
    ("focal-gamma5", lambda r: FocalLoss(alpha=0.6, gamma=5.0, reduction=r),
     lambda x, y, r: torchvision_sigmoid_focal_loss(x, y, alpha=0.6, gamma=5.0, reduction=r), logit_data),
    ("softmax-focal", lambda r: SoftmaxFocalLoss(reduction=r),
     lambda x, y, r: torch_softmax_focal(x, y, 2.0, None, r), label_data),
    ("softmax-focal-alpha", lambda r: SoftmaxFocalLoss(gamma=1.5, alpha=WEIGHT4, reduction=r),
     lambda x, y, r: torch_softmax_focal(x, y, 1.5, WEIGHT4, r), label_data),
    ("jaccard", lambda r: JaccardLoss(reduction=r), lambda x, y, r: torch_overlap(x, y, 1.0, r, "jaccard"),
     mask_data),
    ("dice", lambda r: DiceLoss(smooth=0.1, reduction=r), lambda x, y, r: torch_overlap(x, y, 0.1, r, "dice"),
     mask_data),
]
CASE_IDS = [c[0] for c in CASES]


def kl_target(case, y):
    return np.log(y) if case == "kl-logtarget" else y


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case, make, torch_loss, data", CASES, ids=CASE_IDS)
def test_value_and_gradient_match_torch(torch64, case, make, torch_loss, data, reduction):
    x, y = data(np.random.default_rng(zlib.crc32(case.encode())))
    loss_fn = make(reduction)
    value = loss_fn(x, kl_target(case, y))
    grad = loss_fn.backward()
    tx = torch.tensor(x, requires_grad=True)
    tvalue = torch_loss(tx, torch.tensor(y), reduction)
    (tvalue if reduction != "none" else tvalue.sum()).backward()
    np.testing.assert_allclose(value, tvalue.detach().numpy(), rtol=RTOL, atol=ATOL)
    assert grad.shape == x.shape
    np.testing.assert_allclose(grad, tx.grad.numpy(), rtol=RTOL, atol=ATOL)
    if reduction == "none":  # grad_output weights each unreduced loss, as torch's backward(gradient)
        g = np.random.default_rng(0).normal(size=np.shape(value))
        tx.grad = None
        torch_loss(tx, torch.tensor(y), reduction).backward(torch.tensor(g))
        np.testing.assert_allclose(loss_fn.backward(g), tx.grad.numpy(), rtol=RTOL, atol=ATOL)
    else:
        assert np.ndim(value) == 0
        np.testing.assert_allclose(loss_fn.backward(2.5), 2.5 * grad, rtol=1e-14)


@pytest.mark.parametrize("case, make, torch_loss, data", CASES, ids=CASE_IDS)
def test_gradient_matches_central_differences(num_grad, case, make, torch_loss, data):
    x, y = data(np.random.default_rng(7))
    y = kl_target(case, y)
    loss_fn = make("mean")
    loss_fn(x, y)
    grad = loss_fn.backward()
    np.testing.assert_allclose(grad, num_grad(lambda z: make("mean")(z, y), x), rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("case, make, torch_loss, data", CASES, ids=CASE_IDS)
def test_float32_in_float32_out(case, make, torch_loss, data):
    x, y = data(np.random.default_rng(1))
    y = kl_target(case, y)
    x32 = x.astype(np.float32)
    y32 = y if y.dtype.kind == "i" else y.astype(np.float32)
    for reduction in REDUCTIONS:
        loss_fn = make(reduction)
        value = loss_fn(x32, y32)
        assert np.asarray(value).dtype == np.float32, reduction
        assert loss_fn.backward().dtype == np.float32
        np.testing.assert_allclose(value, make(reduction)(x, y), rtol=1e-4, atol=1e-5)
    # a float64 target does not turn a float32 computation into float64
    assert np.asarray(make("mean")(x32, y)).dtype == np.float32


@pytest.mark.parametrize("case, make, torch_loss, data", CASES, ids=CASE_IDS)
def test_backward_before_forward_raises(case, make, torch_loss, data):
    with pytest.raises(RuntimeError, match="before forward"):
        make("mean").backward()


# ----------------------------------------------------------------------------------------------
# Specific semantics
# ----------------------------------------------------------------------------------------------
def test_weighted_cross_entropy_mean_divides_by_the_targets_weights():
    x = np.zeros((3, 2))
    y = np.array([0, 1, 1])
    w = np.array([1.0, 3.0])
    # each sample's unweighted loss is log 2; weighted sum = (1 + 3 + 3) log 2; weights sum to 7
    assert float(CrossEntropyLoss(w)(x, y)) == pytest.approx(np.log(2))
    assert float(CrossEntropyLoss(w, "sum")(x, y)) == pytest.approx(7 * np.log(2))


def test_kl_batchmean_divides_by_batch_size(torch64):
    x, y = kl_data(np.random.default_rng(0))
    for reduction in ["batchmean", "mean"]:
        loss_fn = KLDivLoss(reduction)
        value = loss_fn(x, y)
        tx = torch.tensor(x, requires_grad=True)
        tvalue = tF.kl_div(tx, torch.tensor(y), reduction=reduction)
        tvalue.backward()
        np.testing.assert_allclose(value, tvalue.item(), rtol=RTOL)
        np.testing.assert_allclose(loss_fn.backward(), tx.grad.numpy(), rtol=RTOL, atol=ATOL)
    assert float(KLDivLoss("batchmean")(x, y)) == pytest.approx(float(KLDivLoss("sum")(x, y)) / 5)
    # zero target probabilities contribute 0 (0 log 0 = 0), not NaN
    assert float(KLDivLoss("sum")(np.log([[0.5, 0.5]]), np.array([[1.0, 0.0]]))) == pytest.approx(np.log(2))


def test_bce_clamps_logs_at_minus_100_like_torch(torch64):
    x = np.array([0.0, 1.0, 0.0, 1.0])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    loss_fn = BCELoss(reduction="none")
    value = loss_fn(x, y)
    np.testing.assert_allclose(value, [100.0, 100.0, 0.0, 0.0])
    tx = torch.tensor(x, requires_grad=True)
    tF.binary_cross_entropy(tx, torch.tensor(y), reduction="none").sum().backward()
    grad = loss_fn.backward()
    assert np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad, tx.grad.numpy(), rtol=RTOL)


def test_softmax_focal_with_gamma_zero_is_cross_entropy():
    x, y = label_data(np.random.default_rng(4))
    ce, focal = CrossEntropyLoss(reduction="none"), SoftmaxFocalLoss(gamma=0.0, reduction="none")
    np.testing.assert_allclose(focal(x, y), ce(x, y), rtol=1e-12)
    np.testing.assert_allclose(focal.backward(), ce.backward(), rtol=1e-12, atol=1e-15)
    ce_w, focal_w = CrossEntropyLoss(WEIGHT4, reduction="sum"), SoftmaxFocalLoss(0.0, WEIGHT4, reduction="sum")
    np.testing.assert_allclose(focal_w(x, y), ce_w(x, y), rtol=1e-12)
    np.testing.assert_allclose(focal_w.backward(), ce_w.backward(), rtol=1e-12, atol=1e-15)


def test_focal_with_gamma_zero_and_no_alpha_is_bce_with_logits():
    x, y = logit_data(np.random.default_rng(5))
    focal, bce = FocalLoss(alpha=-1, gamma=0.0), BCEWithLogitsLoss()
    np.testing.assert_allclose(focal(x, y), bce(x, y), rtol=1e-12)
    np.testing.assert_allclose(focal.backward(), bce.backward(), rtol=1e-12, atol=1e-15)


def test_focal_down_weights_easy_examples():
    # a confident correct prediction loses much more under focal loss than a hard one does
    ce = BCEWithLogitsLoss(reduction="none")(np.array([4.0, -0.5]), np.array([1.0, 1.0]))
    fl = FocalLoss(alpha=-1, reduction="none")(np.array([4.0, -0.5]), np.array([1.0, 1.0]))
    ratio = fl / ce
    assert ratio[0] < 1e-3 < 0.3 < ratio[1]


@pytest.mark.parametrize("loss_cls", [JaccardLoss, DiceLoss])
def test_overlap_losses_are_in_unit_interval_and_zero_for_a_perfect_mask(loss_cls):
    rng = np.random.default_rng(0)
    y = (rng.uniform(size=(4, 6)) < 0.5).astype(float)
    perfect = np.where(y > 0, 1000.0, -1000.0)
    np.testing.assert_allclose(loss_cls(reduction="none")(perfect, y), 0, atol=1e-12)
    # all wrong: no overlap, and the sums cover every one of the 6 positions, so the score is s / (6 + s)
    np.testing.assert_allclose(loss_cls(reduction="none")(-perfect, y), 1 - 1 / 7, rtol=1e-12)
    values = loss_cls(reduction="none")(rng.normal(scale=5, size=(4, 6)), y)
    assert np.all((values >= 0) & (values <= 1))
    # both masks empty: the smoothing term makes the score 1 and the loss 0
    assert float(loss_cls()(np.full((1, 5), -1000.0), np.zeros((1, 5)))) == pytest.approx(0.0, abs=1e-12)


def test_class_layout_and_defaults_as_pytorch():
    # elementwise losses share a base, not MSELoss; Dice is not a kind of Jaccard
    assert not isinstance(L1Loss(), MSELoss) and not isinstance(HuberLoss(), MSELoss)
    assert not isinstance(MSLELoss(), MSELoss) and not isinstance(SmoothL1Loss(), MSELoss)
    assert not isinstance(DiceLoss(), JaccardLoss)
    assert KLDivLoss().reduction == torch.nn.KLDivLoss().reduction == "mean"
    assert SmoothL1Loss().beta == torch.nn.SmoothL1Loss().beta
    assert CrossEntropyLoss().label_smoothing == torch.nn.CrossEntropyLoss().label_smoothing
    assert repr(CrossEntropyLoss(label_smoothing=0.1)) == "CrossEntropyLoss(reduction='mean', label_smoothing=0.1)"
    # a reduced loss is a 0-d NumPy float: .item() and float() work as on a torch scalar
    loss = CrossEntropyLoss()(np.zeros((2, 2)), [0, 1])
    assert isinstance(loss.item(), float) and loss.item() == pytest.approx(np.log(2))


def test_huber_is_delta_times_smooth_l1():
    x, y = regression_data(np.random.default_rng(9))
    huber, smooth = HuberLoss(delta=0.7), SmoothL1Loss(beta=0.7)
    np.testing.assert_allclose(huber(x, y), 0.7 * smooth(x, y), rtol=1e-12)
    np.testing.assert_allclose(huber.backward(), 0.7 * smooth.backward(), rtol=1e-12)


def test_losses_take_lists_as_pytorch_users_write_them():
    ce = CrossEntropyLoss()
    assert float(ce([[0.0, 0.0]], [1])) == pytest.approx(np.log(2))
    np.testing.assert_allclose(ce.backward(), [[0.5, -0.5]])
    assert float(MSELoss()([1, 2], (1, 4))) == 2.0


# ----------------------------------------------------------------------------------------------
# Extreme logits: finite everywhere, equal to torch where torch is finite
# ----------------------------------------------------------------------------------------------
def compare_extreme(loss_fn, torch_fn, x, y, atol=1e-10, grad_rtol=RTOL):
    value = loss_fn(x, y)
    grad = loss_fn.backward()
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(grad))
    tx = torch.tensor(x, requires_grad=True)
    tvalue = torch_fn(tx, torch.tensor(y))
    tvalue.backward()
    if np.isfinite(tvalue.item()):
        np.testing.assert_allclose(value, tvalue.item(), rtol=RTOL, atol=atol)
    tgrad = tx.grad.numpy()
    finite = np.isfinite(tgrad)
    np.testing.assert_allclose(grad[finite], tgrad[finite], rtol=grad_rtol, atol=atol)


@given(st.data())
def test_bce_with_logits_extreme(data):
    x = data.draw(extreme_logits((3, 4)))
    y = data.draw(binary_targets((3, 4)))
    compare_extreme(BCEWithLogitsLoss(), lambda a, b: tF.binary_cross_entropy_with_logits(a, b), x, y)
    pw = np.array([0.5, 1.0, 2.0, 4.0])
    compare_extreme(BCEWithLogitsLoss(pos_weight=pw, reduction="sum"),
                    lambda a, b: tF.binary_cross_entropy_with_logits(a, b, pos_weight=T(pw), reduction="sum"), x, y)


@given(logits_and_labels())
def test_cross_entropy_extreme(xy):
    x, y = xy
    compare_extreme(CrossEntropyLoss(), lambda a, b: tF.cross_entropy(a, b), x, y)
    w = np.linspace(0.5, 2.0, x.shape[1])
    compare_extreme(CrossEntropyLoss(w, "sum"), lambda a, b: tF.cross_entropy(a, b, weight=T(w), reduction="sum"), x, y)


@given(st.data(), st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0]), st.sampled_from([0.25, -1.0, 0.9]))
def test_focal_extreme(data, gamma, alpha):
    x = data.draw(extreme_logits((3, 4)))
    y = data.draw(binary_targets((3, 4)))
    # torchvision's 1 - p_t cancels (relative error ~1e-16 / (1 - p_t)); ours does not: 1e-6 there
    compare_extreme(FocalLoss(alpha, gamma, "sum"),
                    lambda a, b: torchvision_sigmoid_focal_loss(a, b, alpha, gamma, "sum"), x, y, grad_rtol=1e-6)


def test_focal_gradient_finite_where_the_direct_formula_is_not():
    # gamma < 1: d(1 - p_t)^gamma = gamma (1 - p_t)^(gamma - 1) ... is infinite at 1 - p_t = 0
    x = np.array([1000.0, -1000.0, 40.0, -40.0, 0.0])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    for gamma in [0.0, 0.3, 1.0, 2.0]:
        loss_fn = FocalLoss(gamma=gamma, reduction="none")
        value = loss_fn(x, y)
        grad = loss_fn.backward()
        assert np.all(np.isfinite(value)) and np.all(np.isfinite(grad)), gamma
        assert np.all(np.abs(grad[:4]) < 1e-15)  # confident and correct: nothing to learn


@given(logits_and_labels(), st.sampled_from([0.0, 0.5, 2.0]))
def test_softmax_focal_extreme(xy, gamma):
    x, y = xy
    compare_extreme(SoftmaxFocalLoss(gamma, reduction="sum"),
                    lambda a, b: torch_softmax_focal(a, b, gamma, None, "sum"), x, y, grad_rtol=1e-6)


@given(st.data(), st.sampled_from(["jaccard", "dice"]))
def test_overlap_extreme(data, kind):
    x = data.draw(extreme_logits((2, 5)))
    y = data.draw(binary_targets((2, 5)))
    cls = JaccardLoss if kind == "jaccard" else DiceLoss
    compare_extreme(cls(), lambda a, b: torch_overlap(a, b, 1.0, "mean", kind), x, y)


# ----------------------------------------------------------------------------------------------
# Bad input
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cls", [MSELoss, L1Loss, SmoothL1Loss, MSLELoss, HuberLoss, BCELoss, BCEWithLogitsLoss,
                                 CrossEntropyLoss, FocalLoss, SoftmaxFocalLoss, JaccardLoss, DiceLoss])
def test_unknown_reduction_is_rejected(cls):
    with pytest.raises(ValueError, match="reduction must be one of 'none', 'mean', 'sum'; got 'avg'"):
        cls(reduction="avg")
    with pytest.raises(ValueError, match="reduction"):
        cls(reduction="batchmean")


def test_kl_accepts_batchmean_but_not_unknown_reductions():
    KLDivLoss("batchmean")
    with pytest.raises(ValueError, match="reduction must be one of .*'batchmean'"):
        KLDivLoss("mean_batch")


@pytest.mark.parametrize("cls", [MSELoss, L1Loss, SmoothL1Loss, MSLELoss, HuberLoss, BCELoss, BCEWithLogitsLoss,
                                 FocalLoss, KLDivLoss, JaccardLoss, DiceLoss])
def test_shape_mismatch_names_input_and_target(cls):
    with pytest.raises(ValueError, match=r"input and target must have the same shape; got input \(4,\) and target \(4, 1\)"):
        cls()(np.full(4, 0.5), np.full((4, 1), 0.5))


def test_probabilities_outside_unit_interval_are_rejected():
    with pytest.raises(ValueError, match=r"input must hold probabilities in \[0, 1\]"):
        BCELoss()(np.array([0.5, 1.5]), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="target must hold probabilities"):
        BCELoss()(np.array([0.5, 0.5]), np.array([0.0, 2.0]))
    for cls in [BCEWithLogitsLoss, FocalLoss, JaccardLoss, DiceLoss]:
        with pytest.raises(ValueError, match="target must hold probabilities"):
            cls()(np.zeros((2, 2)), np.array([[0.0, 1.0], [-1.0, 1.0]]))
    with pytest.raises(ValueError, match="target must hold probabilities"):
        CrossEntropyLoss()(np.zeros((2, 2)), np.array([[0.5, 1.5], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="target must hold probabilities"):
        KLDivLoss()(np.zeros((1, 2)), np.array([[2.0, -1.0]]))


def test_msle_needs_values_above_minus_one():
    with pytest.raises(ValueError, match=r"input > -1"):
        MSLELoss()(np.array([-1.0, 0.0]), np.array([0.0, 0.0]))
    with pytest.raises(ValueError, match=r"target > -1"):
        MSLELoss()(np.array([0.0, 0.0]), np.array([0.0, -2.0]))


def test_cross_entropy_label_errors():
    x = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"target must hold class labels in \[0, 3\]; got values from 0 to 4"):
        CrossEntropyLoss()(x, np.array([0, 4, 1]))
    with pytest.raises(ValueError, match=r"target must hold class labels in \[0, 3\]"):
        SoftmaxFocalLoss()(x, np.array([0, -1, 1]))
    with pytest.raises(ValueError, match=r"target must hold one class label per sample, shape \(3,\)"):
        CrossEntropyLoss()(x, np.array([0, 1]))
    with pytest.raises(TypeError, match="target must hold integer class labels"):
        CrossEntropyLoss()(x, np.array([0.5, 1.0, 2.0]))
    with pytest.raises(ValueError, match=r"input of shape \(N, C\)"):
        CrossEntropyLoss()(np.zeros(4), np.array([1]))
    with pytest.raises(ValueError, match="must be float class probabilities"):
        CrossEntropyLoss()(x, np.zeros((3, 4), dtype=int))
    with pytest.raises(ValueError, match=r"weight must have one entry per class \(4\)"):
        CrossEntropyLoss(np.ones(3))(x, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="weight must hold non-negative"):
        CrossEntropyLoss(np.array([1.0, -1.0]))
    with pytest.raises(ValueError, match=r"alpha must have one entry per class \(4\)"):
        SoftmaxFocalLoss(alpha=np.ones(2))(x, np.array([0, 1, 2]))


def test_scalar_argument_errors():
    with pytest.raises(ValueError, match="delta must be a float in"):
        HuberLoss(delta=0.0)
    with pytest.raises(ValueError, match="gamma must be a float in"):
        FocalLoss(gamma=-1.0)
    with pytest.raises(ValueError, match="alpha must be a float in"):
        FocalLoss(alpha=1.5)
    with pytest.raises(ValueError, match="gamma must be"):
        SoftmaxFocalLoss(gamma=-0.5)
    with pytest.raises(ValueError, match="smooth must be"):
        DiceLoss(smooth=0.0)
    with pytest.raises(TypeError, match="log_target must be a bool"):
        KLDivLoss(log_target="yes")
    with pytest.raises(ValueError, match="beta must be a float in"):
        SmoothL1Loss(beta=-0.1)
    with pytest.raises(ValueError, match=r"label_smoothing must be a float in \[0, 1\]"):
        CrossEntropyLoss(label_smoothing=1.5)
    with pytest.raises(TypeError, match="label_smoothing must be a float"):
        CrossEntropyLoss(label_smoothing="0.1")
    with pytest.raises(ValueError, match=r"weight must broadcast to the input's shape \(2, 2\)"):
        BCEWithLogitsLoss(weight=np.ones(3))(np.zeros((2, 2)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"pos_weight must broadcast"):
        BCEWithLogitsLoss(pos_weight=np.ones(3))(np.zeros((2, 2)), np.zeros((2, 2)))


def test_non_finite_and_non_numeric_input_is_rejected():
    with pytest.raises(ValueError, match=r"input must be finite; got 1 NaN"):
        MSELoss()(np.array([np.nan, 1.0]), np.array([0.0, 0.0]))
    with pytest.raises(ValueError, match="target must be finite"):
        CrossEntropyLoss()(np.zeros((1, 2)), np.array([[np.inf, 0.0]]))
    with pytest.raises(TypeError, match="input must be an array of numbers"):
        MSELoss()("abc", np.zeros(3))


def test_grad_output_shape_is_checked():
    loss_fn = MSELoss("none")
    loss_fn(np.zeros(3), np.ones(3))
    with pytest.raises(ValueError, match=r"grad_output must have the shape of the unreduced loss \(3,\)"):
        loss_fn.backward(np.ones(2))
    loss_fn = CrossEntropyLoss()
    loss_fn(np.zeros((2, 3)), np.array([0, 1]))
    with pytest.raises(ValueError, match="grad_output must be a scalar for reduction='mean'"):
        loss_fn.backward(np.ones(2))
    with pytest.raises(ValueError, match="grad_output must be finite"):
        loss_fn.backward(np.nan)
    with pytest.raises(TypeError, match="grad_output must be an array of numbers"):
        loss_fn.backward("1.0")
    # a list or an int is fine, and keeps the input's dtype
    loss_fn = MSELoss("none")
    loss_fn(np.zeros(2, dtype=np.float32), np.ones(2, dtype=np.float32))
    grad = loss_fn.backward([1, 3])
    assert grad.dtype == np.float32
    np.testing.assert_array_equal(grad, [-2.0, -6.0])


# ----------------------------------------------------------------------------------------------
# OHEMLoss: torch's per-element loss, top-k selection, masked mean
# ----------------------------------------------------------------------------------------------
def _ohem_reference(per, selected, reduction):
    """Reduce torch's per-example losses over a boolean mask, as OHEMLoss promises."""
    kept = per * torch.tensor(selected, dtype=per.dtype)
    return {"none": kept, "sum": kept.sum(), "mean": kept.sum() / int(selected.sum())}[reduction]


def _loop_top_k(values, k):
    """The k largest by a plain loop: repeatedly take the first maximum (ties: lower index)."""
    chosen, rest = [], list(range(len(values)))
    for _ in range(min(k, len(values))):
        best = rest[0]
        for i in rest:
            if values[i] > values[best]:
                best = i
        chosen.append(best)
        rest.remove(best)
    return sorted(chosen)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ohem_num_hard_cross_entropy_against_torch(torch64, reduction):
    rng = np.random.default_rng(0)
    logits, labels = rng.normal(size=(9, 4)) * 2, rng.integers(0, 4, 9)
    ohem = OHEMLoss(CrossEntropyLoss(reduction="none"), 3, reduction=reduction)
    value = ohem(logits, labels)
    t = torch64.tensor(logits, requires_grad=True)
    per = torch64.nn.functional.cross_entropy(t, torch64.tensor(labels), reduction="none")
    top = torch64.topk(per, 3).indices.numpy()
    assert np.flatnonzero(ohem.selected_).tolist() == sorted(top.tolist())
    assert np.flatnonzero(ohem.selected_).tolist() == _loop_top_k(per.detach().numpy().tolist(), 3)
    expected = _ohem_reference(per, ohem.selected_, reduction)
    np.testing.assert_allclose(value, expected.detach().numpy(), rtol=1e-12)
    upstream = rng.normal(size=9) if reduction == "none" else None
    grad = ohem.backward(upstream)
    expected.backward(None if upstream is None else torch64.tensor(upstream))
    np.testing.assert_allclose(grad, t.grad.numpy(), rtol=1e-12, atol=1e-15)
    assert np.all(grad[~ohem.selected_] == 0.0)
    assert np.all(np.abs(grad[ohem.selected_]).sum(axis=1) > 0)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ohem_neg_pos_ratio_bce_against_torch(torch64, reduction):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(4, 6)) * 3
    y = (rng.random((4, 6)) < 0.15).astype(float)
    P = int(y.sum())
    ohem = OHEMLoss(BCEWithLogitsLoss(reduction="none"), neg_pos_ratio=1.5, reduction=reduction)
    value = ohem(x, y)
    t = torch64.tensor(x, requires_grad=True)
    per = torch64.nn.functional.binary_cross_entropy_with_logits(t, torch64.tensor(y), reduction="none")
    # independent selection: all positives + ceil(1.5 P) hardest negatives by torch.topk
    flat = per.detach().reshape(-1)
    neg = np.flatnonzero(y.reshape(-1) == 0)
    hardest = neg[torch64.topk(flat[neg], int(np.ceil(1.5 * max(P, 1)))).indices.numpy()]
    mask = (y.reshape(-1) == 1)
    mask[hardest] = True
    np.testing.assert_array_equal(ohem.selected_, mask.reshape(4, 6))
    expected = _ohem_reference(per, mask.reshape(4, 6), reduction)
    np.testing.assert_allclose(value, expected.detach().numpy(), rtol=1e-12)
    upstream = rng.normal(size=(4, 6)) if reduction == "none" else None
    grad = ohem.backward(upstream)
    expected.backward(None if upstream is None else torch64.tensor(upstream))
    np.testing.assert_allclose(grad, t.grad.numpy(), rtol=1e-12, atol=1e-15)
    assert np.all(grad[~ohem.selected_] == 0.0)


def test_ohem_central_differences(num_grad):
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(3, 5)), (rng.random((3, 5)) < 0.3).astype(float)
    for kwargs in ({"num_hard": 4}, {"neg_pos_ratio": 2.0}):
        ohem = OHEMLoss(BCEWithLogitsLoss(reduction="none"), **kwargs)
        ohem(x, y)
        grad, selected = ohem.backward(), ohem.selected_.copy()
        # away from ties the selection is locally constant, so the loss is differentiable
        np.testing.assert_allclose(grad, num_grad(lambda z, o=ohem: o(z, y), x), rtol=1e-6, atol=1e-9)
        assert np.all(grad[~selected] == 0.0)


def test_ohem_by_hand_ties_and_small_batches():
    mse = MSELoss(reduction="none")
    x, t = np.array([1.0, -3.0, 2.0, 0.5]), np.zeros(4)
    ohem_sum = OHEMLoss(mse, 1, reduction="sum")
    assert float(ohem_sum(x, t)) == 9.0
    np.testing.assert_allclose(ohem_sum.backward(2.0), [0.0, -12.0, 0.0, 0.0])
    tie = OHEMLoss(mse, 2)
    tie(np.array([1.0, -1.0, 1.0]), np.zeros(3))
    assert tie.selected_.tolist() == [True, True, False]  # ties: the first examples win
    everything = OHEMLoss(mse, 10)  # num_hard >= N is the plain mean
    assert float(everything(x, t)) == pytest.approx(np.mean(x**2))
    plain = MSELoss()
    plain(x, t)
    np.testing.assert_allclose(everything.backward(), plain.backward())
    np.testing.assert_allclose(OHEMLoss(mse, 2, reduction="none")(x, t), [0.0, 9.0, 4.0, 0.0])
    # neg_pos_ratio with no positive keeps ceil(r) negatives; with few negatives keeps them all
    bce = BCEWithLogitsLoss(reduction="none")
    none_pos = OHEMLoss(bce, neg_pos_ratio=2)
    none_pos(np.array([0.0, 3.0, -1.0, 1.0]), np.zeros(4))
    assert none_pos.selected_.tolist() == [False, True, False, True]
    few_neg = OHEMLoss(bce, neg_pos_ratio=3)
    few_neg(np.array([0.0, 3.0, -1.0]), np.array([1.0, 0.0, 1.0]))
    assert few_neg.selected_.all()
    assert repr(few_neg) == "OHEMLoss(BCEWithLogitsLoss(reduction='none'), neg_pos_ratio=3.0, reduction='mean')"


def test_ohem_float32_stays_float32():
    ohem = OHEMLoss(BCEWithLogitsLoss(reduction="none"), 2)
    x = np.array([[0.5, -1.0, 2.0]], dtype=np.float32)
    assert ohem(x, np.zeros((1, 3), np.float32)).dtype == np.float32
    assert ohem.backward().dtype == np.float32


@pytest.mark.parametrize(
    "args, kwargs, exc, match",
    [
        ((CrossEntropyLoss(), 2), {}, ValueError, "reduction='none'"),
        ((np.mean, 2), {}, TypeError, "criterion"),
        ((MSELoss(reduction="none"),), {}, ValueError, "exactly one of num_hard"),
        ((MSELoss(reduction="none"), 2), {"neg_pos_ratio": 3.0}, ValueError, "exactly one of num_hard"),
        ((MSELoss(reduction="none"), 0), {}, ValueError, "num_hard"),
        ((MSELoss(reduction="none"), 0.5), {}, TypeError, "num_hard"),
        ((MSELoss(reduction="none"), True), {}, TypeError, "num_hard"),
        ((MSELoss(reduction="none"),), {"neg_pos_ratio": 0}, ValueError, "neg_pos_ratio"),
        ((MSELoss(reduction="none"),), {"neg_pos_ratio": "3"}, TypeError, "neg_pos_ratio"),
        ((MSELoss(reduction="none"), 2), {"reduction": "avg"}, ValueError, "reduction"),
    ],
)
def test_ohem_bad_arguments(args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        OHEMLoss(*args, **kwargs)


def test_ohem_bad_calls():
    with pytest.raises(RuntimeError, match="before forward"):
        OHEMLoss(MSELoss(reduction="none"), 1).backward()
    with pytest.raises(ValueError, match="binary targets"):
        OHEMLoss(BCEWithLogitsLoss(reduction="none"), neg_pos_ratio=3)(np.zeros(3), np.full(3, 0.5))
    with pytest.raises(ValueError, match="binary targets"):  # one label per sample, two losses
        OHEMLoss(CrossEntropyLoss(reduction="none"), neg_pos_ratio=3)(np.zeros((2, 3)), np.array([0, 2]))
