"""Grading speed: plain serial ``nbgrader autograde`` against ``lazylearn grade --jobs 2``.

The same class (COPIES submissions of chapter 1: half solved, half with the slope task left
blank) is graded twice, each in a fresh copy of the course with its own gradebook:

    nbgrader autograde ch01-fitting-a-line          (one Jupyter kernel per notebook, serial)
    lazylearn grade ch01 --jobs 2                   (bubblewrap sandbox per notebook, 2 at a time)

and the ratio of wall-clock times is printed (target: >= 2.5 on 2 cores, sandbox included), with
the CPU time (user + sys) of each side's processes. Both must write identical gradebooks (every
score, grade cell and flag compared). On a machine shared with other work the ratio moves. Usage: ``python benchmarks/bench_grading.py [COPIES]`` (default 40).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CH01 = "ch01-fitting-a-line"
BIN = Path(sys.executable).parent


def make_class(root: Path, copies: int) -> None:
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(REPO / "solutions" / CH01, root / "solutions" / CH01)
    subprocess.run([sys.executable, "-m", "lazylearn", "release", CH01, "--course", str(root)], check=True,
                   capture_output=True)
    solved = json.loads((root / "solutions" / CH01 / f"{CH01}.ipynb").read_text())
    blank = json.loads((root / "exercises" / CH01 / f"{CH01}.ipynb").read_text())
    half = json.loads(json.dumps(solved))
    src = {c["metadata"].get("nbgrader", {}).get("grade_id"): c["source"] for c in blank["cells"]}
    for c in half["cells"]:
        if c["metadata"].get("nbgrader", {}).get("grade_id") == "grads-answer":
            c["source"] = src["grads-answer"]
    for i in range(copies):
        dest = root / "submitted" / f"student{i:03d}" / CH01 / f"{CH01}.ipynb"
        dest.parent.mkdir(parents=True)
        dest.write_text(json.dumps(solved if i % 2 == 0 else half))


def gradebook(root: Path) -> dict:
    from lazylearn.grading.autograde import gradebook_fields
    return gradebook_fields(f"sqlite:///{root / 'gradebook.db'}", CH01)


def timed(cmd, cwd) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children)."""
    import resource
    env = dict(os.environ, PATH=f"{BIN}:{os.environ.get('PATH', '')}")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # 1: lazylearn graded, some submission needs a look
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main(copies: int = 40) -> float:
    with tempfile.TemporaryDirectory(prefix="lazylearn-bench-") as tmp:
        a, b = Path(tmp, "nbgrader"), Path(tmp, "lazylearn")
        a.mkdir()
        make_class(a, copies)
        shutil.copytree(a, b)
        t_nbgrader, cpu_nbgrader = timed([BIN / "nbgrader", "autograde", CH01], a)
        t_lazylearn, cpu_lazylearn = timed([sys.executable, "-m", "lazylearn", "grade", CH01, "--jobs", "2",
                                            "--quiet"], b)
        same = gradebook(a) == gradebook(b)
        from lazylearn.grading.sandbox import sandbox_available
        print(f"{copies} submissions of {CH01} on {os.cpu_count()} cores "
              f"(sandbox: {'bubblewrap' if sandbox_available()[0] else 'NONE'})")
        print(f"  nbgrader autograde (serial):    {t_nbgrader:7.1f} s  ({t_nbgrader / copies:.2f} s per notebook), "
              f"CPU {cpu_nbgrader:.1f} s")
        print(f"  lazylearn grade --jobs 2:       {t_lazylearn:7.1f} s  ({t_lazylearn / copies:.2f} s per notebook), "
              f"CPU {cpu_lazylearn:.1f} s")
        print(f"  speed-up: {t_nbgrader / t_lazylearn:.2f}x (CPU time ratio {cpu_nbgrader / cpu_lazylearn:.2f})   "
              f"identical gradebooks: {same}")
        if not same:
            raise SystemExit("the two graders disagree")
        return t_nbgrader / t_lazylearn


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("copies", nargs="?", type=int, default=40, help="submissions in the class (default: 40)")
    main(parser.parse_args().copies)
