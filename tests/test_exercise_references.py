"""The reference formulas of the exercises' test cells agree with PyTorch (float64, autograd).

Chapter 4 (losses): the test cells' own formulas against ``torch.nn.functional``. Chapter 5
(optimizers): the test cells compare students' optimizers with ``lazylearn.optim`` at rtol 1e-10 and
the schedule with the closed cosine form; the same settings run through ``torch.optim`` here.

A student's kernel need not have PyTorch, so a test cell computes its expected values with an
independent NumPy or plain-Python formula, written differently from the likely answer (a loop
over elements or rows, ``math.log1p`` and ``math.exp``). This file takes those functions out of
the solution notebook's test cells (their ``import`` and ``def`` statements only, without running
the checks) and compares them with ``torch.nn.functional``, so that "expected" in the feedback
means what PyTorch computes.
"""
from __future__ import annotations

import ast
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lazylearn import optim
from lazylearn.losses import MSELoss
from lazylearn.nn import Linear, Sequential, Tanh

ROOT = Path(__file__).resolve().parents[1]
RTOL, ATOL = 1e-12, 1e-12


def test_cell_functions(assignment: str) -> dict:
    """The functions defined by the graded test cells of ``assignment``'s solution notebook."""
    nb = json.loads((ROOT / "solutions" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8"))
    ns: dict = {}
    for cell in nb["cells"]:
        if not cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            continue
        tree = ast.parse("".join(cell["source"]))
        tree.body = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef))]
        exec(compile(tree, f"{assignment}:{cell['id']}", "exec"), ns)
    return ns


test_cell_functions.__test__ = False  # a helper, not a test


@pytest.fixture(scope="module")
def ch04():
    return test_cell_functions("ch04-losses")


def t(a, grad=False):
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def close(got, want, rtol=RTOL, atol=ATOL):
    want = want.detach().numpy() if isinstance(want, torch.Tensor) else want
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), want, rtol=rtol, atol=atol)


def autograd(fn, x):
    xt = t(x, grad=True)
    fn(xt).backward()
    return xt.grad.numpy()


RNG = np.random.default_rng(404)
X, Y = RNG.normal(size=(6, 4)) * 3, RNG.normal(size=(6, 4))
REDUCTIONS = ("none", "mean", "sum")


def _scalar(out):
    return out if out.ndim == 0 else out.sum()


@pytest.mark.parametrize("delta", [0.3, 0.5, 1.0, 2.5])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ch04_huber_references(ch04, delta, reduction):
    loss, grad = ch04["huber_reference"](X, Y, delta)
    close(loss, F.huber_loss(t(X), t(Y), reduction="none", delta=delta))
    close(grad, autograd(lambda v: F.huber_loss(v, t(Y), reduction="sum", delta=delta), X))
    close(ch04["huber_reduced"](loss, reduction), F.huber_loss(t(X), t(Y), reduction=reduction, delta=delta))
    want = autograd(lambda v: _scalar(F.huber_loss(v, t(Y), reduction=reduction, delta=delta)), X)
    close(ch04["huber_grad_reference"](X, Y, delta, reduction), want)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ch04_msle_reference(ch04, reduction):
    x, y = np.exp(X), np.exp(Y) - 0.9
    want = F.mse_loss(torch.log1p(t(x)), torch.log1p(t(y)), reduction=reduction)
    close(ch04["msle_reduced"](ch04["msle_reference"](x, y), reduction), want)


@pytest.mark.parametrize("pos_weight", [None, 3.0, np.array([0.5, 2.0, 4.0, 1.0])])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ch04_bce_references(ch04, pos_weight, reduction):
    z = np.concatenate([X, [[-1000.0, -30.0, 30.0, 1000.0], [-100.0, 0.0, 5.0, 100.0]]])
    y = np.concatenate([RNG.uniform(size=(6, 4)), [[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.5, 1.0]]])
    pw = None if pos_weight is None else t(np.broadcast_to(pos_weight, (4,)))
    loss, grad = ch04["bce_reference"](z, y, pos_weight)

    def torch_loss(v, r):
        return F.binary_cross_entropy_with_logits(v, t(y), reduction=r, pos_weight=pw)

    # torch loses relative accuracy for y = 0, z << 0 ((1 - y) z + softplus(-z) cancels), hence an absolute tolerance
    close(loss, torch_loss(t(z), "none"), rtol=1e-9)
    close(ch04["bce_reduced"](loss, reduction), torch_loss(t(z), reduction), rtol=1e-9)
    close(grad, autograd(lambda v: torch_loss(v, "sum"), z))
    want = autograd(lambda v: _scalar(torch_loss(v, reduction)), z)
    close(ch04["bce_grad_reference"](z, y, pos_weight, reduction), want)


@pytest.mark.parametrize("dim", [-1, 0, 1, 2])
def test_ch04_log_softmax_reference(ch04, dim):
    x = RNG.normal(size=(2, 3, 4)) * 5
    x[0, 0] = [1000.0, 0.0, -1000.0, 3.0][: x.shape[2]]
    close(ch04["log_softmax_reference"](x, dim), torch.log_softmax(t(x), dim=dim))


@pytest.mark.parametrize("kind", ["labels", "probabilities"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ch04_cross_entropy_references(ch04, kind, reduction):
    x = np.concatenate([X, [[1000.0, 0.0, -1000.0, 2.0]]])
    target = RNG.integers(0, 4, size=7) if kind == "labels" else RNG.dirichlet(np.ones(4), size=7)
    tt = torch.tensor(target) if kind == "labels" else t(target)
    loss, grad = ch04["ce_reference"](x, target)
    close(loss, F.cross_entropy(t(x), tt, reduction="none"))
    close(ch04["ce_reduced"](loss, reduction), F.cross_entropy(t(x), tt, reduction=reduction))
    close(grad, autograd(lambda v: F.cross_entropy(v, tt, reduction="sum"), x))
    want = autograd(lambda v: _scalar(F.cross_entropy(v, tt, reduction=reduction)), x)
    close(ch04["ce_grad_reference"](x, target, reduction), want)


@pytest.mark.parametrize("reduction", ["none", "sum", "batchmean", "mean"])
def test_ch04_kl_reference(ch04, reduction):
    logp = torch.log_softmax(t(X), dim=1).numpy()
    q = RNG.dirichlet(np.ones(4), size=6)
    q[0, 1], q[3, :2] = 0.0, 0.0
    q /= q.sum(axis=1, keepdims=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch warns that 'mean' is not the KL divergence
        want = F.kl_div(t(logp), t(q), reduction=reduction)
    close(ch04["kl_reduced"](ch04["kl_reference"](logp, q), reduction), want)


def test_ch04_solution_agrees_with_torch(ch04):
    """The solution notebook's answers, run against the same torch values (float32 kept too)."""
    nb = json.loads((ROOT / "solutions" / "ch04-losses" / "ch04-losses.ipynb").read_text(encoding="utf-8"))
    ns: dict = {}
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution") or cell["id"] == "setup":
            exec(compile("".join(cell["source"]), cell["id"], "exec"), ns)
    loss_fn = ns["HuberLoss"](delta=2.5)
    close(loss_fn(X, Y), F.huber_loss(t(X), t(Y), delta=2.5))
    close(loss_fn.backward(), autograd(lambda v: F.huber_loss(v, t(Y), delta=2.5), X))
    z = np.array([[-1000.0, -5.0, 0.0, 1000.0]])
    y = np.array([[1.0, 0.3, 0.0, 0.0]])
    loss_fn = ns["BCEWithLogitsLoss"](pos_weight=2.0)
    close(loss_fn(z, y), F.binary_cross_entropy_with_logits(t(z), t(y), pos_weight=t([2.0])))
    close(loss_fn.backward(), autograd(lambda v: F.binary_cross_entropy_with_logits(v, t(y), pos_weight=t([2.0])), z))
    labels = np.array([0, 3, 1, 1, 2, 0])
    loss_fn = ns["CrossEntropyLoss"]()
    close(loss_fn(X, labels), F.cross_entropy(t(X), torch.tensor(labels)))
    close(loss_fn.backward(), autograd(lambda v: F.cross_entropy(v, torch.tensor(labels)), X))
    logp = ns["log_softmax"](X, dim=1)
    close(logp, torch.log_softmax(t(X), dim=1))
    q = np.exp(ns["log_softmax"](Y))
    close(ns["kl_div"](logp, q), F.kl_div(t(logp), t(q), reduction="batchmean"))
    x32 = X.astype(np.float32)
    assert ns["log_softmax"](x32).dtype == np.float32
    assert np.asarray(ns["HuberLoss"]()(x32, Y.astype(np.float32))).dtype == np.float32


# -- chapter 5: the optimizer references are torch.optim's rules ------------------------------------
SETTINGS = [
    ("SGD", dict(lr=0.05)), ("SGD", dict(lr=0.05, momentum=0.9)), ("SGD", dict(lr=0.05, momentum=0.5)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.5)), ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True)),
    ("SGD", dict(lr=0.05, momentum=0.9, weight_decay=0.1)),
    ("SGD", dict(lr=0.03, momentum=0.5, dampening=0.2, weight_decay=0.05)),
    ("SGD", dict(lr=0.03, momentum=0.8, weight_decay=0.05, nesterov=True)), ("SGD", dict(lr=0.05, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01)), ("RMSprop", dict(lr=0.003, alpha=0.9, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, alpha=0.5, eps=1e-3, weight_decay=0.05)),
    ("Adam", dict(lr=0.01)), ("Adam", dict(lr=0.01, betas=(0.8, 0.9), eps=1e-3, weight_decay=0.1)),
    ("Adam", dict(lr=0.02, betas=(0.5, 0.99), eps=1e-4, weight_decay=0.05)),
    ("Adam", dict(lr=0.02, betas=(0.5, 0.99), eps=1e-4, weight_decay=0.2)),
    ("AdamW", dict(lr=0.01)), ("AdamW", dict(lr=0.01, weight_decay=0.5)),
    ("AdamW", dict(lr=0.02, betas=(0.5, 0.99), eps=1e-4, weight_decay=0.2)),
]


def _problem():
    """The notebook's fixed loss: MSE of Linear(3, 4) -> Tanh -> Linear(4, 2) on 16 examples."""
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(16, 3)), rng.normal(size=(16, 2))
    return Sequential(Linear(3, 4, rng=0), Tanh(), Linear(4, 2, rng=1)), x, y


@pytest.mark.parametrize("name, kwargs", SETTINGS, ids=[f"{n}-{k}" for n, k in SETTINGS])
def test_reference_trajectories_equal_torch(name, kwargs):
    model, x, y = _problem()
    params = list(model.parameters())
    ours = getattr(optim, name)(params, **kwargs)
    tparams = [torch.tensor(p.data.copy(), requires_grad=True) for p in params]
    theirs = getattr(torch.optim, name)(tparams, foreach=False, **kwargs)
    twin, _, _ = _problem()  # gradients at torch's parameters, from the same model
    loss_fn = MSELoss()
    start = np.concatenate([p.data.ravel() for p in params])
    for _ in range(30):
        for p in params:
            p.grad = None
        loss_fn(model(x), y)
        model.backward(loss_fn.backward())
        ours.step()
        for q, t in zip(twin.parameters(), tparams, strict=True):
            q.data[...] = t.detach().numpy()
            q.grad = None
        loss_fn(twin(x), y)
        twin.backward(loss_fn.backward())
        for q, t in zip(twin.parameters(), tparams, strict=True):
            t.grad = torch.from_numpy(q.grad.copy())
        theirs.step()
        for p, t in zip(params, tparams, strict=True):
            np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert np.abs(np.concatenate([p.data.ravel() for p in params]) - start).max() > 1e-3


@pytest.mark.parametrize("T_max, eta_min, lr, steps", [(4, 0.0, 0.1, 4), (5, 0.0, 0.1, 13), (6, 0.01, 0.1, 15),
                                                       (3, 0.001, 1.0, 7), (7, 0.02, 0.5, 40), (10, 0.0, 0.1, 1)])
def test_torch_cosine_schedule_is_the_closed_form_beyond_t_max(T_max, eta_min, lr, steps):
    """PyTorch's recursive CosineAnnealingLR equals the closed form the notebook states, past T_max too."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=T_max, eta_min=eta_min)
    for t in range(steps + 1):
        closed = eta_min + (lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2
        assert opt.param_groups[0]["lr"] == pytest.approx(closed, rel=1e-10, abs=1e-14)
        assert sched.get_last_lr() == [opt.param_groups[0]["lr"]]
        opt.step()
        sched.step()
