"""Tests for lazylearn.train: train_step, fit, evaluate, History, layer_stats, mining, random search."""
import numpy as np
import pytest

from lazylearn import train
from lazylearn.data import make_moons
from lazylearn.losses import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss, OHEMLoss
from lazylearn.nn import Dropout, Linear, Sequential
from lazylearn.optim import SGD

# a tiny linearly separable problem: class 1 iff x0 + x1 > 0
X_SEP = np.array([[1.0, 2.0], [2.0, 0.5], [-1.0, -1.5], [-2.0, 0.5], [0.5, 1.0], [-0.5, -2.0]])
Y_SEP = np.array([1, 1, 0, 0, 1, 0])


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _manual_ce_step(W, b, X, y, lr):
    """One SGD step of mean cross-entropy on a linear layer, derived by hand."""
    p = _softmax(X @ W.T + b)
    g = (p - np.eye(W.shape[0])[y]) / len(X)  # dL/dz for the mean of CE over the batch
    return W - lr * g.T @ X, b - lr * g.sum(axis=0)


# ---------------------------------------------------------------------------------------- fit
def test_one_full_batch_epoch_equals_the_manual_sgd_step():
    model = Linear(2, 2, rng=0)
    W0, b0 = model.weight.data.copy(), model.bias.data.copy()
    train.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.5), (X_SEP, Y_SEP), 1,
              batch_size=None, progress=False)
    W1, b1 = _manual_ce_step(W0, b0, X_SEP, Y_SEP, 0.5)
    np.testing.assert_allclose(model.weight.data, W1, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(model.bias.data, b1, rtol=1e-12, atol=1e-15)


def test_mini_batches_are_consecutive_steps_in_the_shuffled_order():
    model = Linear(2, 2, rng=1)
    W, b = model.weight.data.copy(), model.bias.data.copy()
    train.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.3), (X_SEP, Y_SEP), 1,
              batch_size=4, rng=7, progress=False)
    order = np.random.default_rng(7).permutation(len(X_SEP))
    for idx in (order[:4], order[4:]):
        W, b = _manual_ce_step(W, b, X_SEP[idx], Y_SEP[idx], 0.3)
    np.testing.assert_allclose(model.weight.data, W, rtol=1e-12)
    np.testing.assert_allclose(model.bias.data, b, rtol=1e-12)


def test_fit_reduces_the_loss_and_separates_the_data():
    model = Linear(2, 2, rng=0)
    loss_fn = CrossEntropyLoss()
    before = train.evaluate(model, loss_fn, (X_SEP, Y_SEP))
    h = train.fit(model, loss_fn, SGD(model.parameters(), lr=0.5), (X_SEP, Y_SEP), 30, batch_size=3,
                  rng=0, progress=False)
    assert h["loss"][-1] < 0.5 * h["loss"][0]
    assert train.evaluate(model, loss_fn, (X_SEP, Y_SEP)) < 0.5 * before
    assert np.array_equal(model(X_SEP).argmax(axis=1), Y_SEP)


def test_fit_is_deterministic_under_a_seed():
    runs = []
    for _ in range(2):
        model = Linear(2, 2, rng=3)
        train.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), (X_SEP, Y_SEP), 3,
                  batch_size=2, rng=11, progress=False)
        runs.append(model.weight.data.copy())
    np.testing.assert_array_equal(*runs)


def test_history_lengths_values_and_metrics():
    X, y = make_moons(40, rng=0)
    Xv, yv = make_moons(20, rng=1)
    model = Linear(2, 2, rng=0)
    loss_fn = CrossEntropyLoss()
    acc = lambda t, out: np.mean(out.argmax(axis=1) == t)
    h = train.fit(model, loss_fn, SGD(model.parameters(), lr=0.1), (X, y), 4, batch_size=16,
                  val_data=(Xv, yv), metrics={"acc": acc}, rng=0, progress=False)
    assert isinstance(h, dict) and isinstance(h, train.History)
    assert h.epochs == 4 and h.stopped_epoch is None
    for key in ("loss", "val_loss", "lr", "acc", "val_acc"):
        assert len(h[key]) == 4, key
    assert h["lr"] == [0.1] * 4
    # the last validation entry is the evaluation of the final model
    res = train.evaluate(model, loss_fn, (Xv, yv), metrics={"acc": acc})
    assert h["val_loss"][-1] == pytest.approx(res["loss"], rel=1e-12)
    assert h["val_acc"][-1] == pytest.approx(res["acc"])
    assert "epochs=4" in repr(h)

    h2 = train.fit(model, loss_fn, SGD(model.parameters(), lr=0.1), (X, y), 2, progress=False)
    assert len(h2["loss"]) == 2 and h2["val_loss"] == []


def test_epoch_loss_is_the_sample_weighted_mean_of_batch_losses():
    # lr = 0: the parameters never move, so the epoch loss is the mean over the whole data set
    model = Linear(2, 2, rng=0)
    h = train.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.0), (X_SEP, Y_SEP), 1,
                  batch_size=4, progress=False)
    assert h["loss"][0] == pytest.approx(train.evaluate(model, CrossEntropyLoss(), (X_SEP, Y_SEP)), rel=1e-12)


def test_scheduler_is_stepped_once_per_epoch():
    from lazylearn.optim.lr_scheduler import StepLR

    model = Linear(2, 2, rng=0)
    opt = SGD(model.parameters(), lr=0.2)
    h = train.fit(model, CrossEntropyLoss(), opt, (X_SEP, Y_SEP), 3, scheduler=StepLR(opt, 1, gamma=0.5),
                  progress=False)
    assert h["lr"] == pytest.approx([0.2, 0.1, 0.05])
    assert opt.lr == pytest.approx(0.025)


def _diverging_setup():
    """Train on y = 2x, validate on y = -2x, from w = 0: the validation loss rises every epoch."""
    x = np.array([[1.0], [2.0], [-1.0]])
    model = Linear(1, 1, bias=False, rng=0)
    model.weight.data[:] = 0.0
    return model, (x, 2 * x), (x, -2 * x)


def test_callable_callback_stops_training():
    model, data, _ = _diverging_setup()
    h = train.fit(model, MSELoss(), SGD(model.parameters(), lr=0.01), data, 10,
                  callbacks=[lambda epoch, history, m: epoch == 2], progress=False)
    assert h.epochs == 2 and h.stopped_epoch == 2


def test_divergence_stops_with_a_warning():
    x = np.array([[3.0], [5.0]])
    model = Linear(1, 1, rng=0)
    with np.errstate(over="ignore", invalid="ignore"), pytest.warns(RuntimeWarning, match="learning rate"):
        h = train.fit(model, MSELoss(), SGD(model.parameters(), lr=10.0), (x, 2 * x), 500, progress=False)
    assert h.epochs < 500 and not np.isfinite(h["loss"][-1])


def test_divergence_that_overflows_the_outputs_stops_with_a_warning_not_an_input_error():
    # with a huge learning rate the weights overflow and the logits become inf/NaN before the
    # loss does: fit must treat that as divergence too, and evaluate must report a NaN loss
    X, y = make_moons(60, rng=0)
    model = Sequential(Linear(2, 16, rng=0), Dropout(0.0), Linear(16, 2, rng=1))
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning, match="learning rate"):
        h = train.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=1e30, momentum=0.9), (X, y), 20,
                      val_data=(X, y), progress=False)
    assert h.epochs < 20 and np.isnan(h["loss"][-1])
    with np.errstate(all="ignore"):
        assert np.isnan(train.evaluate(model, CrossEntropyLoss(), (X, y)))


def test_non_finite_data_is_rejected_naming_it():
    model = Linear(2, 2, rng=0)
    bad = X_SEP.copy()
    bad[1, 0] = np.nan
    with pytest.raises(ValueError, match=r"data X must be finite; got 1 NaN"):
        train.fit(model, CrossEntropyLoss(), SGD(model.parameters()), (bad, Y_SEP), 1, progress=False)
    with pytest.raises(ValueError, match=r"val_data X must be finite"):
        train.fit(model, CrossEntropyLoss(), SGD(model.parameters()), (X_SEP, Y_SEP), 1, val_data=(bad, Y_SEP),
                  progress=False)
    with pytest.raises(ValueError, match=r"data y must be finite"):
        train.evaluate(model, MSELoss(), (X_SEP, np.full((6, 2), np.inf)))


def test_progress_false_prints_nothing(capsys):
    model = Linear(2, 2, rng=0)
    train.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), (X_SEP, Y_SEP), 3,
              val_data=(X_SEP, Y_SEP), progress=False)
    out, err = capsys.readouterr()
    assert out == "" and err == ""


def test_progress_bar_shows_epochs_and_losses(capsys):
    model = Linear(2, 2, rng=0)
    train.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), (X_SEP, Y_SEP), 3,
              val_data=(X_SEP, Y_SEP), progress=True)
    err = capsys.readouterr().err
    assert "3/3" in err and "loss=" in err and "val_loss=" in err


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(data=(X_SEP, Y_SEP[:3])), ValueError, "same number of samples"),
        (dict(data=X_SEP), TypeError, "pair"),
        (dict(epochs=0), ValueError, "epochs"),
        (dict(batch_size=0), ValueError, "batch_size"),
        (dict(loss_fn=CrossEntropyLoss(reduction="none")), ValueError, "reduction='none'"),
        (dict(metrics={"loss": len}), ValueError, "metric names"),
        (dict(metrics=[len]), TypeError, "metrics must be a dict"),
    ],
)
def test_fit_bad_arguments(kwargs, exc, match):
    model = Linear(2, 2, rng=0)
    args = dict(loss_fn=CrossEntropyLoss(), data=(X_SEP, Y_SEP), epochs=1)
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        train.fit(model, args.pop("loss_fn"), SGD(model.parameters()), args.pop("data"), args.pop("epochs"),
                  progress=False, **args)


# ----------------------------------------------------------------------------------- evaluate
def test_evaluate_runs_in_eval_mode_and_restores_the_mode():
    model = Sequential(Dropout(0.5, rng=0), Linear(2, 2, rng=0))
    loss_fn = CrossEntropyLoss()
    a = train.evaluate(model, loss_fn, (X_SEP, Y_SEP), batch_size=2)
    b = train.evaluate(model, loss_fn, (X_SEP, Y_SEP))
    assert a == pytest.approx(b, rel=1e-12)  # deterministic: dropout off, and batch size does not matter
    assert model.training
    z = X_SEP @ model[1].weight.data.T + model[1].bias.data
    expected = np.mean(-np.log(_softmax(z)[np.arange(6), Y_SEP]))
    assert a == pytest.approx(expected, rel=1e-12)
    model.eval()
    train.evaluate(model, loss_fn, (X_SEP, Y_SEP))
    assert not model.training


# --------------------------------------------------------------------------------- train_step
def test_train_step_is_the_five_lines_and_returns_the_loss_before_the_update():
    model = Linear(2, 2, rng=0)
    W0, b0 = model.weight.data.copy(), model.bias.data.copy()
    model.weight.grad = np.full((2, 2), 100.0)  # a stale gradient: zero_grad must drop it
    loss = train.train_step(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.5), X_SEP, Y_SEP)
    z = X_SEP @ W0.T + b0
    assert loss == pytest.approx(np.mean(-np.log(_softmax(z)[np.arange(6), Y_SEP])), rel=1e-12)
    W1, b1 = _manual_ce_step(W0, b0, X_SEP, Y_SEP, 0.5)
    np.testing.assert_allclose(model.weight.data, W1, rtol=1e-12)
    np.testing.assert_allclose(model.bias.data, b1, rtol=1e-12)


def test_train_step_leaves_a_diverged_model_alone():
    model = Linear(1, 1, rng=0)
    model.weight.data[:] = np.inf
    before = model.bias.data.copy()
    with np.errstate(invalid="ignore"):
        loss = train.train_step(model, MSELoss(), SGD(model.parameters(), lr=0.1), np.array([[1.0]]), np.array([[0.0]]))
    assert np.isnan(loss)
    np.testing.assert_array_equal(model.bias.data, before)


def test_fit_records_every_group_lr_and_one_float_for_one_group():
    a, b = Linear(2, 2, rng=0), Linear(2, 2, rng=1)
    from lazylearn.nn import Sequential as Seq

    model = Seq(a, b)
    opt = SGD([{"params": a.parameters()}, {"params": b.parameters(), "lr": 0.01}], lr=0.1)
    h = train.fit(model, CrossEntropyLoss(), opt, (X_SEP, Y_SEP), 2, progress=False)
    assert h["lr"] == [[0.1, 0.01], [0.1, 0.01]]


def test_fit_val_loss_fn_is_used_on_the_validation_data():
    model = Linear(2, 2, rng=0)
    h = train.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), (X_SEP, Y_SEP), 1,
                  val_data=(X_SEP, Y_SEP), val_loss_fn=CrossEntropyLoss(reduction="sum"), progress=False)
    assert h["val_loss"][0] == pytest.approx(6 * train.evaluate(model, CrossEntropyLoss(), (X_SEP, Y_SEP)), rel=1e-12)


def test_fit_metrics_on_the_training_data_are_those_of_the_model_after_the_epoch():
    X, y = make_moons(40, rng=0)
    model = Linear(2, 2, rng=0)
    acc = lambda t, out: np.mean(out.argmax(axis=1) == t)
    h = train.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), (X, y), 3, metrics={"acc": acc},
                  rng=0, progress=False)
    assert h["acc"][-1] == acc(y, model(X))
    assert h["val_acc"] == []


# -------------------------------------------------------------------------------- layer_stats
def test_layer_stats_outputs_and_gradients_against_torch(torch64):
    torch = torch64
    from lazylearn.nn import ReLU, Sequential, Tanh

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(16, 4)), rng.normal(size=(16, 2))
    model = Sequential(Linear(4, 8, rng=0), Tanh(), Linear(8, 8, rng=1), ReLU(), Linear(8, 2, rng=2))
    model[0].weight.grad = np.ones((8, 4))  # kept as it was
    stats = train.layer_stats(model, x, y, MSELoss())
    assert [s["name"] for s in stats] == ["0: Linear", "1: Tanh", "2: Linear", "3: ReLU", "4: Linear"]
    np.testing.assert_array_equal(model[0].weight.grad, np.ones((8, 4)))
    assert model[2].weight.grad is None

    tl = [torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2)]
    for i in (0, 2, 4):
        tl[i].weight.data = torch.tensor(model[i].weight.data)
        tl[i].bias.data = torch.tensor(model[i].bias.data)
    h, outs = torch.tensor(x), []
    for layer in tl:
        h = layer(h)
        h.retain_grad()
        outs.append(h)
    torch.nn.functional.mse_loss(h, torch.tensor(y)).backward()
    for s, out, layer in zip(stats, outs, tl, strict=False):
        np.testing.assert_allclose(s["output"], out.detach().numpy(), rtol=1e-12)
        np.testing.assert_allclose(s["grad_output"], out.grad.numpy(), rtol=1e-10, atol=1e-15)
        assert s["output_std"] == pytest.approx(float(out.detach().std(unbiased=False)), rel=1e-10)
        assert s["grad_std"] == pytest.approx(float(out.grad.std(unbiased=False)), rel=1e-9)
        if isinstance(layer, torch.nn.Linear):
            norm = float(torch.sqrt((layer.weight.grad**2).sum() + (layer.bias.grad**2).sum()))
            assert s["grad_norm"] == pytest.approx(norm, rel=1e-10)
        else:
            assert s["grad_norm"] is None
    with pytest.raises(TypeError, match="layer_stats needs a lazylearn.nn.Sequential"):
        train.layer_stats(Linear(4, 2, rng=0), x, y, MSELoss())


# --------------------------------------------------------------------------- hard negatives
def test_mine_hard_negatives_by_hand():
    scores = np.array([0.9, 0.2, 0.7, 0.95, 0.6, 0.7, 0.5])
    labels = np.array([0, 0, 0, 1, 0, 0, 0])
    # negatives above 0.5, not selected, by descending score; the tie 0.7 keeps index 2 before 5
    np.testing.assert_array_equal(train.mine_hard_negatives(scores, labels, [], 10), [0, 2, 5, 4])
    np.testing.assert_array_equal(train.mine_hard_negatives(scores, labels, [0], 2), [2, 5])
    np.testing.assert_array_equal(train.mine_hard_negatives(scores, labels, [0, 2, 5, 4], 3), [])
    np.testing.assert_array_equal(train.mine_hard_negatives(scores, labels, [], 10, threshold=0.65), [0, 2, 5])
    out = train.mine_hard_negatives(scores, labels, np.array([], dtype=int), 1)
    assert out.dtype == np.int64 and out.tolist() == [0]
    with pytest.raises(ValueError, match="same length"):
        train.mine_hard_negatives(scores, labels[:3], [], 1)
    with pytest.raises(ValueError, match="num_new must be an int"):
        train.mine_hard_negatives(scores, labels, [], -1)
    with pytest.raises(ValueError, match="selected must hold indices"):
        train.mine_hard_negatives(scores, labels, [7], 1)


def test_bootstrap_rounds_add_the_false_alarms_and_reduce_them():
    from lazylearn.nn import ReLU, Sequential
    from lazylearn.optim import Adam

    rng = np.random.default_rng(0)
    X_pos = rng.normal(0.0, 0.3, size=(100, 2))
    angle = rng.uniform(0, 2 * np.pi, 150)
    ring = np.c_[np.cos(angle), np.sin(angle)] * rng.uniform(0.9, 1.3, (150, 1))  # the hard ones
    pool = np.concatenate([rng.uniform(-4, 4, size=(2000, 2)), ring])
    pool = pool[np.linalg.norm(pool, axis=1) > 0.8]
    seeds = iter(range(100))

    def factory():
        s = next(seeds)
        model = Sequential(Linear(2, 16, rng=s), ReLU(), Linear(16, 1, rng=s + 50))
        return model, BCEWithLogitsLoss(), Adam(model.parameters(), lr=0.01)

    res = train.bootstrap(factory, X_pos, pool, rounds=3, n_add=50, n_initial=30, epochs=30, rng=0)
    assert len(res.models) == len(res.histories) == len(res.selected) == len(res.false_positives) == 3
    assert len(res.selected[0]) == 30
    for before, after, model in zip(res.selected, res.selected[1:], res.models, strict=False):
        assert set(before) < set(after) and len(after) - len(before) <= 50
        added = np.setdiff1d(after, before)
        scores = 1 / (1 + np.exp(-model.eval()(pool)[:, 0]))
        model.train()
        assert np.all(scores[added] > 0.5)  # the added ones were false alarms of that round's model
    assert res.false_positives[-1] < 0.5 * res.false_positives[0]
    with pytest.raises(ValueError, match="same feature shape"):
        train.bootstrap(factory, X_pos, pool[:, :1])


# ---------------------------------------------------------------------------- random search
def test_random_search_draws_from_each_distribution_and_sorts_by_value():
    seen = []

    def objective(lr, wd, act):
        seen.append((lr, wd, act))
        return (np.log10(lr) + 2) ** 2 + wd

    space = {"lr": train.loguniform(1e-4, 1.0), "wd": (0.0, 1e-4), "act": ["relu", "tanh"]}
    trials = train.random_search(objective, space, 30, rng=0)
    assert len(trials) == 30 == len(seen)
    values = [v for _, v in trials]
    assert values == sorted(values)
    lrs = np.array([p["lr"] for p, _ in trials])
    assert np.all((lrs >= 1e-4) & (lrs <= 1.0)) and len(set(lrs.tolist())) == 30
    assert np.log10(lrs).min() < -3 and np.log10(lrs).max() > -1  # spread over the decades
    assert {p["act"] for p, _ in trials} == {"relu", "tanh"}
    assert all(0 <= p["wd"] <= 1e-4 for p, _ in trials)
    assert train.random_search(objective, space, 5, rng=1) == train.random_search(objective, space, 5, rng=1)
    with pytest.raises(TypeError, match=r"space\['lr'\] must be a function of rng"):
        train.random_search(objective, {"lr": "big"}, 2)
    with pytest.raises(ValueError, match="n_trials must be an int"):
        train.random_search(objective, space, 0)


def test_docstring_examples_run():
    import doctest

    from lazylearn.train import diagnostics, loop, mining, search

    for module in (loop, diagnostics, mining, search):
        result = doctest.testmod(module, raise_on_error=False)
        assert result.failed == 0 and result.attempted >= 1, module.__name__


@pytest.mark.slow
def test_progress_bar_in_an_executed_notebook_is_kept_as_final_text():
    # what a book page built offline keeps: one text/plain output with the finished bar, no widget
    import nbclient
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import numpy as np\n"
        "from lazylearn.train import fit\n"
        "from lazylearn.nn import Linear\n"
        "from lazylearn.losses import CrossEntropyLoss\n"
        "from lazylearn.optim import SGD\n"
        "X = np.array([[1.0, 2.0], [-1.0, -2.0]]); y = np.array([1, 0])\n"
        "m = Linear(2, 2, rng=0)\n"
        "h = fit(m, CrossEntropyLoss(), SGD(m.parameters(), lr=0.1), (X, y), 4, val_data=(X, y))\n"
    )]
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    outputs = nb.cells[0].outputs
    assert len(outputs) == 1, outputs
    data = outputs[0]["data"]
    assert set(data) == {"text/plain"}
    assert "4/4" in data["text/plain"] and "loss=" in data["text/plain"] and "val_loss=" in data["text/plain"]
    assert "widgets" not in nb.metadata


def test_fit_trains_with_an_ohem_loss_like_with_any_loss():
    """OHEMLoss is a loss among the losses: fit needs no special case, the step uses the hardest examples."""
    model = Linear(2, 2, rng=0)
    W0, b0 = model.weight.data.copy(), model.bias.data.copy()
    loss_fn = OHEMLoss(CrossEntropyLoss(reduction="none"), num_hard=2)
    h = train.fit(model, loss_fn, SGD(model.parameters(), lr=0.5), (X_SEP, Y_SEP), 1, batch_size=None,
                  progress=False)
    per = -np.log(_softmax(X_SEP @ W0.T + b0)[np.arange(6), Y_SEP])
    hard = np.argsort(-per)[:2]
    W1, b1 = _manual_ce_step(W0, b0, X_SEP[hard], Y_SEP[hard], 0.5)
    np.testing.assert_allclose(model.weight.data, W1, rtol=1e-12)
    np.testing.assert_allclose(model.bias.data, b1, rtol=1e-12)
    assert h["loss"][0] == pytest.approx(per[hard].mean(), rel=1e-12)
