"""The reference formulas of the exercises' test cells agree with PyTorch (float64, autograd).

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
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

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
