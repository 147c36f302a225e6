"""Training speed of lazylearn against PyTorch, in the loop the book teaches and in ``fit``.

A 784-256-10 ReLU network, batch 128, one epoch over 60,000 synthetic samples, cross-entropy and
SGD (``--optimizers sgd,adam`` adds Adam), in float32 and float64. Two comparisons:

* ``plain``: the loop of the book and the README, on both sides exactly as a reader writes it::

      optimizer.zero_grad()                           optimizer.zero_grad()
      loss = loss_fn(model(xb), yb)                   loss = loss_fn(model(xb), yb)
      model.backward(loss_fn.backward())              loss.backward()
      optimizer.step()                                optimizer.step()

  over consecutive slices ``x[i:i + 128]`` (no flag: the first layer skips the gradient with
  respect to the data on its own, as PyTorch does for an input without ``requires_grad``);
* ``fit``: ``lazylearn.train.fit(model, loss_fn, optimizer, (x, y), epochs, batch_size=128,
  progress=False)`` against the idiomatic PyTorch loop over
  ``DataLoader(TensorDataset(x, y), batch_size=128, shuffle=True)``; both shuffle every epoch.

Each side runs in its own fresh process pinned to one thread (OMP/MKL/OpenBLAS = 1 and
``torch.set_num_threads(1)``), ``--processes`` processes per side, the sides alternating so that
both see the same machine load. A process builds its data, warms up, then times ``--epochs``
epochs with ``time.process_time()``: the CPU seconds (user + system) of the process, which do not
count the time spent waiting for a core on a shared machine. A process is summarised by its median
epoch; printed per side are the median over the processes and the spread between processes,
(max - min) / median, and the ratio lazylearn / PyTorch of the medians (below 1: lazylearn is
faster). The last loss of each side shows that both did the same work.

Usage::

    python benchmarks/bench_speed.py                   # the full comparison (several minutes)
    python benchmarks/bench_speed.py --samples 12800   # a quick look
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
               "NUMEXPR_NUM_THREADS")
BATCH = 128


def make_data(samples: int, dtype: str):
    """Synthetic inputs and the labels of a random linear teacher, identical for both sides."""
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.standard_normal((samples, 784), dtype=np.dtype(dtype))
    teacher = rng.standard_normal((784, 10), dtype=np.dtype(dtype))
    y = np.argmax(x @ teacher, axis=1).astype(np.int64)
    return x, y


def timed(epoch, epochs: int) -> dict:
    """Run ``epochs`` epochs; the CPU and wall seconds of each, and the last loss."""
    cpu, wall, loss = [], [], None
    for _ in range(epochs):
        c0, w0 = time.process_time(), time.perf_counter()
        loss = epoch()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"cpu": cpu, "wall": wall, "loss": loss, "peak_rss_mb": peak}


def run_lazylearn(args) -> dict:
    import numpy as np

    from lazylearn.losses import CrossEntropyLoss
    from lazylearn.nn import Linear, ReLU, Sequential
    from lazylearn.optim import SGD, Adam
    from lazylearn.train import fit

    x, y = make_data(args.samples, args.dtype)
    dtype = np.dtype(args.dtype)
    model = Sequential(Linear(784, 256, rng=0, dtype=dtype), ReLU(), Linear(256, 10, rng=1, dtype=dtype))
    loss_fn = CrossEntropyLoss()
    optimizer = SGD(model.parameters(), lr=0.01) if args.optimizer == "sgd" else Adam(model.parameters(), lr=1e-3)

    def plain_epoch(limit=None):
        for start in range(0, len(x) if limit is None else limit * BATCH, BATCH):
            xb, yb = x[start:start + BATCH], y[start:start + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            model.backward(loss_fn.backward())
            optimizer.step()
        return float(loss)

    if args.loop == "plain":
        plain_epoch(limit=20)  # warm-up: first allocations, BLAS initialisation
        return timed(plain_epoch, args.epochs)
    fit(model, loss_fn, optimizer, (x[:20 * BATCH], y[:20 * BATCH]), 1, batch_size=BATCH, progress=False, rng=0)
    c0, w0 = time.process_time(), time.perf_counter()
    history = fit(model, loss_fn, optimizer, (x, y), args.epochs, batch_size=BATCH, progress=False, rng=1)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # fit runs its epochs in one call: each epoch is charged the mean (including fit's checks)
    return {"cpu": [cpu / args.epochs] * args.epochs, "wall": [wall / args.epochs] * args.epochs,
            "loss": history["loss"][-1], "peak_rss_mb": peak}


def run_torch(args) -> dict:
    import torch

    torch.set_num_threads(1)
    x_np, y_np = make_data(args.samples, args.dtype)
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)  # shares memory, no copy
    dtype = {"float32": torch.float32, "float64": torch.float64}[args.dtype]
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256, dtype=dtype), torch.nn.ReLU(),
                                torch.nn.Linear(256, 10, dtype=dtype))
    loss_fn = torch.nn.CrossEntropyLoss()
    if args.optimizer == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def plain_epoch(limit=None):
        for start in range(0, len(x) if limit is None else limit * BATCH, BATCH):
            xb, yb = x[start:start + BATCH], y[start:start + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        return float(loss)

    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=BATCH, shuffle=True)

    def loader_epoch():
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        return float(loss)

    plain_epoch(limit=20)
    return timed(plain_epoch if args.loop == "plain" else loader_epoch, args.epochs)


def run_worker(side: str, loop: str, optimizer: str, dtype: str, args) -> dict:
    """Run one side in a fresh single-threaded process and return what it measured."""
    env = dict(os.environ, **{var: "1" for var in THREAD_VARS})
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", side, "--loop", loop, "--optimizer", optimizer,
           "--dtype", dtype, "--samples", str(args.samples), "--epochs", str(args.epochs)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{side} worker failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def summary(results: list) -> dict:
    """One side over its processes: the median of each process's median epoch, and their spread."""
    per_process = [statistics.median(r["cpu"]) for r in results]
    median = statistics.median(per_process)
    return {"cpu_median": median, "cpu_min": min(per_process), "cpu_max": max(per_process),
            "spread": (max(per_process) - min(per_process)) / median, "per_process": per_process,
            "loss": results[-1]["loss"], "peak_rss_mb": max(r["peak_rss_mb"] for r in results)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=60_000)
    parser.add_argument("--epochs", type=int, default=3, help="epochs timed per process")
    parser.add_argument("--processes", type=int, default=5, help="fresh processes per side and configuration")
    parser.add_argument("--loops", default="plain,fit")
    parser.add_argument("--optimizers", default="sgd")
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--json", help="also write every measurement to this file")
    parser.add_argument("--worker", choices=["lazylearn", "torch"], help=argparse.SUPPRESS)
    parser.add_argument("--loop", default="plain", help=argparse.SUPPRESS)
    parser.add_argument("--optimizer", default="sgd", help=argparse.SUPPRESS)
    parser.add_argument("--dtype", default="float32", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps((run_lazylearn if args.worker == "lazylearn" else run_torch)(args)))
        return 0

    print(f"784-256-10 ReLU MLP, {args.samples} samples, batch {BATCH}, one thread per process; CPU seconds per "
          f"epoch, median over {args.processes} fresh processes per side ({args.epochs} epochs each); "
          "spread = (max - min) / median over the processes; load average "
          f"{os.getloadavg()[0]:.1f} at the start")
    header = (f"{'loop':<6} {'optim':<5} {'dtype':<8} {'lazylearn s':>11} {'spread':>7} {'PyTorch s':>10} "
              f"{'spread':>7} {'ratio':>6} {'loss ours/torch':>16}")
    print(header)
    print("-" * len(header))
    rows = []
    for loop in args.loops.split(","):
        for optimizer in args.optimizers.split(","):
            for dtype in args.dtypes.split(","):
                runs = {"lazylearn": [], "torch": []}
                for _ in range(args.processes):  # alternate the sides so both see the same load
                    for side in runs:
                        runs[side].append(run_worker(side, loop, optimizer, dtype, args))
                ours, theirs = summary(runs["lazylearn"]), summary(runs["torch"])
                ratio = ours["cpu_median"] / theirs["cpu_median"]
                rows.append({"loop": loop, "optimizer": optimizer, "dtype": dtype, "lazylearn": ours,
                             "torch": theirs, "ratio": ratio, "raw": runs})
                print(f"{loop:<6} {optimizer:<5} {dtype:<8} {ours['cpu_median']:>11.3f} {ours['spread']:>7.1%} "
                      f"{theirs['cpu_median']:>10.3f} {theirs['spread']:>7.1%} {ratio:>6.2f} "
                      f"{ours['loss']:>8.3f}/{theirs['loss']:<7.3f}", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
