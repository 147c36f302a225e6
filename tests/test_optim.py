"""lazylearn.optim against torch.optim: trajectories, state, dtype, in-place updates, validation."""
from __future__ import annotations

import doctest

import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st

from lazylearn.nn import Parameter
from lazylearn.optim import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop

TORCH = {"SGD": torch.optim.SGD, "RMSprop": torch.optim.RMSprop, "Adagrad": torch.optim.Adagrad,
         "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW}

CASES = [
    (SGD, dict(lr=0.05)),
    (SGD, dict(lr=0.05, weight_decay=0.1)),
    (SGD, dict(lr=0.05, momentum=0.9)),
    (SGD, dict(lr=0.05, momentum=0.9, dampening=0.5)),
    (SGD, dict(lr=0.05, momentum=0.9, dampening=0.5, weight_decay=0.05)),
    (SGD, dict(lr=0.05, momentum=0.8, nesterov=True)),
    (SGD, dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.1)),
    (SGD, dict(lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.05, maximize=True)),
    (RMSprop, dict()),
    (RMSprop, dict(lr=0.01, alpha=0.9, eps=1e-6)),
    (RMSprop, dict(lr=0.01, weight_decay=0.1)),
    (RMSprop, dict(lr=0.01, momentum=0.9)),
    (RMSprop, dict(lr=0.01, centered=True)),
    (RMSprop, dict(lr=0.01, centered=True, momentum=0.5, weight_decay=0.05)),
    (RMSprop, dict(lr=0.01, momentum=0.5, weight_decay=0.05, maximize=True)),
    (Adagrad, dict()),
    (Adagrad, dict(lr=0.1, lr_decay=0.05)),
    (Adagrad, dict(lr=0.1, weight_decay=0.1, initial_accumulator_value=0.5, eps=1e-6)),
    (Adagrad, dict(lr=0.1, weight_decay=0.1, maximize=True)),
    (Adam, dict()),
    (Adam, dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6)),
    (Adam, dict(lr=0.02, weight_decay=0.1)),
    (Adam, dict(lr=0.02, betas=(0.0, 0.5))),
    (Adam, dict(lr=0.02, weight_decay=0.1, amsgrad=True)),
    (Adam, dict(lr=0.02, weight_decay=0.1, amsgrad=True, maximize=True)),
    (Adam, dict(lr=0.02, weight_decay=0.1, decoupled_weight_decay=True)),
    (AdamW, dict()),
    (AdamW, dict(lr=0.02, weight_decay=0.3)),
    (AdamW, dict(lr=0.02, weight_decay=0.0, betas=(0.5, 0.9))),
    (AdamW, dict(lr=0.02, weight_decay=0.3, amsgrad=True, maximize=True)),
]
IDS = [f"{cls.__name__}-{'-'.join(f'{k}={v}' for k, v in kw.items()) or 'defaults'}" for cls, kw in CASES]


def _problem(seed, dtype=np.float64):
    """Start values and a noisy quadratic gradient g(w) = c * (w - target) + noise_t."""
    rng = np.random.default_rng(seed)
    shapes = [(4, 3), (4,), (2, 2, 2)]
    starts = [rng.normal(size=s).astype(dtype) for s in shapes]
    scales = [rng.uniform(0.1, 3.0, size=s).astype(dtype) for s in shapes]
    targets = [rng.normal(size=s).astype(dtype) for s in shapes]
    noises = [[rng.normal(scale=0.3, size=s).astype(dtype) for s in shapes] for _ in range(40)]

    def grads(ws, t):
        return [c * (w - tg) + n for w, c, tg, n in zip(ws, scales, targets, noises[t], strict=False)]

    return starts, grads


def _run_pair(cls, kwargs, steps=40, dtype=np.float64, seed=0, lr_changes=None):
    starts, grads = _problem(seed, dtype)
    ours = [Parameter(s.copy()) for s in starts]
    theirs = [torch.tensor(s.copy(), requires_grad=True) for s in starts]
    opt = cls(ours, **kwargs)
    topt = TORCH[cls.__name__](theirs, foreach=False, **kwargs)
    for t in range(steps):
        if lr_changes and t in lr_changes:
            opt.lr = lr_changes[t]
            topt.param_groups[0]["lr"] = lr_changes[t]
        for p, g in zip(ours, grads([p.data for p in ours], t), strict=False):
            p.grad = g
        for p, g in zip(theirs, grads([p.detach().numpy() for p in theirs], t), strict=False):
            p.grad = torch.from_numpy(g.copy())
        opt.step()
        topt.step()
    return ours, theirs, opt, topt


@pytest.mark.parametrize("cls, kwargs", CASES, ids=IDS)
def test_trajectory_matches_torch(cls, kwargs):
    ours, theirs, _, _ = _run_pair(cls, kwargs)
    for p, q in zip(ours, theirs, strict=False):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=1e-7, atol=1e-12)
        # 40 steps moved the parameters: a no-op optimizer cannot pass
    starts, _ = _problem(0)
    assert max(np.abs(p.data - s).max() for p, s in zip(ours, starts, strict=False)) > 1e-3


@pytest.mark.parametrize("cls, kwargs", CASES, ids=IDS)
def test_state_matches_torch(cls, kwargs):
    ours, theirs, opt, topt = _run_pair(cls, kwargs, steps=7)
    for p, q in zip(ours, theirs, strict=False):
        mine, ref = opt.state[p], topt.state[q]
        assert set(mine) == set(ref), (sorted(mine), sorted(ref))
        for key, value in ref.items():
            if key == "step":
                assert mine["step"] == int(value) == 7
            else:
                np.testing.assert_allclose(mine[key], value.numpy(), rtol=1e-7, atol=1e-12, err_msg=key)


@given(st.sampled_from([SGD, RMSprop, Adagrad, Adam, AdamW]), st.floats(1e-4, 0.3), st.floats(0, 0.99),
       st.floats(0, 0.99), st.floats(0, 0.5), st.booleans(), st.integers(0, 10))
def test_random_hyperparameters_match_torch(cls, lr, h1, h2, weight_decay, flag, seed):
    kwargs = {
        SGD: dict(lr=lr, momentum=h1, dampening=0.0 if flag else h2, nesterov=flag and h1 > 0),
        # centered with alpha near 0 estimates the variance of ~1 sample: v - gbar^2 cancels to
        # rounding noise, which no two implementations share; keep alpha in [0.5, 1) there
        RMSprop: dict(lr=lr, alpha=0.5 + h1 / 2 if flag else h1, momentum=h2, centered=flag),
        Adagrad: dict(lr=lr, lr_decay=h1),
        Adam: dict(lr=lr, betas=(h1, h2)),
        AdamW: dict(lr=lr, betas=(h1, h2)),
    }[cls]
    ours, theirs, _, _ = _run_pair(cls, dict(kwargs, weight_decay=weight_decay), steps=15, seed=seed)
    # A diverging run (e.g. centered RMSprop with alpha=0, whose variance estimate is exactly 0, so
    # every step is lr * g / eps) amplifies last-bit rounding into anything, NaN included: compare
    # only runs that stay bounded.
    assume(all(np.all(np.abs(q.detach().numpy()) < 1e6) for q in theirs))
    for p, q in zip(ours, theirs, strict=False):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("cls", [SGD, RMSprop, Adam])
def test_changing_lr_midway_matches_torch(cls):
    kwargs = dict(lr=0.01, momentum=0.9) if cls is not Adam else dict(lr=0.01)
    ours, theirs, _, _ = _run_pair(cls, kwargs, steps=30, lr_changes={10: 0.1, 20: 0.003})
    for p, q in zip(ours, theirs, strict=False):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("cls, kwargs", CASES, ids=IDS)
def test_float32_stays_float32_in_place(cls, kwargs):
    ours, theirs, opt, _ = _run_pair(cls, kwargs, steps=3, dtype=np.float32)
    for p, q in zip(ours, theirs, strict=False):
        assert p.data.dtype == np.float32
        assert all(v.dtype == np.float32 for v in opt.state[p].values() if isinstance(v, np.ndarray))
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=2e-5, atol=1e-6)


@pytest.mark.parametrize("cls, kwargs", CASES, ids=IDS)
def test_updates_in_place_and_leaves_grad_alone(cls, kwargs):
    w = Parameter(np.array([[1.0, -2.0], [0.5, 3.0]]))
    data = w.data
    grad = np.array([[0.3, -0.2], [1.0, 0.1]])
    w.grad = grad
    opt = cls([w], **kwargs)
    opt.step()
    opt.step()
    assert w.data is data  # the same array: models and other references see the update
    assert w.grad is grad
    np.testing.assert_array_equal(grad, [[0.3, -0.2], [1.0, 0.1]])
    assert not np.array_equal(data, [[1.0, -2.0], [0.5, 3.0]])


def test_numpy_float64_lr_does_not_upcast_float32():
    w = Parameter(np.ones(3, dtype=np.float32))
    opt = SGD([w], lr=np.float64(0.1), momentum=np.float64(0.9))
    w.grad = np.ones(3, dtype=np.float32)
    opt.lr = np.logspace(-2, -1, 3)[1]
    opt.step()
    assert w.data.dtype == np.float32 and isinstance(opt.lr, float)


@pytest.mark.parametrize("cls, kwargs", CASES, ids=IDS)
def test_parameters_without_grad_are_skipped(cls, kwargs):
    a, b = Parameter(np.ones(3)), Parameter(np.ones(2))
    opt = cls([a, b], **kwargs)
    a.grad = np.full(3, 0.5)
    opt.step()
    np.testing.assert_array_equal(b.data, np.ones(2))
    assert b not in opt.state or not opt.state[b]
    assert not np.array_equal(a.data, np.ones(3))


def test_zero_grad_sets_none_by_default_or_zeros():
    a, b = Parameter(np.ones(2)), Parameter(np.ones(2))
    opt = SGD([a, b], lr=0.1)
    a.grad, b.grad = np.ones(2), None
    opt.zero_grad()
    assert a.grad is None and b.grad is None
    a.grad = np.ones(2)
    g = a.grad
    opt.zero_grad(set_to_none=False)
    assert a.grad is g and not g.any() and b.grad is None


def test_momentum_average_form_is_sgd_with_rescaled_lr():
    """Course notes: v = a v - (1-a) g, w += eta v  ==  SGD(lr=(1-a) eta, momentum=a)."""
    a, eta = 0.9, 0.5
    starts, grads = _problem(3)
    w_avg = [s.copy() for s in starts]
    v = [np.zeros_like(s) for s in starts]
    params = [Parameter(s.copy()) for s in starts]
    opt = SGD(params, lr=(1 - a) * eta, momentum=a)
    for t in range(40):
        for i, g in enumerate(grads(w_avg, t)):
            v[i] = a * v[i] - (1 - a) * g
            w_avg[i] = w_avg[i] + eta * v[i]
        for p, g in zip(params, grads([p.data for p in params], t), strict=False):
            p.grad = g
        opt.step()
    for p, w in zip(params, w_avg, strict=False):
        np.testing.assert_allclose(p.data, w, rtol=1e-9, atol=1e-12)


def test_closure_is_called_and_its_loss_returned():
    w = Parameter(np.array([2.0]))
    opt = Adam([w], lr=0.1)

    def closure():
        w.grad = 2 * w.data
        return float(w.data[0] ** 2)

    assert opt.step(closure) == 4.0
    assert w.data[0] < 2.0


def test_state_dict_round_trip_resumes_exactly():
    starts, grads = _problem(1)
    params = [Parameter(s.copy()) for s in starts]
    opt = Adam(params, lr=0.05, weight_decay=0.01)

    def run(t0, t1):
        for t in range(t0, t1):
            for p, g in zip(params, grads([p.data for p in params], t), strict=False):
                p.grad = g
            opt.step()

    run(0, 5)
    saved_opt, saved_w = opt.state_dict(), [p.data.copy() for p in params]
    run(5, 10)
    first = [p.data.copy() for p in params]
    opt.lr = 1.0  # load_state_dict must restore it
    for p, w in zip(params, saved_w, strict=False):
        p.data[...] = w
    opt.load_state_dict(saved_opt)
    assert opt.lr == 0.05
    run(5, 10)
    for p, w in zip(params, first, strict=False):
        np.testing.assert_array_equal(p.data, w)


def test_subclassing_optimizer():
    class SignSGD(Optimizer):
        def __init__(self, params, lr=1e-3):
            super().__init__(params, dict(lr=lr))

        def step(self):
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    state = self.state[p]
                    state["step"] = state.get("step", 0) + 1
                    p.data -= group["lr"] * np.sign(p.grad)

    w, unused = Parameter(np.array([1.0, 1.0, 1.0])), Parameter(np.ones(2))
    opt = SignSGD([w, unused], lr=0.25)
    w.grad = np.array([10.0, -0.1, 0.0])
    opt.step()
    np.testing.assert_array_equal(w.data, [0.75, 1.25, 1.0])
    assert opt.state[w]["step"] == 1 and unused not in opt.state
    assert opt.defaults == {"lr": 0.25} and opt.param_groups == [{"params": [w, unused], "lr": 0.25}]
    opt.lr = 0.5
    assert opt.lr == 0.5 == opt.param_groups[0]["lr"]
    opt.param_groups[0]["lr"] = 0.125  # the PyTorch idiom; the shortcut follows it
    assert opt.lr == 0.125
    assert "SignSGD" in repr(opt) and "lr: 0.125" in repr(opt)


def test_base_class_step_and_defaults_errors():
    with pytest.raises(NotImplementedError, match="must implement step"):
        Optimizer([Parameter(np.ones(1))], {"lr": 0.1}).step()
    with pytest.raises(TypeError, match="defaults must be a dict holding 'lr'"):
        Optimizer([Parameter(np.ones(1))], {"momentum": 0.1})


def test_params_can_be_a_generator_of_model_parameters():
    params = [Parameter(np.ones(2)), Parameter(np.ones(3))]
    opt = SGD((p for p in params), lr=0.1)
    assert opt.param_groups[0]["params"] == params


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda p: SGD(p, lr=-0.1), ValueError, r"lr must be a float in \[0, inf\); got -0.1\."),
        (lambda p: SGD(p, lr="0.1"), TypeError, "lr must be a float"),
        (lambda p: SGD(p, lr=0.1, momentum=-0.5), ValueError, r"momentum must be a float in \[0, inf\)"),
        (lambda p: SGD(p, lr=0.1, weight_decay=-1), ValueError, r"weight_decay must be a float in \[0, inf\)"),
        (lambda p: SGD(p, lr=0.1, nesterov=True), ValueError,
         "Nesterov momentum requires a momentum and zero dampening"),
        (lambda p: SGD(p, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), ValueError,
         "Nesterov momentum requires a momentum and zero dampening"),
        (lambda p: SGD(p, lr=0.1, nesterov=1), TypeError, "nesterov must be a bool"),
        (lambda p: RMSprop(p, alpha=1.5), ValueError, r"alpha must be a float in \[0, 1\]"),
        (lambda p: RMSprop(p, eps=-1e-8), ValueError, r"eps must be a float in \[0, inf\)"),
        (lambda p: RMSprop(p, momentum=-0.1), ValueError, "momentum must be"),
        (lambda p: RMSprop(p, centered="yes"), TypeError, "centered must be a bool"),
        (lambda p: Adagrad(p, lr_decay=-0.1), ValueError, "lr_decay must be"),
        (lambda p: Adagrad(p, initial_accumulator_value=-1), ValueError, "initial_accumulator_value must be"),
        (lambda p: Adagrad(p, eps=-1), ValueError, "eps must be"),
        (lambda p: Adam(p, betas=(1.0, 0.999)), ValueError, r"betas\[0\] must be a float in \[0, 1\); got 1.0"),
        (lambda p: Adam(p, betas=(0.9, -0.1)), ValueError, r"betas\[1\] must be a float in \[0, 1\)"),
        (lambda p: Adam(p, betas=0.9), TypeError, "betas must be a tuple of two floats"),
        (lambda p: Adam(p, eps=-1.0), ValueError, "eps must be"),
        (lambda p: AdamW(p, weight_decay=-0.01), ValueError, "weight_decay must be"),
    ],
)
def test_bad_hyperparameters_raise(make, error, match):
    with pytest.raises(error, match=match):
        make([Parameter(np.ones(2))])


def test_bad_params_raise():
    with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
        SGD([], lr=0.1)
    with pytest.raises(TypeError, match=r"Wrap it in a list: \[param\]"):
        SGD(Parameter(np.ones(2)), lr=0.1)
    with pytest.raises(TypeError, match=r"params\[1\] must be a lazylearn.nn.Parameter; got ndarray"):
        Adam([Parameter(np.ones(2)), np.ones(2)])
    with pytest.raises(TypeError, match="params must be an iterable of Parameters"):
        Adam(3)
    from lazylearn.nn import Linear
    with pytest.raises(TypeError, match=r"got Linear\. Pass model\.parameters\(\)"):
        Adam(Linear(2, 1))
    p = Parameter(np.ones(2))
    with pytest.raises(ValueError, match="the same Parameter more than once"):
        Adam([p, p])


def test_lr_setter_validates_and_grad_shape_is_checked():
    p = Parameter(np.ones(2))
    opt = SGD([p], lr=0.1)
    with pytest.raises(ValueError, match=r"lr must be a float in \[0, inf\); got -1"):
        opt.lr = -1
    assert opt.lr == 0.1
    p.grad = np.ones(3)
    with pytest.raises(ValueError, match=r"shape \(2,\) has a grad of shape \(3,\)"):
        opt.step()
    p.grad = [1.0, 1.0]
    with pytest.raises(TypeError, match="grad must be a NumPy array"):
        opt.step()
    np.testing.assert_array_equal(p.data, [1.0, 1.0])


def test_docstring_examples_run():
    from lazylearn.optim import adagrad, adam, optimizer, rmsprop, sgd

    attempted = 0
    for module in (optimizer, sgd, rmsprop, adagrad, adam):
        result = doctest.testmod(module, raise_on_error=False)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted >= 15


# ---------------------------------------------------------------------------- parameter groups
GROUP_CASES = [
    (SGD, dict(lr=0.05, momentum=0.9), [dict(lr=0.2), dict(momentum=0.5, dampening=0.2), dict(weight_decay=0.1)]),
    (SGD, dict(lr=0.05, momentum=0.8, nesterov=True), [dict(lr=0.01), dict(), dict(weight_decay=0.3)]),
    (RMSprop, dict(lr=0.01), [dict(lr=0.03, centered=True), dict(momentum=0.5), dict(alpha=0.9)]),
    (Adagrad, dict(lr=0.1), [dict(lr=0.3), dict(lr_decay=0.1), dict(weight_decay=0.1)]),
    (Adam, dict(lr=0.02), [dict(lr=0.001), dict(betas=(0.5, 0.9), amsgrad=True), dict(weight_decay=0.1)]),
    (AdamW, dict(lr=0.02), [dict(lr=0.05, weight_decay=0.5), dict(), dict(amsgrad=True)]),
]


@pytest.mark.parametrize("cls, defaults, overrides", GROUP_CASES, ids=[c[0].__name__ for c in GROUP_CASES])
def test_parameter_groups_with_their_own_hyperparameters_match_torch(cls, defaults, overrides):
    starts, grads = _problem(5)
    ours = [Parameter(s.copy()) for s in starts]
    theirs = [torch.tensor(s.copy(), requires_grad=True) for s in starts]
    opt = cls([dict(params=[p], **o) for p, o in zip(ours, overrides, strict=False)], **defaults)
    topt = TORCH[cls.__name__]([dict(params=[q], **o) for q, o in zip(theirs, overrides, strict=False)], foreach=False, **defaults)
    assert [g["lr"] for g in opt.param_groups] == [g["lr"] for g in topt.param_groups]
    for t in range(40):
        for p, g in zip(ours, grads([p.data for p in ours], t), strict=False):
            p.grad = g
        for q, g in zip(theirs, grads([q.detach().numpy() for q in theirs], t), strict=False):
            q.grad = torch.from_numpy(g.copy())
        opt.step()
        topt.step()
    for p, q in zip(ours, theirs, strict=False):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=1e-7, atol=1e-12)
    # the same run with one group would differ: the per-group values were used
    single, _, _, _ = _run_pair(cls, defaults, seed=5)
    assert any(not np.allclose(p.data, r.data) for p, r in zip(ours, single, strict=False))


def test_param_groups_hold_every_hyperparameter_and_add_param_group_fills_defaults():
    a, b = Parameter(np.ones(2)), Parameter(np.ones(3))
    opt = SGD([a], lr=0.1, momentum=0.9)
    assert opt.defaults == dict(lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=False,
                                maximize=False)
    assert opt.param_groups == [dict(params=[a], **opt.defaults)]
    opt.add_param_group({"params": [b], "lr": 0.01})
    assert opt.param_groups[1] == dict(opt.defaults, params=[b], lr=0.01)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [a]})
    with pytest.raises(ValueError, match=r"SGD has no hyperparameter \['betas'\]"):
        opt.add_param_group({"params": [Parameter(np.ones(1))], "betas": (0.9, 0.99)})
    with pytest.raises(ValueError, match=r"lr must be a float in \[0, inf\); got -1"):
        opt.add_param_group({"params": [Parameter(np.ones(1))], "lr": -1})
    with pytest.raises(TypeError, match="a parameter group must be a dict with a 'params' entry"):
        opt.add_param_group([Parameter(np.ones(1))])
    with pytest.raises(ValueError, match="Nesterov momentum requires"):
        SGD([{"params": [Parameter(np.ones(1))], "nesterov": True}], lr=0.1)
    assert len(opt.param_groups) == 2


def test_lr_shortcut_never_disagrees_and_refuses_several_groups():
    a, b = Parameter(np.ones(2)), Parameter(np.ones(2))
    opt = Adam([a], lr=0.1)
    opt.lr = 0.2
    assert opt.param_groups[0]["lr"] == 0.2 == opt.lr
    opt.param_groups[0]["lr"] = 0.3
    assert opt.lr == 0.3
    assert opt.defaults["lr"] == 0.1  # defaults are what new groups get, not the current rate
    opt.add_param_group({"params": [b]})
    with pytest.raises(AttributeError, match=r"has 2 groups, each with its own lr: read optimizer.param_groups"):
        _ = opt.lr
    with pytest.raises(AttributeError, match=r"set optimizer.param_groups\[i\]\['lr'\]"):
        opt.lr = 0.1


def test_zero_grad_covers_every_group():
    a, b = Parameter(np.ones(2)), Parameter(np.ones(2))
    opt = SGD([{"params": [a]}, {"params": [b], "lr": 1.0}], lr=0.1)
    a.grad, b.grad = np.ones(2), np.ones(2)
    opt.zero_grad()
    assert a.grad is None and b.grad is None


@pytest.mark.parametrize("cls, kwargs", CASES, ids=IDS)
def test_state_dict_round_trip_resumes_exactly_in_torchs_format(cls, kwargs):
    starts, grads = _problem(1)
    params = [Parameter(s.copy()) for s in starts]
    opt = cls([{"params": params[:1]}, {"params": params[1:], "lr": 0.01}], **kwargs)

    def run(t0, t1):
        for t in range(t0, t1):
            for p, g in zip(params, grads([p.data for p in params], t), strict=False):
                p.grad = g
            opt.step()

    run(0, 5)
    saved_opt, saved_w = opt.state_dict(), [p.data.copy() for p in params]
    assert saved_opt["param_groups"][0]["params"] == [0] and saved_opt["param_groups"][1]["params"] == [1, 2]
    assert set(saved_opt["state"]) <= {0, 1, 2}
    run(5, 10)
    first = [p.data.copy() for p in params]
    opt.param_groups[1]["lr"] = 1.0  # load_state_dict must restore it
    for p, w in zip(params, saved_w, strict=False):
        p.data[...] = w
    opt.load_state_dict(saved_opt)
    assert opt.param_groups[1]["lr"] == 0.01 and opt.param_groups[1]["params"] == params[1:]
    run(5, 10)
    for p, w in zip(params, first, strict=False):
        np.testing.assert_array_equal(p.data, w)
    # the saved dict was a copy: running on did not change it
    np.testing.assert_array_equal(opt.state_dict()["param_groups"][0]["params"], [0])


def test_load_state_dict_rejects_a_different_layout():
    opt = SGD([Parameter(np.ones(2)), Parameter(np.ones(2))], lr=0.1)
    other = SGD([Parameter(np.ones(2))], lr=0.1)
    with pytest.raises(ValueError, match="different number of parameter groups or of parameters"):
        opt.load_state_dict(other.state_dict())
    with pytest.raises(TypeError, match="state_dict must be a dict returned by Optimizer.state_dict"):
        opt.load_state_dict({"lr": 0.1})


@pytest.mark.parametrize("amsgrad", [False, True])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fused_adam_update_equals_its_plain_form(amsgrad, dtype):
    from lazylearn.optim.adam import adam_update_

    rng = np.random.default_rng(0)
    shape = (300, 400)  # large enough for NumPy's in-place elision of temporaries to apply
    param, exp_avg = rng.normal(size=shape).astype(dtype), rng.normal(size=shape).astype(dtype) * 0.1
    exp_avg_sq = rng.uniform(0, 1, size=shape).astype(dtype)
    max_sq = rng.uniform(0, 1, size=shape).astype(dtype) if amsgrad else None
    plain = [a.copy() if a is not None else None for a in (param, exp_avg, exp_avg_sq, max_sq)]
    kw = dict(beta1=0.9, beta2=0.999, step_size=1e-3 / (1 - 0.9**3), bias_correction2_sqrt=(1 - 0.999**3) ** 0.5,
              eps=1e-8)
    for _ in range(3):
        grad = rng.normal(size=shape).astype(dtype)
        adam_update_(param, grad, exp_avg, exp_avg_sq, max_sq, **kw)
        # the plain form of the helper's docstring
        p_param, p_avg, p_sq, p_max = plain
        p_avg += (1 - kw["beta1"]) * (grad - p_avg)
        p_sq *= kw["beta2"]
        p_sq += (1 - kw["beta2"]) * grad * grad
        v = p_sq
        if p_max is not None:
            np.maximum(p_max, p_sq, out=p_max)
            v = p_max
        denom = np.sqrt(v) / kw["bias_correction2_sqrt"] + kw["eps"]
        p_param -= kw["step_size"] * (p_avg / denom)
    for fused, ref in zip((param, exp_avg, exp_avg_sq, max_sq), plain, strict=False):
        if ref is not None:
            assert fused.dtype == dtype
            np.testing.assert_array_equal(fused, ref)
