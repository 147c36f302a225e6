"""lazylearn.nn.modules against torch.nn (float64), central differences, and the Module contract."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given
from strategies import arrays, extreme_logits

from lazylearn.nn import (
    BatchNorm1d,
    Dropout,
    Flatten,
    LeakyReLU,
    Linear,
    LogSoftmax,
    Module,
    Parameter,
    PReLU,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Tanh,
)

RTOL, ATOL = 1e-7, 1e-10


def close(actual, expected, rtol=RTOL, atol=ATOL):
    expected = expected.detach().numpy() if isinstance(expected, torch.Tensor) else expected
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


def run_both(layer, torch_layer, x, g):
    """Forward and backward through both layers; return (ours out, ours dx, torch out, torch dx)."""
    layer.needs_input_grad = True  # for a Sequential: return dL/dx too, as tx.requires_grad
    out = layer(x)
    dx = layer.backward(g)
    tx = torch.tensor(x, requires_grad=True)
    tout = torch_layer(tx)
    tout.backward(torch.tensor(g))
    return out, dx, tout, tx.grad


def torch_linear(layer):
    t = torch.nn.Linear(layer.in_features, layer.out_features, bias=layer.bias is not None, dtype=torch.float64)
    with torch.no_grad():
        t.weight.copy_(torch.tensor(layer.weight.data))
        if layer.bias is not None:
            t.bias.copy_(torch.tensor(layer.bias.data))
    return t


# ----------------------------------------------------------------------------------------------
# Parameter and Module
# ----------------------------------------------------------------------------------------------
def test_parameter_holds_data_and_no_grad():
    p = Parameter([1, 2, 3])
    assert p.data.dtype == np.float64 and p.grad is None and p.shape == (3,)


def test_zero_grad_sets_none_as_pytorch_2_and_parameters_are_recursive():
    model = Sequential(Linear(3, 4, rng=0), ReLU(), Sequential(Linear(4, 2, rng=1), PReLU()))
    names = [n for n, _ in model.named_parameters()]
    assert names == ["0.weight", "0.bias", "2.0.weight", "2.0.bias", "2.1.weight"]
    assert len(model.parameters()) == 5
    model(np.ones((2, 3)))
    model.backward(np.ones((2, 2)))
    assert all(p.grad is not None and np.any(p.grad != 0) for p in model.parameters())
    grads = [p.grad for p in model.parameters()]
    model.zero_grad(set_to_none=False)
    for p, g in zip(model.parameters(), grads, strict=True):
        assert p.grad is g and not np.any(p.grad)  # zeros, in the same arrays
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    t = torch.nn.Linear(2, 2)
    t(torch.ones(1, 2)).sum().backward()
    t.zero_grad()
    assert t.weight.grad is None  # what PyTorch 2 does
    # the next backward starts from None: the fresh gradient, not zeros plus it
    model(np.ones((2, 3)))
    model.backward(np.ones((2, 2)))
    first = [p.grad.copy() for p in model.parameters()]
    model.zero_grad()
    model(np.ones((2, 3)))
    model.backward(np.ones((2, 2)))
    for p, g in zip(model.parameters(), first, strict=True):
        np.testing.assert_array_equal(p.grad, g)


def test_train_eval_propagate():
    model = Sequential(Linear(2, 2, rng=0), Dropout(0.5), Sequential(BatchNorm1d(2)))
    assert model.eval() is model
    assert all(not m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())
    with pytest.raises(TypeError, match="mode"):
        model.train("yes")


def test_state_dict_is_a_copy_and_load_restores_in_place():
    model = Sequential(Linear(3, 2, rng=0), BatchNorm1d(2))
    state = model.state_dict()
    assert set(state) == {"0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                          "1.num_batches_tracked"}
    weight_array = model[0].weight.data
    before = weight_array.copy()
    weight_array += 1.0
    model(np.random.default_rng(0).normal(size=(8, 3)))  # changes the running statistics
    assert np.array_equal(state["0.weight"], before)  # the saved copy did not move
    assert int(model[1].num_batches_tracked) == 1
    model.load_state_dict(state)
    assert model[0].weight.data is weight_array  # restored in place: optimizers keep their arrays
    assert np.array_equal(weight_array, before)
    assert np.array_equal(model[1].running_mean, np.zeros(2)) and int(model[1].num_batches_tracked) == 0
    state["0.weight"][:] = 7.0
    assert not np.any(model[0].weight.data == 7.0)  # load copied
    with pytest.raises(KeyError, match="missing keys"):
        model.load_state_dict({"0.weight": before})
    bad = model.state_dict()
    bad["0.weight"] = np.zeros((5, 5))
    with pytest.raises(ValueError, match="0.weight"):
        model.load_state_dict(bad)


def test_repr_prints_the_tree():
    model = Sequential(Linear(3, 4, rng=0), ReLU(), Dropout(0.25))
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Linear(in_features=3, out_features=4, bias=True)\n"
        "  (1): ReLU()\n"
        "  (2): Dropout(p=0.25)\n"
        ")"
    )


def test_sequential_indexing_len_iter_append():
    layers = [Linear(2, 3, rng=0), Tanh(), Linear(3, 1, rng=1)]
    model = Sequential(*layers)
    assert len(model) == 3 and model[1] is layers[1] and model[-1] is layers[2]
    assert list(model) == layers
    sub = model[:2]
    assert isinstance(sub, Sequential) and len(sub) == 2 and sub[0] is layers[0]
    model.append(Sigmoid())
    assert len(model) == 4
    with pytest.raises(TypeError, match="Modules"):
        Sequential(Linear(2, 2), "relu")


@pytest.mark.parametrize("layer", [Linear(3, 2), ReLU(), LeakyReLU(), PReLU(), Sigmoid(), Tanh(), Softmax(1),
                                   BatchNorm1d(3), Dropout(0.5), Sequential(Linear(3, 3), ReLU())])
def test_backward_before_forward_raises(layer):
    with pytest.raises(RuntimeError, match="before forward"):
        layer.backward(np.ones((2, 3)))


def test_module_subclass_without_forward_says_so():
    with pytest.raises(NotImplementedError, match="forward"):
        Module()(np.ones(2))


# ----------------------------------------------------------------------------------------------
# Linear
# ----------------------------------------------------------------------------------------------
def test_linear_initialisation_is_pytorchs_uniform_and_seeded():
    layer = Linear(400, 300, rng=0)
    bound = 1 / np.sqrt(400)
    assert layer.weight.data.shape == (300, 400) and layer.bias.data.shape == (300,)
    assert np.abs(layer.weight.data).max() <= bound and np.abs(layer.bias.data).max() <= bound
    # U(-k, k) has variance k^2 / 3; 120,000 draws pin it to about 1%.
    assert np.var(layer.weight.data) == pytest.approx(bound**2 / 3, rel=0.03)
    assert abs(np.mean(layer.weight.data)) < 0.01 * bound
    assert np.array_equal(Linear(400, 300, rng=0).weight.data, layer.weight.data)
    assert not np.array_equal(Linear(400, 300, rng=1).weight.data, layer.weight.data)
    assert Linear(3, 2, bias=False).bias is None


@pytest.mark.parametrize("bias", [True, False])
def test_linear_matches_torch(torch64, bias):
    rng = np.random.default_rng(0)
    layer = Linear(4, 3, bias=bias, rng=1)
    t = torch_linear(layer)
    x, g = rng.normal(size=(5, 4)), rng.normal(size=(5, 3))
    out, dx, tout, tdx = run_both(layer, t, x, g)
    close(out, tout)
    close(dx, tdx)
    close(layer.weight.grad, t.weight.grad)
    if bias:
        close(layer.bias.grad, t.bias.grad)


def test_linear_accepts_a_single_sample(torch64):
    layer = Linear(4, 2, rng=0)
    t = torch_linear(layer)
    x, g = np.arange(4.0), np.array([1.0, -2.0])
    out, dx, tout, tdx = run_both(layer, t, x, g)
    close(out, tout)
    close(dx, tdx)
    close(layer.weight.grad, t.weight.grad)


def test_linear_gradients_accumulate_until_zero_grad():
    layer = Linear(3, 2, rng=0)
    x, g = np.ones((4, 3)), np.ones((4, 2))
    layer(x)
    layer.backward(g)
    once_w, once_b = layer.weight.grad.copy(), layer.bias.grad.copy()
    layer.backward(g)
    np.testing.assert_allclose(layer.weight.grad, 2 * once_w)
    np.testing.assert_allclose(layer.bias.grad, 2 * once_b)
    layer.zero_grad()
    layer.backward(g)
    np.testing.assert_allclose(layer.weight.grad, once_w)


def test_linear_without_needs_input_grad_skips_only_the_input_gradient():
    rng = np.random.default_rng(0)
    a, b = Linear(4, 3, rng=2), Linear(4, 3, rng=2)
    x, g = rng.normal(size=(6, 4)), rng.normal(size=(6, 3))
    a(x), b(x)
    a.needs_input_grad = False
    assert a.backward(g) is None
    assert b.backward(g).shape == (6, 4)
    np.testing.assert_array_equal(a.weight.grad, b.weight.grad)
    np.testing.assert_array_equal(a.bias.grad, b.bias.grad)


def test_linear_central_differences(num_grad):
    rng = np.random.default_rng(3)
    layer = Linear(3, 2, rng=0)
    x, r = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    layer(x)
    dx = layer.backward(r)
    np.testing.assert_allclose(dx, num_grad(lambda z: np.sum(layer(z) * r), x), rtol=1e-6, atol=1e-8)
    w = layer.weight.data

    def loss_of_w(new_w):
        old = w.copy()
        w[...] = new_w
        value = np.sum(layer(x) * r)
        w[...] = old
        return value

    np.testing.assert_allclose(layer.weight.grad, num_grad(loss_of_w, w.copy()), rtol=1e-6, atol=1e-8)


def test_linear_rejects_wrong_feature_count_naming_in_features():
    with pytest.raises(ValueError) as info:
        Linear(3, 2)(np.ones((5, 4)))
    assert str(info.value) == "Linear expected input with 3 features (in_features=3); got shape (5, 4)."
    with pytest.raises(ValueError, match="in_features=3"):
        Linear(3, 2)(np.ones((2, 2, 3)))


def test_linear_rejects_bad_constructor_arguments_and_grad_output():
    with pytest.raises(ValueError, match="in_features"):
        Linear(0, 2)
    with pytest.raises(TypeError, match="out_features"):
        Linear(2, 2.5)
    with pytest.raises(TypeError, match="rng"):
        Linear(2, 2, rng="seed")
    with pytest.raises(TypeError, match="dtype"):
        Linear(2, 2, dtype=np.int32)
    with pytest.raises(TypeError, match="input"):
        Linear(2, 2)("abc")
    layer = Linear(2, 3)
    layer(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"grad_output of shape \(4, 3\)"):
        layer.backward(np.ones((4, 2)))


# ----------------------------------------------------------------------------------------------
# Activations
# ----------------------------------------------------------------------------------------------
ACTIVATIONS = [
    (ReLU, lambda: torch.nn.ReLU(), {}),
    (LeakyReLU, lambda: torch.nn.LeakyReLU(0.01), {}),
    (LeakyReLU, lambda: torch.nn.LeakyReLU(0.2), {"negative_slope": 0.2}),
    (Sigmoid, lambda: torch.nn.Sigmoid(), {}),
    (Tanh, lambda: torch.nn.Tanh(), {}),
    (Softmax, lambda: torch.nn.Softmax(dim=1), {"dim": 1}),
    (Softmax, lambda: torch.nn.Softmax(dim=0), {"dim": 0}),
    (Softmax, lambda: torch.nn.Softmax(dim=-1), {"dim": -1}),
]


@pytest.mark.parametrize("cls, make_torch, kwargs", ACTIVATIONS)
def test_activation_matches_torch(torch64, cls, make_torch, kwargs):
    rng = np.random.default_rng(0)
    x, g = rng.normal(scale=3, size=(5, 4)), rng.normal(size=(5, 4))
    out, dx, tout, tdx = run_both(cls(**kwargs), make_torch(), x, g)
    close(out, tout)
    close(dx, tdx)


@pytest.mark.parametrize("cls, make_torch, kwargs", ACTIVATIONS)
def test_activation_central_differences(num_grad, cls, make_torch, kwargs):
    rng = np.random.default_rng(1)
    x, r = rng.normal(scale=2, size=(3, 4)), rng.normal(size=(3, 4))
    x[np.abs(x) < 1e-3] = 0.5  # keep away from the kinks of ReLU-like functions
    layer = cls(**kwargs)
    layer(x)
    np.testing.assert_allclose(layer.backward(r), num_grad(lambda z: np.sum(layer(z) * r), x), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("num_parameters, shape", [(1, (5, 3)), (3, (5, 3)), (3, (4, 3, 2)), (1, (6,))])
def test_prelu_matches_torch(torch64, num_parameters, shape):
    rng = np.random.default_rng(0)
    layer = PReLU(num_parameters, init=0.1)
    layer.weight.data[:] = rng.uniform(0.05, 0.5, size=num_parameters)
    t = torch.nn.PReLU(num_parameters)
    with torch.no_grad():
        t.weight.copy_(torch.tensor(layer.weight.data))
    x, g = rng.normal(size=shape), rng.normal(size=shape)
    out, dx, tout, tdx = run_both(layer, t, x, g)
    close(out, tout)
    close(dx, tdx)
    close(layer.weight.grad, t.weight.grad)


def test_prelu_defaults_and_accumulation_and_bad_channels():
    layer = PReLU()
    assert layer.weight.data.shape == (1,) and layer.weight.data[0] == 0.25
    x = np.array([[-2.0, 1.0], [-1.0, 3.0]])
    layer(x)
    layer.backward(np.ones_like(x))
    layer.backward(np.ones_like(x))
    np.testing.assert_allclose(layer.weight.grad, [2 * (-3.0)])
    with pytest.raises(ValueError, match="num_parameters=3"):
        PReLU(3)(np.ones((2, 4)))


@given(extreme_logits((3, 4)))
def test_sigmoid_tanh_softmax_finite_and_match_torch_on_extreme_inputs(x):
    g = np.ones_like(x)
    for ours, theirs in [(Sigmoid(), torch.nn.Sigmoid()), (Tanh(), torch.nn.Tanh()),
                         (Softmax(1), torch.nn.Softmax(dim=1))]:
        out, dx, tout, tdx = run_both(ours, theirs, x, g * np.arange(4))
        assert np.all(np.isfinite(out)) and np.all(np.isfinite(dx))
        close(out, tout, atol=1e-12)
        close(dx, tdx, atol=1e-12)


def test_softmax_rejects_bad_dim():
    with pytest.raises(ValueError, match="dim"):
        Softmax(dim=2)(np.ones((2, 3)))


# ----------------------------------------------------------------------------------------------
# BatchNorm1d
# ----------------------------------------------------------------------------------------------
def torch_batchnorm(layer):
    t = torch.nn.BatchNorm1d(layer.num_features, eps=layer.eps, momentum=layer.momentum, dtype=torch.float64)
    with torch.no_grad():
        t.weight.copy_(torch.tensor(layer.weight.data))
        t.bias.copy_(torch.tensor(layer.bias.data))
    return t


@pytest.mark.parametrize("shape, momentum", [((8, 3), 0.1), ((6, 3, 4), 0.3), ((5, 3), None)])
def test_batchnorm_training_matches_torch_including_running_stats(torch64, shape, momentum):
    rng = np.random.default_rng(0)
    layer = BatchNorm1d(3, momentum=momentum)
    layer.weight.data[:] = rng.uniform(0.5, 2, 3)
    layer.bias.data[:] = rng.normal(size=3)
    t = torch_batchnorm(layer)
    for _ in range(3):  # several steps move the running statistics
        x, g = rng.normal(loc=2, scale=3, size=shape), rng.normal(size=shape)
        layer.zero_grad()
        t.zero_grad()
        out, dx, tout, tdx = run_both(layer, t, x, g)
        close(out, tout)
        close(dx, tdx)
        close(layer.weight.grad, t.weight.grad)
        close(layer.bias.grad, t.bias.grad)
    close(layer.running_mean, t.running_mean)
    close(layer.running_var, t.running_var)  # unbiased, as PyTorch
    assert int(layer.num_batches_tracked) == int(t.num_batches_tracked) == 3


def test_batchnorm_eval_uses_running_stats_like_torch(torch64):
    rng = np.random.default_rng(1)
    layer = BatchNorm1d(4)
    t = torch_batchnorm(layer)
    for _ in range(2):
        x = rng.normal(loc=-1, scale=2, size=(10, 4))
        layer(x)
        t(torch.tensor(x))
    layer.eval()
    t.eval()
    x, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    running_before = layer.running_mean.copy()
    out, dx, tout, tdx = run_both(layer, t, x, g)
    close(out, tout)
    close(dx, tdx)
    close(layer.weight.grad, t.weight.grad)
    np.testing.assert_array_equal(layer.running_mean, running_before)  # eval does not update
    # eval mode also works on a single sample, training mode refuses it
    layer(x[:1])
    layer.train()
    with pytest.raises(ValueError, match="more than 1 value"):
        layer(x[:1])


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm_central_differences(num_grad, training):
    rng = np.random.default_rng(2)
    layer = BatchNorm1d(3)
    layer.running_mean[:] = rng.normal(size=3)
    layer.running_var[:] = rng.uniform(0.5, 2, size=3)
    layer.weight.data[:] = rng.uniform(0.5, 2, 3)
    layer.train(training)
    momentum_free = BatchNorm1d(3, momentum=0.0)  # same function; its running stats never change
    momentum_free.load_state_dict(layer.state_dict())
    momentum_free.train(training)
    x, r = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    momentum_free(x)
    dx = momentum_free.backward(r)
    np.testing.assert_allclose(dx, num_grad(lambda z: np.sum(momentum_free(z) * r), x), rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm_without_affine_and_with_a_large_eps_matches_torch(torch64, training):
    rng = np.random.default_rng(3)
    layer = BatchNorm1d(4, eps=0.5, momentum=0.2, affine=False)
    assert layer.parameters() == []
    t = torch.nn.BatchNorm1d(4, eps=0.5, momentum=0.2, affine=False, dtype=torch.float64)
    for _ in range(2):
        x = rng.normal(loc=1, scale=0.5, size=(6, 4))
        layer(x)
        t(torch.tensor(x))
    layer.train(training)
    t.train(training)
    x, g = rng.normal(scale=0.7, size=(6, 4)), rng.normal(size=(6, 4))
    out, dx, tout, tdx = run_both(layer, t, x, g)
    close(out, tout)
    close(dx, tdx)
    close(layer.running_mean, t.running_mean)
    close(layer.running_var, t.running_var)


def test_batchnorm_rejects_wrong_feature_count():
    with pytest.raises(ValueError, match="num_features=3"):
        BatchNorm1d(3)(np.ones((4, 5)))
    with pytest.raises(ValueError, match="eps"):
        BatchNorm1d(3, eps=0)
    with pytest.raises(ValueError, match="momentum"):
        BatchNorm1d(3, momentum=1.5)


# ----------------------------------------------------------------------------------------------
# Dropout
# ----------------------------------------------------------------------------------------------
def test_dropout_mask_is_shared_by_forward_and_backward():
    x = np.random.default_rng(0).uniform(1, 2, size=(50, 40))
    layer = Dropout(0.3, rng=1)
    out = layer(x)
    kept = out != 0
    assert 0.6 < kept.mean() < 0.8
    np.testing.assert_allclose(out[kept], x[kept] / 0.7)
    g = np.random.default_rng(2).normal(size=x.shape)
    dx = layer.backward(g)
    np.testing.assert_allclose(dx, np.where(kept, g / 0.7, 0.0))


def test_dropout_preserves_the_expected_value_and_is_seeded():
    x = np.ones(200_000)
    out = Dropout(0.4, rng=0)(x)
    assert out.mean() == pytest.approx(1.0, abs=0.01)  # std of the mean is about 0.0027
    assert set(np.unique(out)) == {0.0, 1 / 0.6}
    np.testing.assert_array_equal(Dropout(0.4, rng=0)(x), out)


def test_dropout_eval_is_identity_and_extreme_p():
    x = np.random.default_rng(0).normal(size=(4, 5))
    layer = Dropout(0.5, rng=0).eval()
    np.testing.assert_array_equal(layer(x), x)
    np.testing.assert_array_equal(layer.backward(x), x)
    np.testing.assert_array_equal(Dropout(0.0)(x), x)
    np.testing.assert_array_equal(Dropout(1.0)(x), np.zeros_like(x))  # as torch: all zero
    with pytest.raises(ValueError, match="p must"):
        Dropout(1.5)


# ----------------------------------------------------------------------------------------------
# A whole network, dtypes
# ----------------------------------------------------------------------------------------------
def test_mlp_matches_torch_end_to_end(torch64):
    rng = np.random.default_rng(0)
    model = Sequential(Linear(5, 8, rng=1), ReLU(), BatchNorm1d(8), Linear(8, 6, rng=2), Tanh(),
                       Linear(6, 3, rng=3), Softmax(1))
    t = torch.nn.Sequential(torch_linear(model[0]), torch.nn.ReLU(), torch_batchnorm(model[2]),
                            torch_linear(model[3]), torch.nn.Tanh(), torch_linear(model[5]),
                            torch.nn.Softmax(dim=1))
    x, g = rng.normal(size=(7, 5)), rng.normal(size=(7, 3))
    out, dx, tout, tdx = run_both(model, t, x, g)
    close(out, tout)
    close(dx, tdx)
    for p, tp in zip(model.parameters(), t.parameters(), strict=True):
        close(p.grad, tp.grad)
    # by default (the data needs no gradient): the same parameter gradients, no input gradient
    model.zero_grad()
    model.needs_input_grad = False
    model(x)
    assert model.backward(g) is None
    for p, tp in zip(model.parameters(), t.parameters(), strict=True):
        close(p.grad, tp.grad)


LAYERS_FOR_DTYPES = [
    lambda: Linear(4, 3, rng=0), lambda: ReLU(), lambda: LeakyReLU(), lambda: PReLU(), lambda: Sigmoid(),
    lambda: Tanh(), lambda: Softmax(1), lambda: BatchNorm1d(4), lambda: Dropout(0.5, rng=0),
    lambda: Sequential(Linear(4, 4, rng=0), ReLU(), BatchNorm1d(4), Dropout(0.1, rng=0)),
]


@pytest.mark.parametrize("make", LAYERS_FOR_DTYPES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_output_and_gradient_keep_the_input_dtype(make, dtype):
    layer = make()
    layer.needs_input_grad = True
    x = np.random.default_rng(0).normal(size=(5, 4)).astype(dtype)
    out = layer(x)
    assert out.dtype == dtype
    dx = layer.backward(np.ones(out.shape, dtype=dtype))
    assert dx.dtype == dtype
    # eval mode (BatchNorm1d with float64 running statistics) too
    layer.eval()
    assert layer(x).dtype == dtype


def test_to_float32_gives_a_float32_model_close_to_the_float64_one():
    model = Sequential(Linear(4, 3, rng=0), PReLU(), BatchNorm1d(3))
    x = np.random.default_rng(0).normal(size=(6, 4))
    expected = model(x)
    model.to(np.float32)
    assert all(p.data.dtype == np.float32 for p in model.parameters())
    assert model[2].running_var.dtype == np.float32
    out = model(x.astype(np.float32))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
    model.backward(np.ones_like(out))
    assert all(p.grad.dtype == np.float32 for p in model.parameters())
    assert Linear(2, 2, dtype=np.float32).weight.data.dtype == np.float32


@given(arrays((4, 3), limit=1e3))
def test_relu_family_matches_torch_on_wide_inputs(x):
    g = np.ones_like(x)
    for ours, theirs in [(ReLU(), torch.nn.ReLU()), (LeakyReLU(0.1), torch.nn.LeakyReLU(0.1))]:
        out, dx, tout, tdx = run_both(ours, theirs, x, g)
        close(out, tout)
        close(dx, tdx)


# ----------------------------------------------------------------------------------------------
# The first layer skips the input gradient; nested models; hooks; LogSoftmax; Flatten
# ----------------------------------------------------------------------------------------------
class _CountingLinear(Linear):
    """A Linear that counts the matrix products its backward computes for dL/dx."""

    input_grads = 0

    def backward(self, grad_output):
        out = super().backward(grad_output)
        type(self).input_grads += out is not None
        return out


def test_sequential_skips_only_the_first_layers_input_gradient():
    _CountingLinear.input_grads = 0
    inner = Sequential(_CountingLinear(4, 4, rng=1), ReLU())
    model = Sequential(_CountingLinear(3, 4, rng=0), Tanh(), inner, _CountingLinear(4, 2, rng=2))
    x, g = np.random.default_rng(0).normal(size=(5, 3)), np.ones((5, 2))
    model(x)
    assert model.backward(g) is None
    assert _CountingLinear.input_grads == 2  # the last and the nested one; not the first
    reference = [p.grad.copy() for p in model.parameters()]
    model.zero_grad()
    model.needs_input_grad = True
    model(x)
    assert model.backward(g).shape == (5, 3)
    for p, r in zip(model.parameters(), reference, strict=True):
        np.testing.assert_array_equal(p.grad, r)
    # a nested model first in line inherits the choice; a parameter-free first layer is skipped
    outer = Sequential(Sequential(Linear(3, 2, rng=0)), ReLU())
    outer(x)
    assert outer.backward(np.ones((5, 2))) is None and outer[0][0].weight.grad is not None
    # the choice holds for the call only: the first layer alone still returns its input gradient
    first = outer[0][0]
    first(x)
    assert first.needs_input_grad and first.backward(np.ones((5, 2))).shape == (5, 3)
    assert Sequential(ReLU(), Linear(3, 1, rng=0))(x).shape == (5, 1)


@pytest.mark.filterwarnings("ignore:Full backward hook is firing:UserWarning")
def test_hooks_collect_per_layer_outputs_and_gradients_as_torch(torch64):
    model = Sequential(Linear(3, 4, rng=0), Tanh(), Linear(4, 2, rng=1))
    t = torch.nn.Sequential(torch_linear(model[0]), torch.nn.Tanh(), torch_linear(model[2]))
    ours, theirs = {}, {}
    for (name, m), tm in zip(model.named_children(), t, strict=True):
        m.register_forward_hook(lambda mod, inp, out, name=name: ours.__setitem__(("out", name), out))
        m.register_full_backward_hook(lambda mod, gin, gout, name=name: ours.__setitem__(("grad", name), gout[0]))
        tm.register_forward_hook(lambda mod, inp, out, name=name: theirs.__setitem__(("out", name), out))
        tm.register_full_backward_hook(
            lambda mod, gin, gout, name=name: theirs.__setitem__(("grad", name), gout[0]))
    x, g = np.random.default_rng(1).normal(size=(5, 3)), np.random.default_rng(2).normal(size=(5, 2))
    model(x)
    model.backward(g)
    t(torch.tensor(x)).backward(torch.tensor(g))
    assert sorted(ours) == sorted(theirs) and len(ours) == 6
    for key, value in ours.items():
        close(value, theirs[key])
    # a hook's return value replaces the output; remove() unregisters
    layer = ReLU()
    handle = layer.register_forward_hook(lambda m, inp, out: out * 2)
    np.testing.assert_array_equal(layer(np.array([1.0, -1.0])), [2.0, 0.0])
    handle.remove()
    np.testing.assert_array_equal(layer(np.array([1.0, -1.0])), [1.0, 0.0])
    bhandle = layer.register_full_backward_hook(lambda m, gin, gout: (gin[0] * 0,))
    np.testing.assert_array_equal(layer.backward(np.ones(2)), [0.0, 0.0])
    bhandle.remove()
    np.testing.assert_array_equal(layer.backward(np.ones(2)), [1.0, 0.0])
    with pytest.raises(TypeError, match="hook must be callable"):
        layer.register_forward_hook("print")
    # a subclass whose backward calls super().backward runs each hook once
    calls = []
    counting = _CountingLinear(2, 2, rng=0)
    counting.register_full_backward_hook(lambda m, gin, gout: calls.append(1))
    counting(np.ones((1, 2)))
    counting.backward(np.ones((1, 2)))
    assert calls == [1]


def test_apply_named_modules_and_modules_as_torch():
    model = Sequential(Linear(2, 2, rng=0), Sequential(ReLU(), Linear(2, 1, rng=1)))
    t = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(2, 1)))
    assert [n for n, _ in model.named_modules()] == [n for n, _ in t.named_modules()]
    seen = []
    model.apply(lambda m: seen.append(type(m).__name__))
    t_seen = []
    t.apply(lambda m: t_seen.append(type(m).__name__))
    assert seen == t_seen
    model.apply(lambda m: m.weight.data.fill(0.5) if isinstance(m, Linear) else None)
    assert np.all(model[1][1].weight.data == 0.5)


@pytest.mark.parametrize("dim", [1, 0, -1])
def test_log_softmax_matches_torch(torch64, num_grad, dim):
    rng = np.random.default_rng(0)
    x, g = rng.normal(scale=3, size=(4, 5)), rng.normal(size=(4, 5))
    out, dx, tout, tdx = run_both(LogSoftmax(dim), torch.nn.LogSoftmax(dim), x, g)
    close(out, tout)
    close(dx, tdx)
    layer = LogSoftmax(dim)
    layer(x)
    close(layer.backward(g), num_grad(lambda z: np.sum(LogSoftmax(dim)(z) * g), x), rtol=1e-6, atol=1e-8)
    big = np.array([[1000.0, -1000.0, 0.0]])
    out, dx, tout, tdx = run_both(LogSoftmax(1), torch.nn.LogSoftmax(1), big, np.ones((1, 3)))
    close(out, tout)
    close(dx, tdx)
    assert repr(LogSoftmax(1)) == "LogSoftmax(dim=1)"
    with pytest.raises(TypeError, match="dim must be an int"):
        LogSoftmax(1.0)
    with pytest.raises(ValueError, match="dim must be in"):
        LogSoftmax(3)(x)


def test_flatten_matches_torch(torch64):
    x = np.random.default_rng(0).normal(size=(2, 3, 4))
    for args in [(), (0,), (1, 1), (0, 1)]:
        g = np.random.default_rng(1).normal(size=tuple(torch.nn.Flatten(*args)(torch.tensor(x)).shape))
        out, dx, tout, tdx = run_both(Flatten(*args), torch.nn.Flatten(*args), x, g)
        close(out, tout)
        close(dx, tdx)
    layer = Flatten()
    out = layer(x)
    assert out.shape == (2, 12)
    np.testing.assert_array_equal(layer.backward(np.arange(24.0).reshape(2, 12)), np.arange(24.0).reshape(2, 3, 4))
    with pytest.raises(ValueError, match="does not fit"):
        Flatten(2, 1)(x)


def test_state_dict_values_are_deep_copies():
    model = Sequential(Linear(2, 2, rng=0), BatchNorm1d(2))
    best = model.state_dict()
    saved = {k: v.copy() for k, v in best.items()}
    model[0].weight.data += 1  # training in place
    model(np.random.default_rng(0).normal(size=(4, 2)))
    for k in saved:
        np.testing.assert_array_equal(best[k], saved[k])
        assert not np.shares_memory(best[k], model.state_dict()[k])

