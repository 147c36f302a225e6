"""The exercise notebooks under real autograding, in temporary course directories.

Planting: each chapter's catalogue of wrong answers (``tests/wrong_answers/chNN.py``, written from
the task text and the chapter page by reviewers who never saw the tests) becomes a class of
students, one per entry: the solution notebook with the entry's code appended to the answer cell
that defines its function. The class, with the solution and the untouched release, is graded by
ONE ``lazylearn grade <assignment> --jobs 2`` call. Every wrong answer must lose points with
feedback matching the regular expression in the catalogue's ``EXPECT`` (the message that names
the mistake); every right answer written differently, and every ambiguous entry the task text
now allows (``ALLOWED``), must keep full marks.

Reference: a sample of the same students, the solution, the untouched release, students who
tamper with the test helpers or NumPy, who delete test cells, and who print warnings, are graded
by nbgrader's own ``nbgrader autograde``; both graders must give the sampled students the same
scores.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from wrong_answers import plant as P

from lazylearn.course import assignments, release

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ["ch01-fitting-a-line", "ch02-gradient-descent", "ch03-backpropagation", "ch04-losses", "ch05-optimizers"]
PAGES = {"ch04-losses": "ch04-choosing-a-loss"}  # the chapter page of an exercise named otherwise
SHORT = {name: name[:4] for name in ASSIGNMENTS}
KINDS = {"ignored-arg", "boundary", "dtype", "return-type", "extreme", "state-order", "off-by-one", "axes",
         "other-quantity", "formula", "other"}

TAMPER_HELPERS = """\
import lazylearn.testing
def _always_fine(*args, **kwargs):
    return None
try:
    lazylearn.testing.check_close = _always_fine
except AttributeError:
    pass
for _name in ("check_close", "check_scalar_close", "check_shape", "check_gradient", "check_not_mutated",
              "check_array", "check_bool"):
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
    cells = P.cells_by_id(nb)
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
    page = PAGES.get(assignment, assignment)
    assert f"https://lazy-neural-networks.github.io/lazy-neural-networks/book/{page}.html" in intro
    assert "import torch" not in json.dumps(nb)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_notebooks_hold_no_solution_and_no_hidden_test(assignment):
    name = f"{assignment}.ipynb"
    released = nbformat.read(ROOT / "exercises" / assignment / name, 4)
    solution = nbformat.read(ROOT / "solutions" / assignment / name, 4)
    text = "\n".join(c.source for c in released.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    rel = P.cells_by_id(released)
    secret = 0
    for gid, cell in P.cells_by_id(solution).items():
        pattern = r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1"
        public = re.sub(pattern, "", cell.source, flags=re.S)
        for m in re.finditer(pattern, cell.source, flags=re.S):
            for line in m.group(2).splitlines():
                if len(line.strip()) > 12 and line.strip() not in public:
                    secret += 1
                    assert line.strip() not in rel[gid].source, (gid, line)
    assert secret > 20
    assert all(not c.get("outputs") for c in released.cells if c.cell_type == "code")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_catalogue_is_complete_and_well_formed(assignment):
    """At least 8 wrong answers per task (5 per function when a task has several), of known kinds,
    each planted in an answer cell that defines its function, with an expected message unless
    the task text now allows it; and a few right answers written differently."""
    short = SHORT[assignment]
    cat = P.catalogue(short)
    solution = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", 4)
    cells = P.cells_by_id(solution)
    entries = cat["WRONG"] + cat["ALLOWED"] + cat["RIGHT"]
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for e in entries:
        assert e["function"] in P.defines(cells[e["cell"]].source), e["id"]
        assert P.test_cells_of(solution, e["function"]), f"no test cell calls {e['function']}"
    for e in cat["WRONG"] + cat["ALLOWED"]:
        assert e.get("kind") in KINDS, e["id"]
    assert all(e["expect"] for e in cat["WRONG"]), [e["id"] for e in cat["WRONG"] if not e["expect"]]
    assert set(cat["EXPECT"]) == {e["id"] for e in cat["WRONG"]}
    for e in cat["ALLOWED"]:
        assert e.get("ambiguous"), f"{e['id']}: only an ambiguous entry can be settled as allowed"
    by_task: dict[str, dict[str, int]] = {}
    for e in cat["WRONG"] + cat["ALLOWED"]:
        by_task.setdefault(e["task"], {}).setdefault(e["function"], 0)
        by_task[e["task"]][e["function"]] += 1
    graded = {c.metadata["nbgrader"]["grade_id"] for c in cells.values() if c.metadata["nbgrader"].get("grade")}
    covered = {cell for e in cat["WRONG"] for cell in P.test_cells_of(solution, e["function"])}
    assert graded <= covered, f"test cells without catalogued wrong answers: {graded - covered}"
    for task, functions in by_task.items():
        assert sum(functions.values()) >= 8, (task, functions)
        if len(functions) > 1:
            assert min(functions.values()) >= 5, (task, functions)
    assert len(cat["RIGHT"]) >= 4


# ----------------------------------------------------------------------------------------------
# planting: one class per chapter, graded by one `lazylearn grade --jobs 2`


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def planted(request, tmp_path_factory):
    assignment = request.param
    root = tmp_path_factory.mktemp(f"planted-{assignment}")
    name = f"{assignment}.ipynb"
    released = nbformat.read(ROOT / "exercises" / assignment / name, 4)
    solution = nbformat.read(ROOT / "solutions" / assignment / name, 4)
    extra = {"solution": solution, "untouched": released}
    course, verdicts = P.plant_class(SHORT[assignment], root, extra_students=extra)
    course.all_scores = course.scores()
    course.verdicts = verdicts
    print(f"\nlazylearn grade {assignment}: {len(course.students)} submissions in {course.seconds:.1f} s")
    return course


def test_exercises_are_what_nbgrader_generates(planted):
    """exercises/ in the repository equals a fresh generate_assignment of solutions/."""
    name = f"{planted.assignment}.ipynb"
    committed = nbformat.read(ROOT / "exercises" / planted.assignment / name, 4)

    def comparable(nb):
        return [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in nb.cells]

    assert comparable(committed) == comparable(planted.released), (
        "exercises/ is out of date: run `lazylearn release all` (or nbgrader generate_assignment "
        f"{planted.assignment} --force) from the repository root")
    assert sorted(os.listdir(ROOT / "exercises" / planted.assignment)) == [name]


def test_solution_scores_full_marks_under_lazylearn_grade(planted):
    scores = planted.all_scores["solution"]
    assert scores and all(s == m for s, m in scores.values()), scores


def test_untouched_exercise_scores_zero_under_lazylearn_grade(planted):
    scores = planted.all_scores["untouched"]
    assert scores and all(s == 0 for s, _ in scores.values()), scores
    assert "NotImplementedError" in planted.output("untouched", next(iter(scores)))


def test_every_wrong_answer_loses_points_with_a_message_that_names_it(planted):
    failures, rows = [], []
    for v in planted.verdicts.values():
        if not v.student.startswith("w-"):
            continue
        rows.append(f"  {v.entry['function']:<20} {v.entry['id']:<44} -{v.lost:g}")
        if not v.caught:
            failures.append(f"{v.entry['id']}: kept full marks ({v.scores})")
        elif not v.named:
            text = "\n".join(f"[{c}]\n{t[-1500:]}" for c, t in v.outputs.items())
            failures.append(f"{v.entry['id']}: feedback lacks {v.expect!r}:\n{text}")
    print("\n".join(rows))
    assert not failures, f"{len(failures)} of {len(rows)} wrong answers:\n" + "\n\n".join(failures)


def test_right_answers_written_differently_keep_full_marks(planted):
    kept = [v for v in planted.verdicts.values() if not v.student.startswith("w-")]
    assert len(kept) >= 4
    lost = {v.entry["id"]: {c: sc for c, sc in v.scores.items() if sc[0] != sc[1]} for v in kept if v.lost != 0}
    assert not lost, f"right answers that lost points: {lost}"


# ----------------------------------------------------------------------------------------------
# the reference: a sample through nbgrader's own autograde


def _sample(cat):
    """Two wrong answers of different tasks and one right answer, always the same ones."""
    wrong = cat["WRONG"]
    second = next(e for e in reversed(wrong) if e["task"] != wrong[0]["task"])
    return [wrong[0], second, cat["RIGHT"][0]]


@pytest.fixture(scope="module")
def reference(planted, tmp_path_factory):
    assignment = planted.assignment
    root = tmp_path_factory.mktemp(f"reference-{assignment}")
    course = P.Course(assignment, root)
    cat = P.catalogue(SHORT[assignment])
    course.sample = {}
    for entry in _sample(cat):
        student = P.student_name(entry, "w" if entry in cat["WRONG"] else "r")
        course.submit(student, P.plant(course.released, course.solution, [(entry["function"], entry["code"])]))
        course.sample[student] = entry
    first = cat["WRONG"][0]
    course.first = first
    course.deleted = P.test_cells_of(course.solution, first["function"])[:2]
    course.submit("solution", course.solution)
    course.submit("untouched", course.released)
    course.submit("tamper-helpers", P.plant(course.released, course.solution, [(first["function"], first["code"])],
                                            prelude=TAMPER_HELPERS, delete=course.deleted))
    course.submit("tamper-numpy", P.plant(course.released, course.solution, prelude=TAMPER_NUMPY))
    course.submit("warns", P.plant(course.released, course.solution, prelude=WARN_EVERY_CELL))
    course.autograde()
    course.all_scores = course.scores()
    course.planted = planted
    print(f"\nnbgrader autograde {assignment}: {len(course.students)} submissions in {course.seconds:.1f} s")
    return course


def test_lazylearn_grade_agrees_with_nbgrader_autograde(reference):
    planted = reference.planted
    for student in list(reference.sample) + ["solution", "untouched"]:
        assert reference.all_scores[student] == planted.all_scores[student], student


def test_solution_scores_full_marks_under_nbgrader(reference):
    scores = reference.all_scores["solution"]
    assert scores and all(s == m for s, m in scores.values()), scores


def test_untouched_exercise_scores_zero_under_nbgrader(reference):
    scores = reference.all_scores["untouched"]
    assert scores and all(s == 0 for s, _ in scores.values()), scores


def test_overwriting_the_test_helpers_does_not_pass(reference):
    honest = reference.all_scores[P.student_name(reference.first, "w")]
    tampered = reference.all_scores["tamper-helpers"]
    assert tampered == honest
    assert any(s < m for s, m in tampered.values())


def test_patching_numpy_is_detected(reference):
    scores = reference.all_scores["tamper-numpy"]
    assert all(s == 0 for s, _ in scores.values()), scores
    cell = next(iter(scores))
    assert "the test helpers were modified by the notebook" in reference.output("tamper-numpy", cell)


def test_deleted_test_cells_are_restored_and_graded(reference):
    autograded = P.cells_by_id(nbformat.read(
        reference.root / "autograded" / "tamper-helpers" / reference.assignment / f"{reference.assignment}.ipynb", 4))
    for gid in reference.deleted:
        assert gid in autograded and "was missing from the submission" in autograded[gid].source


def test_warnings_on_stderr_do_not_cost_points(reference):
    scores = reference.all_scores["warns"]
    lost = {name: sc for name, sc in scores.items() if sc[0] != sc[1]}
    assert not lost, f"a correct submission that prints warnings lost points: {lost}"


def test_autograde_time(reference):
    per_student = reference.seconds / len(reference.students)
    print(f"nbgrader autograde {reference.assignment}: {reference.seconds:.1f} s for {len(reference.students)} "
          f"submissions, {per_student:.1f} s each")
    assert per_student < 20


# ----------------------------------------------------------------------------------------------
# a student's machine

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
