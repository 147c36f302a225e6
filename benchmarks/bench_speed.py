"""Training speed and memory of lazylearn against PyTorch on the same work.

A 784-256-10 ReLU network trained for one epoch on 60,000 synthetic samples (batch 128): forward,
cross-entropy, backward and an optimizer step per batch, with SGD and with Adam, in float32 and
float64. Each side runs in its own fresh process pinned to one thread (OMP/MKL/OpenBLAS and
``torch.set_num_threads(1)``), so neither gets more cores or shares memory with the other.

Reported per configuration: wall-clock seconds per epoch for each side (the best of ``--repeats``
epochs in each of ``--rounds`` fresh processes, the sides alternating), their ratio (lazylearn /
PyTorch, below 1 means lazylearn is faster), the same ratio of CPU seconds (steadier than wall
time on a machine shared with other work) and each process's peak resident memory
(``ru_maxrss``), which includes the data set both sides hold (188 MB in float32, 376 MB in
float64).

The lazylearn loop is the one a reader writes::

    optimizer.zero_grad()
    loss = loss_fn(model(xb), yb)
    model.backward(loss_fn.backward(), input_grad=False)
    optimizer.step()

``input_grad=False`` skips the gradient with respect to the data, which PyTorch does not compute
either (the input does not require a gradient); ``--with-input-grad`` measures the cost of
computing it anyway.

Usage::

    python benchmarks/bench_speed.py                  # the full comparison (a few minutes)
    python benchmarks/bench_speed.py --samples 12800  # a quick look
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
               "NUMEXPR_NUM_THREADS")


def make_data(samples: int, dtype: str):
    """Synthetic inputs and the labels of a random linear teacher, identical for both sides."""
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.standard_normal((samples, 784), dtype=np.dtype(dtype))
    teacher = rng.standard_normal((784, 10), dtype=np.dtype(dtype))
    y = np.argmax(x @ teacher, axis=1).astype(np.int64)
    return x, y


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def timed_epochs(epoch, repeats: int) -> dict:
    """Run ``repeats`` epochs; the best wall-clock and CPU seconds, the last loss, the peak RSS."""
    wall, cpu, losses = [], [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        losses.append(epoch())
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return {"seconds": min(wall), "cpu_seconds": min(cpu), "all_seconds": wall, "last_loss": losses[-1],
            "peak_rss_mb": peak_rss_mb()}


def run_lazylearn(args) -> dict:
    import numpy as np

    from lazylearn.losses import CrossEntropyLoss
    from lazylearn.nn import Linear, ReLU, Sequential
    from lazylearn.optim import SGD, Adam

    x, y = make_data(args.samples, args.dtype)
    dtype = np.dtype(args.dtype)
    model = Sequential(Linear(784, 256, rng=0, dtype=dtype), ReLU(), Linear(256, 10, rng=1, dtype=dtype))
    loss_fn = CrossEntropyLoss()
    optimizer = SGD(model.parameters(), lr=0.01) if args.optimizer == "sgd" else Adam(model.parameters(), lr=1e-3)
    bs = args.batch_size

    def epoch(limit=None):
        loss = None
        for start in range(0, len(x) if limit is None else limit * bs, bs):
            xb, yb = x[start:start + bs], y[start:start + bs]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            model.backward(loss_fn.backward(), input_grad=args.with_input_grad)
            optimizer.step()
        return float(loss)

    epoch(limit=5)  # warm-up: first allocations, BLAS initialisation
    result = timed_epochs(epoch, args.repeats)
    assert model[0].weight.data.dtype == dtype and model[0].weight.grad.dtype == dtype
    return result


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
    bs = args.batch_size
    if args.with_input_grad:
        x.requires_grad_(True)

    def epoch(limit=None):
        loss = None
        for start in range(0, len(x) if limit is None else limit * bs, bs):
            xb, yb = x[start:start + bs], y[start:start + bs]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        return float(loss)

    epoch(limit=5)
    return timed_epochs(epoch, args.repeats)


def run_worker(side: str, optimizer: str, dtype: str, args) -> dict:
    """Run one side in a fresh single-threaded process and return what it measured."""
    env = dict(os.environ, **{var: "1" for var in THREAD_VARS})
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", side, "--optimizer", optimizer, "--dtype", dtype,
           "--samples", str(args.samples), "--batch-size", str(args.batch_size), "--repeats", str(args.repeats)]
    if args.with_input_grad:
        cmd.append("--with-input-grad")
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{side} worker failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def best(results: list) -> dict:
    """Combine the rounds of one side: the fastest times, the largest peak memory."""
    return {"seconds": min(r["seconds"] for r in results), "cpu_seconds": min(r["cpu_seconds"] for r in results),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in results), "last_loss": results[-1]["last_loss"],
            "rounds": results}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=60_000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3, help="epochs timed per side; the best is reported")
    parser.add_argument("--rounds", type=int, default=2,
                        help="fresh processes per side, alternating between the sides; the best is reported")
    parser.add_argument("--optimizers", default="sgd,adam")
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--with-input-grad", action="store_true",
                        help="also compute the gradient w.r.t. the data on both sides")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--worker", choices=["lazylearn", "torch"], help=argparse.SUPPRESS)
    parser.add_argument("--optimizer", default="sgd", help=argparse.SUPPRESS)
    parser.add_argument("--dtype", default="float32", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        result = (run_lazylearn if args.worker == "lazylearn" else run_torch)(args)
        print(json.dumps(result))
        return 0

    print(f"784-256-10 ReLU MLP, {args.samples} samples, batch {args.batch_size}, one thread per process, "
          f"best of {args.repeats} epoch(s) x {args.rounds} round(s)" + (", with input gradients" if args.with_input_grad else ""))
    header = (f"{'optimizer':<9} {'dtype':<8} {'lazylearn s/epoch':>17} {'torch s/epoch':>13} {'ratio':>6} "
              f"{'cpu ratio':>9} "
              f"{'lazylearn RSS MB':>16} {'torch RSS MB':>12}")
    print(header)
    print("-" * len(header))
    rows = []
    for optimizer in args.optimizers.split(","):
        for dtype in args.dtypes.split(","):
            runs = {"lazylearn": [], "torch": []}
            for _ in range(args.rounds):  # alternate the sides so both see the same machine load
                for side in runs:
                    runs[side].append(run_worker(side, optimizer, dtype, args))
            ours, theirs = (best(runs[side]) for side in ("lazylearn", "torch"))
            ratio = ours["seconds"] / theirs["seconds"]
            cpu_ratio = ours["cpu_seconds"] / theirs["cpu_seconds"]
            rows.append({"optimizer": optimizer, "dtype": dtype, "lazylearn": ours, "torch": theirs, "ratio": ratio,
                         "cpu_ratio": cpu_ratio})
            print(f"{optimizer:<9} {dtype:<8} {ours['seconds']:>17.3f} {theirs['seconds']:>13.3f} {ratio:>6.2f} "
                  f"{cpu_ratio:>9.2f} {ours['peak_rss_mb']:>16.0f} {theirs['peak_rss_mb']:>12.0f}", flush=True)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
