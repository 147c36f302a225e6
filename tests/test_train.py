"""Tests for lazylearn.train: fit, evaluate, History, fit(ohem=), bootstrap."""
import numpy as np
import pytest

from lazylearn import train
from lazylearn.data import make_moons
from lazylearn.losses import CrossEntropyLoss, MSELoss, OHEMLoss
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


def test_early_stopping_stops_and_restores_the_best_weights():
    from lazylearn.regularization import EarlyStopping

    model, data, val = _diverging_setup()
    seen = []
    record = lambda epoch, history, m: seen.append(m.weight.data.copy()) and False
    stopper = EarlyStopping(patience=2)
    h = train.fit(model, MSELoss(), SGD(model.parameters(), lr=0.05), data, 20, batch_size=None,
                  val_data=val, callbacks=[record, stopper], progress=False)
    # best after epoch 1, no improvement in epochs 2 and 3 -> stop after epoch 3
    assert np.all(np.diff(h["val_loss"]) > 0)
    assert h.stopped_epoch == 3 and h.epochs == 3
    assert stopper.best == pytest.approx(h["val_loss"][0])
    np.testing.assert_array_equal(model.weight.data, seen[0])
    assert not np.array_equal(seen[0], seen[-1])


def test_early_stopping_restores_the_best_weights_when_epochs_run_out():
    from lazylearn.regularization import EarlyStopping

    model, data, val = _diverging_setup()
    seen = []
    record = lambda epoch, history, m: seen.append(m.weight.data.copy()) and False
    h = train.fit(model, MSELoss(), SGD(model.parameters(), lr=0.05), data, 4, batch_size=None,
                  val_data=val, callbacks=[record, EarlyStopping(patience=10)], progress=False)
    assert h.epochs == 4 and h.stopped_epoch is None
    np.testing.assert_array_equal(model.weight.data, seen[0])
    # without restore_best the model keeps its last weights
    model, data, val = _diverging_setup()
    seen.clear()
    train.fit(model, MSELoss(), SGD(model.parameters(), lr=0.05), data, 4, batch_size=None, val_data=val,
              callbacks=[record, EarlyStopping(patience=10, restore_best=False)], progress=False)
    np.testing.assert_array_equal(model.weight.data, seen[-1])


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


# --------------------------------------------------------------------------------------- OHEM
def test_fit_with_ohem_updates_only_from_the_hardest_examples():
    model = Linear(2, 2, rng=0)
    W0, b0 = model.weight.data.copy(), model.bias.data.copy()
    loss_fn = CrossEntropyLoss()
    h = train.fit(model, loss_fn, SGD(model.parameters(), lr=0.5), (X_SEP, Y_SEP), 1, batch_size=None,
                  ohem=2, val_data=(X_SEP, Y_SEP), progress=False)
    z = X_SEP @ W0.T + b0
    per = -np.log(_softmax(z)[np.arange(6), Y_SEP])
    hard = np.argsort(-per)[:2]
    W1, b1 = _manual_ce_step(W0, b0, X_SEP[hard], Y_SEP[hard], 0.5)
    np.testing.assert_allclose(model.weight.data, W1, rtol=1e-12)
    np.testing.assert_allclose(model.bias.data, b1, rtol=1e-12)
    assert h["loss"][0] == pytest.approx(per[hard].mean())
    assert loss_fn.reduction == "mean"  # the caller's loss is not modified
    assert h["val_loss"][0] == pytest.approx(train.evaluate(model, loss_fn, (X_SEP, Y_SEP)))


def test_fit_accepts_an_ohem_loss_object_like_any_loss():
    runs = []
    for loss_fn, ohem in ((OHEMLoss(CrossEntropyLoss(reduction="none"), 2), None), (CrossEntropyLoss(), 2)):
        model = Linear(2, 2, rng=0)
        h = train.fit(model, loss_fn, SGD(model.parameters(), lr=0.5), (X_SEP, Y_SEP), 2, batch_size=None,
                      ohem=ohem, val_data=(X_SEP, Y_SEP), progress=False)
        runs.append((model.weight.data.copy(), h["loss"], h["val_loss"]))
    np.testing.assert_allclose(runs[0][0], runs[1][0], rtol=1e-12)
    np.testing.assert_allclose(runs[0][1], runs[1][1], rtol=1e-12)
    np.testing.assert_allclose(runs[0][2], runs[1][2], rtol=1e-12)  # validated on every example


# ---------------------------------------------------------------------------------- bootstrap
def test_bootstrap_adds_copies_of_the_misclassified_examples(monkeypatch):
    X, y = make_moons(60, noise=0.2, rng=0)  # a linear model must get some wrong
    seen = []
    real_fit = train.fit
    monkeypatch.setattr(train, "fit", lambda m, l, o, data, *a, **k: seen.append(data) or real_fit(m, l, o, data, *a, **k))
    model = Linear(2, 2, rng=0)
    res = train.bootstrap(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.5), (X, y), rounds=2,
                          epochs=5, factor=2, rng=0, progress=False)
    hard0 = res.hard[0]
    assert 0 < len(hard0) < len(X)
    assert len(res.histories) == 2 and len(seen) == 2
    expected = np.ones(60, dtype=int)
    expected[hard0] += 2
    np.testing.assert_array_equal(res.counts_per_round[0], np.ones(60))
    np.testing.assert_array_equal(res.counts, expected)
    assert np.all(res.weights[hard0] > res.weights[np.setdiff1d(np.arange(60), hard0)].max())
    # round 2 trained on the data plus two more copies of each misclassified example
    X2, y2 = seen[1]
    assert len(X2) == 60 + 2 * len(hard0)
    rows = {tuple(r) for r in X2.round(12)}
    for i in hard0:
        assert sum(np.allclose(r, X[i]) for r in X2) == 3
    assert rows == {tuple(r) for r in X.round(12)}
    # and those examples were the misclassified ones at the time: recompute with the first-round model
    model_check = Linear(2, 2, rng=0)
    real_fit(model_check, CrossEntropyLoss(), SGD(model_check.parameters(), lr=0.5), (X, y), 5, rng=np.random.default_rng(0),
             progress=False)
    np.testing.assert_array_equal(hard0, np.flatnonzero(model_check(X).argmax(axis=1) != y))


def test_bootstrap_loss_mining_picks_the_highest_losses():
    X, y = make_moons(40, noise=0.2, rng=1)
    model = Linear(2, 2, rng=0)
    res = train.bootstrap(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.5), (X, y), rounds=1,
                          epochs=3, mining="loss", n_hard=5, rng=0, progress=False)
    per = -np.log(_softmax(model(X))[np.arange(40), y])
    np.testing.assert_array_equal(res.hard[0], np.sort(np.argsort(-per)[:5]))


def test_bootstrap_hard_negative_mining_from_an_initial_subset():
    X, y = make_moons(50, noise=0.1, rng=2)
    initial = np.flatnonzero(y == 1)[:10]  # only positives at first: everything negative is "unused"
    model = Linear(2, 2, rng=0)
    res = train.bootstrap(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.5), (X, y), rounds=2,
                          epochs=3, initial=initial, rng=0, progress=False)
    c0 = res.counts_per_round[0]
    assert c0.sum() == 10 and np.all(c0[initial] == 1)
    # a model trained on positives only calls negatives positive: they are mined into round 2
    added = np.flatnonzero(res.counts > c0)
    assert len(added) > 0 and np.all(y[added] == 0)


def test_bootstrap_bad_arguments():
    model = Linear(2, 2, rng=0)
    opt = SGD(model.parameters())
    with pytest.raises(ValueError, match="mining"):
        train.bootstrap(model, CrossEntropyLoss(), opt, (X_SEP, Y_SEP), mining="hardest")
    with pytest.raises(ValueError, match="initial"):
        train.bootstrap(model, CrossEntropyLoss(), opt, (X_SEP, Y_SEP), initial=[0, 9])
    with pytest.raises(ValueError, match="rounds"):
        train.bootstrap(model, CrossEntropyLoss(), opt, (X_SEP, Y_SEP), rounds=0)


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
