"""The exercise notebooks under real nbgrader, in temporary course directories.

For each assignment one module-scoped course is built: the solutions and nbgrader_config.py are
copied to a temporary root, the assignment is released with ``lazylearn.course.release`` (nbgrader's
generate_assignment), and a class of planted submissions is graded in ONE ``nbgrader autograde``
run: the solution as is, the untouched release, students whose answer cells hold typical mistakes
(several tasks per student, one mistake per function), students who tamper with the test helpers
or NumPy, and one who deletes test cells.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from lazylearn.course import assignments, ensure_tools_on_path, release

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ["ch01-fitting-a-line", "ch02-gradient-descent", "ch03-backpropagation"]

# ----------------------------------------------------------------------------------------------
# Typical wrong answers: (function, test cell it must fail, mistake, code, text the feedback shows)
# The code is appended to the (correct) answer cell that defines the function, replacing it.

MISTAKES = {
    "ch01-fitting-a-line": [
        ("predict", "predict-tests", "adds instead of multiplying",
         "def predict(w, x):\n    return w + x", "predict(2.0, x) is wrong"),
        ("predict", "predict-tests", "forgets to return",
         "def predict(w, x):\n    w * x", "forget to `return`"),
        ("mse", "mse-tests", "sum instead of mean",
         "def mse(y_hat, y):\n    return np.sum((y_hat - y) ** 2)", "exactly 3 times too large"),
        ("mse", "mse-tests", "errors not squared",
         "def mse(y_hat, y):\n    return np.mean(y_hat - y)", "mse([1, 1, 5], [1, 2, 3]) is wrong"),
        ("mse", "mse-tests", "root of the mean (RMSE)",
         "def mse(y_hat, y):\n    return np.sqrt(np.mean((y_hat - y) ** 2))", "is wrong"),
        ("mae", "mae-tests", "no absolute value",
         "def mae(y_hat, y):\n    return np.mean(y_hat - y)", "mae([1, 2, 4], [1, 3, 3]) is wrong"),
        ("mae", "mae-tests", "sum instead of mean",
         "def mae(y_hat, y):\n    return np.sum(np.abs(y_hat - y))", "exactly 3 times too large"),
        ("mse_grad", "mse-grad-tests", "missing factor 2",
         "def mse_grad(w, x, y):\n    return np.mean((w * x - y) * x)", "missing factor 2"),
        ("mse_grad", "mse-grad-tests", "sign error",
         "def mse_grad(w, x, y):\n    return np.mean(2 * (y - w * x) * x)", "sign error"),
        ("mse_grad", "mse-grad-tests", "sum instead of mean",
         "def mse_grad(w, x, y):\n    return np.sum(2 * (w * x - y) * x)", "exactly 4 times too large"),
        ("mae_grad", "mae-grad-tests", "forgets the chain rule factor x",
         "def mae_grad(w, x, y):\n    return np.mean(np.sign(w * x - y))", "mae_grad(1.0, x, y) is wrong"),
        ("mae_grad", "mae-grad-tests", "sum instead of mean",
         "def mae_grad(w, x, y):\n    return np.sum(np.sign(w * x - y) * x)", "exactly 4 times too large"),
        ("grid_search", "grid-tests", "argmax instead of argmin",
         "def grid_search(x, y, ws):\n    losses = np.array([np.mean((w * x - y) ** 2) for w in ws])\n"
         "    return ws[np.argmax(losses)], losses", "best_w on the chapter's data is wrong"),
        ("grid_search", "grid-tests", "losses summed",
         "def grid_search(x, y, ws):\n    losses = np.array([np.sum((w * x - y) ** 2) for w in ws])\n"
         "    return ws[np.argmin(losses)], losses", "exactly 4 times too large"),
    ],
    "ch02-gradient-descent": [
        ("gd_step", "step-tests", "climbs the gradient (sign error)",
         "def gd_step(w, grad, lr):\n    return w + lr * grad", "is wrong"),
        ("gd_step", "step-tests", "updates w in place",
         "def gd_step(w, grad, lr):\n    w -= lr * grad\n    return w", "changed its argument #1 in place"),
        ("gd_step", "step-tests", "ignores the learning rate",
         "def gd_step(w, grad, lr):\n    return w - grad", "is wrong"),
        ("gradient_descent", "loop-tests", "history without w0",
         "def gradient_descent(grad_fn, w0, lr, steps):\n    w, out = w0, []\n"
         "    for _ in range(steps):\n        w = w - lr * grad_fn(w)\n        out.append(w)\n"
         "    return np.array(out)", "has shape (3,), expected (4,)"),
        ("gradient_descent", "loop-tests", "appends one array updated in place",
         "def gradient_descent(grad_fn, w0, lr, steps):\n    w = np.array(w0, dtype=float)\n"
         "    history = [w]\n    for _ in range(steps):\n        w -= lr * grad_fn(w)\n"
         "        history.append(w)\n    return np.array(history)", "the history of w from 0 with lr = 0.01 is wrong"),
        ("minibatch_sgd", "sgd-tests", "gradient summed over the batch",
         "def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):\n    w, out = float(w0), []\n"
         "    for _ in range(epochs):\n        order = rng.permutation(len(x))\n"
         "        for s in range(0, len(x), batch_size):\n            i = order[s:s + batch_size]\n"
         "            w = w - lr * np.sum(2 * (w * x[i] - y[i]) * x[i])\n            out.append(w)\n"
         "    return np.array(out)", "weights after each step"),
        ("minibatch_sgd", "sgd-tests", "never shuffles",
         "def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):\n    w, out = float(w0), []\n"
         "    for _ in range(epochs):\n        for s in range(0, len(x), batch_size):\n"
         "            xb, yb = x[s:s + batch_size], y[s:s + batch_size]\n"
         "            w = w - lr * np.mean(2 * (w * xb - yb) * xb)\n            out.append(w)\n"
         "    return np.array(out)", "weights after each step"),
        ("minibatch_sgd", "sgd-tests", "shuffles x and y separately",
         "def minibatch_sgd(x, y, w0, lr, epochs, batch_size, rng):\n    w, out = float(w0), []\n"
         "    for _ in range(epochs):\n        xs, ys = x[rng.permutation(len(x))], y[rng.permutation(len(y))]\n"
         "        for s in range(0, len(x), batch_size):\n            xb, yb = xs[s:s + batch_size], ys[s:s + batch_size]\n"
         "            w = w - lr * np.mean(2 * (w * xb - yb) * xb)\n            out.append(w)\n"
         "    return np.array(out)", "weights after each step"),
        ("critical_lr", "critical-lr-tests", "extra factor 2",
         "def critical_lr(x):\n    return 2 / np.mean(x ** 2)", "twice the expected"),
        ("critical_lr", "critical-lr-tests", "sum instead of mean",
         "def critical_lr(x):\n    return 1 / np.sum(x ** 2)", "exactly 4 times too small"),
        ("diverged", "diverged-tests", "only looks for NaN",
         "def diverged(losses):\n    return bool(np.any(np.isnan(losses)))", "diverged([1.0, 3.0, 9.0]) returned False"),
        ("diverged", "diverged-tests", "only compares last and first",
         "def diverged(losses):\n    return bool(losses[-1] > losses[0])", "diverged([1.0, nan, nan]) returned False"),
    ],
    "ch03-backpropagation": [
        ("sigmoid_backward", "sigmoid-tests", "forgets grad_out (chain rule)",
         "def sigmoid_backward(z, grad_out):\n    s = sigmoid(z)\n    return s * (1 - s)", "sigmoid_backward([-2, 0, 3]"),
        ("sigmoid_backward", "sigmoid-tests", "derivative taken at z, not at sigmoid(z)",
         "def sigmoid_backward(z, grad_out):\n    return grad_out * z * (1 - z)", "is wrong"),
        ("sigmoid", "sigmoid-tests", "overflows to NaN",
         "def sigmoid(z):\n    return np.exp(z) / (1 + np.exp(z))", "contains NaN"),
        ("relu_backward", "relu-tests", "derivative 1 at z = 0",
         "def relu_backward(z, grad_out):\n    return grad_out * (z >= 0)", "relu_backward([-2, 0, 3], grad_out=[5, 5, 5]) is wrong"),
        ("relu", "relu-tests", "modifies z in place",
         "def relu(z):\n    z[z < 0] = 0\n    return z", "relu changed its argument #1 in place"),
        ("linear_forward", "linear-forward-tests", "forgets the bias",
         "def linear_forward(x, W, b):\n    return x @ W.T", "linear_forward(x, W, b) is wrong"),
        ("linear_forward", "linear-forward-tests", "bias added over the wrong axis",
         "def linear_forward(x, W, b):\n    return (x @ W.T + b[:, None]) if len(b) == len(x) else x @ W.T + b.sum()",
         "is wrong"),
        ("linear_backward", "linear-backward-tests", "dW transposed",
         "def linear_backward(x, W, grad_out):\n    return grad_out @ W, x.T @ grad_out, grad_out.sum(axis=0)",
         "transposed"),
        ("linear_backward", "linear-backward-tests", "db averaged over the batch a second time",
         "def linear_backward(x, W, grad_out):\n    return grad_out @ W, grad_out.T @ x, grad_out.mean(axis=0)",
         "exactly 4 times too small"),
        ("mse_backward", "mse-backward-tests", "not averaged over the batch",
         "def mse_backward(y_hat, y):\n    return 2 * (y_hat - y)", "exactly 4 times too large"),
        ("mse_backward", "mse-backward-tests", "missing factor 2",
         "def mse_backward(y_hat, y):\n    return (y_hat - y) / y_hat.size", "missing factor 2"),
        ("mse_backward", "mse-backward-tests", "divides by N instead of N*C",
         "def mse_backward(y_hat, y):\n    return 2 * (y_hat - y) / len(y_hat)", "exactly 3 times too large"),
        ("train_step", "train-step-tests", "never resets the gradients",
         "def train_step(model, loss_fn, x, y, lr):\n    loss = loss_fn(model(x), y)\n"
         "    model.backward(loss_fn.backward())\n    for p in model.parameters():\n"
         "        p.data -= lr * p.grad\n    return float(loss)", "after step 2 is wrong"),
        ("train_step", "train-step-tests", "climbs the gradient",
         "def train_step(model, loss_fn, x, y, lr):\n    model.zero_grad()\n    loss = loss_fn(model(x), y)\n"
         "    model.backward(loss_fn.backward())\n    for p in model.parameters():\n"
         "        p.data += lr * p.grad\n    return float(loss)", "after step 1 is wrong"),
        ("numerical_gradient", "numgrad-tests", "one-sided differences",
         "def numerical_gradient(f, x, eps=1e-6):\n    g = np.zeros_like(x)\n    for i in np.ndindex(x.shape):\n"
         "        xp = x.copy()\n        xp[i] += eps\n        g[i] = (f(xp) - f(x)) / eps\n    return g",
         "numerical_gradient of sum("),
        ("numerical_gradient", "numgrad-tests", "divides by eps instead of 2 eps",
         "def numerical_gradient(f, x, eps=1e-6):\n    g = np.zeros_like(x)\n    for i in np.ndindex(x.shape):\n"
         "        xp, xm = x.copy(), x.copy()\n        xp[i] += eps\n        xm[i] -= eps\n"
         "        g[i] = (f(xp) - f(xm)) / eps\n    return g", "twice the expected"),
        ("numerical_gradient", "numgrad-tests", "leaves x changed",
         "def numerical_gradient(f, x, eps=1e-6):\n    g = np.zeros_like(x)\n    for i in np.ndindex(x.shape):\n"
         "        x[i] += eps\n        fp = f(x)\n        x[i] -= 2 * eps\n        g[i] = (fp - f(x)) / (2 * eps)\n"
         "    return g", "numerical_gradient changed its argument #2 in place"),
    ],
}

# Functions whose mistakes also break other tasks' tests (the correct answers there call them).
# No planted mistake calls another task's function, so a mistake's own feedback is never masked.
DOWNSTREAM = {"gd_step": {"loop-tests"}}

TAMPER_HELPERS = """\
import lazylearn.testing
def _always_fine(*args, **kwargs):
    return None
try:
    lazylearn.testing.check_close = _always_fine
except AttributeError:
    pass
for _name in ("check_close", "check_scalar_close", "check_shape", "check_gradient", "check_not_mutated"):
    vars(lazylearn.testing)[_name] = _always_fine
check_close = check_scalar_close = _always_fine
"""

TAMPER_NUMPY = """\
import numpy as np
import numpy.testing
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, **kwargs: np.ones(np.shape(a), dtype=bool)
numpy.testing.assert_allclose = lambda *args, **kwargs: None
"""

# Every cell of this submission, test cells included, writes a RuntimeWarning to stderr (as NumPy
# does when a diverging run overflows). nbgrader scores a test cell with stderr output as failed;
# the course's IgnorePattern setting must drop warnings so that the right answers keep their points.
WARN_EVERY_CELL = """\
import warnings
warnings.simplefilter("always")
def _warn(*args):
    warnings.warn("overflow encountered in exp", RuntimeWarning)
get_ipython().events.register("pre_run_cell", _warn)
"""


# ----------------------------------------------------------------------------------------------
# helpers


def _env():
    ensure_tools_on_path()
    env = dict(os.environ)
    env.pop("LAZYLEARN_DB_URL", None)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return env


def _cells_by_id(nb):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if "nbgrader" in c.metadata and "grade_id" in c.metadata["nbgrader"]}


def _defines(source: str) -> set[str]:
    return set(re.findall(r"^def (\w+)\(", source, flags=re.M))


def _schedule(mistakes):
    """Students: lists of mistakes, at most one per function and per test cell each."""
    students: list[list] = []
    for m in mistakes:
        for s in students:
            if all(m[0] != other[0] and m[1] != other[1] for other in s):
                s.append(m)
                break
        else:
            students.append([m])
    return students


def _plant(released, solution, mistakes, *, prelude=None, delete=()):
    """The released notebook with the solution's answers, the mistakes appended, cells deleted."""
    nb = nbformat.from_dict(json.loads(json.dumps(released)))
    sol = _cells_by_id(solution)
    for gid, cell in _cells_by_id(nb).items():
        if cell.metadata["nbgrader"].get("solution"):
            src = sol[gid].source
            for func, *_rest in mistakes:
                if func in _defines(sol[gid].source):
                    src += "\n\n\n" + _rest[2]
            cell.source = src
    if prelude:
        idx = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
        nb.cells.insert(idx + 1, nbformat.v4.new_code_cell(prelude))
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in delete]
    for i, c in enumerate(nb.cells):
        c["id"] = f"c{i}"
    return nb


class Course:
    """A graded temporary course for one assignment."""

    def __init__(self, assignment, root):
        self.assignment, self.root = assignment, root
        self.students: dict[str, list] = {}
        self.seconds = 0.0

    def notebook(self, kind, student):
        return nbformat.read(self.root / kind / student / self.assignment / f"{self.assignment}.ipynb", 4)

    def scores(self, student):
        from nbgrader.api import Gradebook
        with Gradebook(f"sqlite:///{self.root / 'gradebook.db'}") as gb:
            sub = gb.find_submission_notebook(self.assignment, self.assignment, student)
            return {g.name: (g.score, g.max_score) for g in sub.grades if g.cell_type == "code"}

    def output(self, student, grade_id):
        cell = _cells_by_id(self.notebook("autograded", student))[grade_id]
        parts = []
        for out in cell.get("outputs", []):
            parts.append(out.get("text", "") + out.get("evalue", "") + "\n".join(out.get("traceback", [])))
        return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(parts))


def _build_course(assignment, root: Path) -> Course:
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(ROOT / "solutions" / assignment, root / "solutions" / assignment)
    release(assignment, root, db_url=f"sqlite:///{root / 'gradebook.db'}")
    name = f"{assignment}.ipynb"
    released = nbformat.read(root / "exercises" / assignment / name, 4)
    solution = nbformat.read(root / "solutions" / assignment / name, 4)
    course = Course(assignment, root)
    course.released, course.solution = released, solution

    students = {"solution": solution, "untouched": released}
    schedule = _schedule(MISTAKES[assignment])
    for k, planted in enumerate(schedule):
        students[f"mistakes{k}"] = _plant(released, solution, planted)
        course.students[f"mistakes{k}"] = planted
    first = schedule[0]
    # the first mistakes again, with the helpers overwritten and two of the failing test cells deleted
    deleted = sorted({m[1] for m in first})[:2]
    students["tamper-helpers"] = _plant(released, solution, first, prelude=TAMPER_HELPERS, delete=deleted)
    students["tamper-numpy"] = _plant(released, solution, [], prelude=TAMPER_NUMPY)
    students["warns"] = _plant(released, solution, [], prelude=WARN_EVERY_CELL)
    course.deleted = deleted
    course.first = first
    for student, nb in students.items():
        path = root / "submitted" / student / assignment / name
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    start = time.perf_counter()
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "nbgrader"), "autograde",
                           assignment, "--force"], cwd=root, env=_env(), capture_output=True,
                          text=True, timeout=600)
    course.seconds = time.perf_counter() - start
    course.n_students = len(students)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    course.log = proc.stderr
    return course


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def course(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(request.param)
    c = _build_course(request.param, root)
    print(f"\nautograde {request.param}: {c.n_students} submissions in {c.seconds:.1f} s "
          f"({c.seconds / c.n_students:.1f} s each)")
    return c


# ----------------------------------------------------------------------------------------------
# the notebooks as files


def test_assignments_are_listed():
    assert assignments(ROOT) == ASSIGNMENTS


def test_release_rejects_unknown_assignment_with_suggestion():
    with pytest.raises(ValueError, match="Did you mean 'ch02-gradient-descent'"):
        release("ch02-gradient-decsent", ROOT)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_notebooks_are_well_formed(assignment):
    nb = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", 4)
    nbformat.validate(nb)
    cells = _cells_by_id(nb)
    tests = [c for c in cells.values() if c.metadata["nbgrader"].get("grade")]
    answers = [c for c in cells.values() if c.metadata["nbgrader"].get("solution")]
    assert 3 <= len(answers) <= 6 and len(tests) >= len(answers)
    for c in tests:
        assert c.metadata["nbgrader"]["locked"] and c.metadata["nbgrader"]["points"] > 0
        assert "T = fresh()" in c.source and "### BEGIN HIDDEN TESTS" in c.source
        # a last-line expression would be read as partial credit by nbgrader
        last = c.source.rstrip().splitlines()[-1]
        assert last.startswith(("###", "print(", "T.", "assert", " ")), last
    for c in answers:
        assert "### BEGIN SOLUTION" in c.source and "### END SOLUTION" in c.source
    intro = nb.cells[0].source
    assert f"https://lazy-neural-networks.github.io/lazy-neural-networks/book/{assignment}.html" in intro
    assert "import torch" not in json.dumps(nb)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_notebooks_hold_no_solution_and_no_hidden_test(assignment):
    name = f"{assignment}.ipynb"
    released = nbformat.read(ROOT / "exercises" / assignment / name, 4)
    solution = nbformat.read(ROOT / "solutions" / assignment / name, 4)
    text = "\n".join(c.source for c in released.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    rel = _cells_by_id(released)
    secret = 0
    for gid, cell in _cells_by_id(solution).items():
        pattern = r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1"
        public = re.sub(pattern, "", cell.source, flags=re.S)
        for m in re.finditer(pattern, cell.source, flags=re.S):
            for line in m.group(2).splitlines():
                if len(line.strip()) > 12 and line.strip() not in public:
                    secret += 1
                    assert line.strip() not in rel[gid].source, (gid, line)
    assert secret > 20
    assert all(not c.get("outputs") for c in released.cells if c.cell_type == "code")


def _comparable(nb):
    return [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in nb.cells]


def test_exercises_are_what_nbgrader_generates(course):
    """exercises/ in the repository equals a fresh generate_assignment of solutions/."""
    name = f"{course.assignment}.ipynb"
    committed = nbformat.read(ROOT / "exercises" / course.assignment / name, 4)
    assert _comparable(committed) == _comparable(course.released), (
        "exercises/ is out of date: run `lazylearn release all` (or nbgrader generate_assignment "
        f"{course.assignment} --force) from the repository root")
    assert sorted(os.listdir(ROOT / "exercises" / course.assignment)) == [name]


# ----------------------------------------------------------------------------------------------
# grading


def test_solution_scores_full_marks(course):
    scores = course.scores("solution")
    assert scores and all(s == m for s, m in scores.values()), scores


def test_untouched_exercise_scores_zero(course):
    scores = course.scores("untouched")
    assert scores and all(s == 0 for s, _ in scores.values()), scores
    out = course.output("untouched", next(iter(scores)))
    assert "NotImplementedError" in out


def test_mistakes_lose_points_with_useful_feedback(course):
    table = []
    for student, planted in course.students.items():
        scores = course.scores(student)
        hit = {m[1] for m in planted} | set().union(*(DOWNSTREAM.get(m[0], set()) for m in planted))
        for func, cell, mistake, _code, fragment in planted:
            score, max_score = scores[cell]
            table.append((course.assignment, func, mistake, max_score - score))
            assert score < max_score, f"{func}: '{mistake}' scored {score}/{max_score} in {cell}"
            out = course.output(student, cell)
            assert fragment in out, f"{func}: '{mistake}': feedback lacks {fragment!r}:\n{out[-2500:]}"
        for cell, (score, max_score) in scores.items():
            if cell not in hit:
                assert score == max_score, f"{student}: {cell} lost points without a planted mistake"
    for row in table:
        print("  %-22s %-20s %-45s -%g" % row)


def test_each_task_has_two_typical_mistakes(course):
    cells = [m[1] for m in MISTAKES[course.assignment]]
    tests = [gid for gid, c in _cells_by_id(course.solution).items() if c.metadata["nbgrader"].get("grade")]
    assert sorted(set(cells)) == sorted(tests)
    assert all(cells.count(t) >= 2 for t in tests)


def test_overwriting_the_test_helpers_does_not_pass(course):
    tampered, honest = course.scores("tamper-helpers"), course.scores("mistakes0")
    assert tampered == honest
    for _func, cell, *_ in course.first:
        assert tampered[cell][0] == 0


def test_patching_numpy_is_detected(course):
    scores = course.scores("tamper-numpy")
    assert all(s == 0 for s, _ in scores.values()), scores
    cell = next(iter(scores))
    assert "the test helpers were modified by the notebook" in course.output("tamper-numpy", cell)


def test_deleted_test_cells_are_restored_and_graded(course):
    scores = course.scores("tamper-helpers")
    assert scores == course.scores("mistakes0")
    autograded = _cells_by_id(course.notebook("autograded", "tamper-helpers"))
    for gid in course.deleted:
        assert gid in autograded and "was missing from the submission" in autograded[gid].source


def test_autograde_time(course):
    per_student = course.seconds / course.n_students
    print(f"autograde {course.assignment}: {course.seconds:.1f} s for {course.n_students} "
          f"submissions, {per_student:.1f} s each")
    assert per_student < 20


_RUN_NOTEBOOK = r"""
import resource, sys
import nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # the kernel's peak, in KiB
"""


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solved_notebook_fits_a_student_machine(assignment, tmp_path):
    """The course promises a notebook that runs in under a minute and under 1 GiB: a solved one
    runs top to bottom in a fresh kernel within both limits (nbclient stops any cell over 60 s)."""
    notebook = ROOT / "solutions" / assignment / f"{assignment}.ipynb"
    proc = subprocess.run([sys.executable, "-c", _RUN_NOTEBOOK, str(notebook), str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    peak_mib = int(proc.stdout.split()[-1]) / 1024
    assert peak_mib < 1024, f"{assignment}: the kernel peaked at {peak_mib:.0f} MiB"


def test_warnings_on_stderr_do_not_cost_points(course):
    scores = course.scores("warns")
    lost = {name: sc for name, sc in scores.items() if sc[0] != sc[1]}
    assert not lost, f"a correct submission that prints warnings lost points: {lost}"
