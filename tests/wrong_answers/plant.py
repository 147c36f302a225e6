"""Plant a chapter's catalogue of wrong (and right-but-different) answers through real autograding.

Each catalogue entry becomes one student: the solution notebook with the entry's code appended to
the answer cell that defines its function (so the entry's definition replaces the solution's).
A whole class is graded by ONE ``lazylearn grade <assignment> --jobs 2`` call in a temporary
course folder; the command line is the only interface used.

Run as a script to print, per task, how many catalogued wrong answers the tests of a solutions
folder catch (``python tests/wrong_answers/plant.py [--solutions DIR] [ch01 ...]``).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ASSIGNMENTS = {"ch01": "ch01-fitting-a-line", "ch02": "ch02-gradient-descent",
               "ch03": "ch03-backpropagation", "ch04": "ch04-losses",
               "ch05": "ch05-optimizers"}


def catalogue(short: str) -> dict:
    """The entries of ``tests/wrong_answers/<short>.py``: ``WRONG`` (each with its ``expect``
    regex from ``EXPECT``), ``RIGHT``, and ``ALLOWED`` (ambiguous wrong answers that the precise
    task text allows, which must keep full marks like the right ones)."""
    ns = runpy.run_path(str(HERE / f"{short}.py"))
    expect, allowed = ns.get("EXPECT", {}), ns.get("ALLOWED", {})
    wrong = [dict(e, expect=expect.get(e["id"])) for e in ns.get("WRONG", []) if e["id"] not in allowed]
    return {"WRONG": wrong, "RIGHT": list(ns.get("RIGHT", [])),
            "ALLOWED": [dict(e, allowed=allowed[e["id"]]) for e in ns.get("WRONG", []) if e["id"] in allowed],
            "EXPECT": expect}


def cells_by_id(nb) -> dict:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if "nbgrader" in c.metadata and "grade_id" in c.metadata["nbgrader"]}


def defines(source: str) -> set[str]:
    return set(re.findall(r"^(?:def|class) (\w+)\b", source, flags=re.M))


def test_cells_of(solution, function: str) -> list[str]:
    """The graded test cells that call ``function`` (the ones a mistake in it can fail)."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(function)}\(")
    return [gid for gid, c in cells_by_id(solution).items()
            if c.metadata["nbgrader"].get("grade") and pattern.search(c.source)]


def plant(released, solution, codes=(), *, prelude=None, delete=()):
    """The released notebook with the solution's answers, ``codes`` appended to the answer cells
    defining their functions (``codes``: (function, code) pairs), a prelude cell after the set-up
    cell, and the test cells ``delete`` removed."""
    nb = nbformat.from_dict(json.loads(json.dumps(released)))
    sol = cells_by_id(solution)
    placed = set()
    for gid, cell in cells_by_id(nb).items():
        if cell.metadata["nbgrader"].get("solution"):
            src = sol[gid].source
            for function, code in codes:
                if function in defines(sol[gid].source):
                    src += "\n\n\n" + code.strip("\n") + "\n"
                    placed.add(function)
            cell.source = src
    missing = {f for f, _ in codes} - placed
    if missing:
        raise ValueError(f"no answer cell defines {sorted(missing)}")
    if prelude:
        idx = next(i for i, c in enumerate(nb.cells)
                   if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
        nb.cells.insert(idx + 1, nbformat.v4.new_code_cell(prelude))
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in delete]
    for i, c in enumerate(nb.cells):
        c["id"] = f"c{i}"
    return nb


def env() -> dict:
    e = dict(os.environ)
    e.pop("LAZYLEARN_DB_URL", None)
    bindir = os.path.dirname(sys.executable)
    e["PATH"] = bindir + os.pathsep + e.get("PATH", "")
    return e


def tool(name: str) -> str:
    return os.path.join(os.path.dirname(sys.executable), name)


@dataclass
class Course:
    """A temporary course folder holding one assignment, released, with submissions."""

    assignment: str
    root: Path
    solutions: Path = ROOT / "solutions"
    seconds: float = 0.0
    log: str = ""
    students: dict = field(default_factory=dict)

    def __post_init__(self):
        self.root = Path(self.root)
        shutil.copy(ROOT / "nbgrader_config.py", self.root / "nbgrader_config.py")
        shutil.copytree(Path(self.solutions) / self.assignment, self.root / "solutions" / self.assignment)
        proc = subprocess.run([tool("lazylearn"), "release", self.assignment], cwd=self.root, env=env(),
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
        name = f"{self.assignment}.ipynb"
        self.released = nbformat.read(self.root / "exercises" / self.assignment / name, 4)
        self.solution = nbformat.read(self.root / "solutions" / self.assignment / name, 4)

    def submit(self, student: str, nb) -> None:
        path = self.root / "submitted" / student / self.assignment / f"{self.assignment}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)
        self.students[student] = nb

    def grade(self, *, jobs: int = 2) -> subprocess.CompletedProcess:
        """ONE ``lazylearn grade`` of every submission (exit code 1 only says some need a look)."""
        start = time.perf_counter()
        proc = subprocess.run([tool("lazylearn"), "grade", self.assignment, "--jobs", str(jobs), "--quiet"],
                              cwd=self.root, env=env(), capture_output=True, text=True, timeout=1200)
        self.seconds = time.perf_counter() - start
        self.log = proc.stdout + proc.stderr
        assert proc.returncode in (0, 1), self.log[-5000:]
        return proc

    def autograde(self) -> subprocess.CompletedProcess:
        """Every submission through nbgrader's own ``nbgrader autograde``."""
        start = time.perf_counter()
        proc = subprocess.run([tool("nbgrader"), "autograde", self.assignment, "--force"], cwd=self.root,
                              env=env(), capture_output=True, text=True, timeout=1200)
        self.seconds = time.perf_counter() - start
        self.log = proc.stdout + proc.stderr
        assert proc.returncode == 0, self.log[-5000:]
        return proc

    def scores(self) -> dict:
        """``{student: {test cell: (score, max_score)}}`` from the gradebook."""
        from nbgrader.api import Gradebook
        out = {}
        with Gradebook(f"sqlite:///{self.root / 'gradebook.db'}") as gb:
            for student in self.students:
                try:
                    sub = gb.find_submission_notebook(self.assignment, self.assignment, student)
                except Exception:
                    out[student] = {}
                    continue
                out[student] = {g.name: (g.score, g.max_score) for g in sub.grades if g.cell_type == "code"}
        return out

    def output(self, student: str, grade_id: str) -> str:
        path = self.root / "autograded" / student / self.assignment / f"{self.assignment}.ipynb"
        cell = cells_by_id(nbformat.read(path, 4)).get(grade_id)
        if cell is None:
            return ""
        parts = []
        for out in cell.get("outputs", []):
            parts.append(out.get("text", "") + out.get("ename", "") + ": " + out.get("evalue", "") + "\n"
                         + "\n".join(out.get("traceback", [])))
        return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(parts))


def student_name(entry: dict, prefix: str) -> str:
    return prefix + "-" + re.sub(r"[^A-Za-z0-9_-]+", "-", entry["id"])


@dataclass
class Verdict:
    entry: dict
    student: str
    lost: float
    scores: dict
    outputs: dict  # test cell -> feedback text, for the cells that call the entry's function
    expect: str | None = None

    @property
    def caught(self) -> bool:
        return self.lost > 0

    @property
    def named(self) -> bool:
        """The feedback of a cell that calls the function matches the entry's ``expect``."""
        if not self.expect:
            return False
        return any(re.search(self.expect, text, flags=re.S) for text in self.outputs.values())


def plant_class(short: str, root: Path, *, solutions: Path | None = None, extra_students=None,
                jobs: int = 2):
    """Grade one class: a student per WRONG and RIGHT entry of the chapter's catalogue (and
    ``extra_students``: {name: notebook}), with one ``lazylearn grade`` call.

    Returns:
        (course, {student: Verdict})
    """
    assignment = ASSIGNMENTS[short]
    course = Course(assignment, root, solutions=solutions or ROOT / "solutions")
    cat = catalogue(short)
    planted = {}
    for prefix, entries in (("w", cat["WRONG"]), ("r", cat["RIGHT"]), ("a", cat["ALLOWED"])):
        for entry in entries:
            name = student_name(entry, prefix)
            course.submit(name, plant(course.released, course.solution, [(entry["function"], entry["code"])]))
            planted[name] = entry
    for name, nb in (extra_students or {}).items():
        course.submit(name, nb)
    course.grade(jobs=jobs)
    scores = course.scores()
    verdicts = {}
    for name, entry in planted.items():
        sc = scores.get(name, {})
        lost = sum(m - s for s, m in sc.values()) if sc else float("nan")
        cells = test_cells_of(course.solution, entry["function"])
        outputs = {c: course.output(name, c) for c in cells}
        verdicts[name] = Verdict(entry, name, lost, sc, outputs, entry.get("expect"))
    return course, verdicts


def summary(short: str, verdicts: dict) -> list[tuple]:
    """Rows (task, function, n wrong, n caught, n named, n right or allowed, n of those kept full)."""
    rows: dict[tuple, list] = {}
    for v in verdicts.values():
        key = (v.entry["task"], v.entry["function"])
        row = rows.setdefault(key, [0, 0, 0, 0, 0])
        if v.student.startswith("w-"):
            row[0] += 1
            row[1] += v.caught
            row[2] += v.caught and v.named
        else:
            row[3] += 1
            row[4] += v.lost == 0
    return [(*k, *r) for k, r in sorted(rows.items())]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("chapters", nargs="*", default=sorted(ASSIGNMENTS))
    p.add_argument("--solutions", type=Path, default=ROOT / "solutions")
    p.add_argument("--json", type=Path, default=None, help="write the per-entry verdicts here")
    p.add_argument("--show-missed", action="store_true")
    args = p.parse_args(argv)
    report = {}
    for short in args.chapters:
        with tempfile.TemporaryDirectory() as tmp:
            course, verdicts = plant_class(short, Path(tmp), solutions=args.solutions)
            print(f"{short}: {len(verdicts)} students graded in {course.seconds:.1f} s")
            print(f"  {'task':<8} {'function':<22} wrong caught named  right kept  (right: RIGHT + ALLOWED)")
            for task, fn, nw, nc, nn, nr, nk in summary(short, verdicts):
                print(f"  {task:<8} {fn:<22} {nw:5d} {nc:6d} {nn:5d}  {nr:5d} {nk:4d}")
            tot = [sum(r[i] for r in summary(short, verdicts)) for i in range(2, 7)]
            print(f"  {'total':<31} {tot[0]:5d} {tot[1]:6d} {tot[2]:5d}  {tot[3]:5d} {tot[4]:4d}")
            if args.show_missed:
                for v in verdicts.values():
                    if v.student.startswith("w-") and not (v.caught and v.named):
                        print(f"    MISSED {v.entry['id']}: lost {v.lost}" + ("" if not v.caught else " (not named)"))
                    if not v.student.startswith("w-") and v.lost != 0:
                        print(f"    RIGHT LOST {v.entry['id']}: {v.scores}")
            report[short] = {v.entry["id"]: {"kind": {"w": "wrong", "r": "right", "a": "allowed"}[v.student[0]],
                                            "task": v.entry["task"], "function": v.entry["function"],
                                            "lost": v.lost, "named": v.named,
                                            "feedback": {c: t[-1500:] for c, t in v.outputs.items()}}
                             for v in verdicts.values()}
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
