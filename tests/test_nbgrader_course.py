"""A stock nbgrader course, built from nbgrader's own documentation example, graded by both tools.

The course folder is what nbgrader's user guide uses: ``source/ps1/problem1.ipynb``,
``problem2.ipynb`` and ``jupyter.png``, a ``nbgrader_config.py`` that sets no folder (nbgrader's
defaults: ``source/``, ``release/``, ``submitted/``, ``autograded/``, ``feedback/``), and
nbgrader's two example submissions (``bitdiddle``, late; ``hacker``). More students cover the
edge cases: untouched (manually graded answers left as released), a missing notebook, an extra
notebook, another kernelspec, an edited test cell, the traceback exploit. The same course is copied
twice: one copy is released and graded with ``nbgrader generate_assignment`` and ``nbgrader
autograde``, the other with ``lazylearn release`` and ``lazylearn grade --jobs 2``; the two
gradebooks are then compared field by field.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lazylearn.cli import ExitCode, main

pytestmark = pytest.mark.slow

EXAMPLE = Path(__import__("nbgrader").__file__).parent / "docs" / "source" / "user_guide"
DUE = "2015-02-02 14:00:00 America/Los_Angeles"  # bitdiddle (14:58) is late, hacker is not
CONFIG = """c = get_config()
c.CourseDirectory.course_id = "example_course"
c.LateSubmissionPlugin.penalty_method = "zero"
"""
NOTEBOOKS = ("problem1", "problem2")


def _nb(path: Path) -> dict:
    return json.loads(path.read_text())


def _cell(nb: dict, grade_id: str) -> dict:
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


def _submit(root: Path, student: str, notebooks: dict, timestamp: str | None = None, files=("jupyter.png",)):
    folder = root / "submitted" / student / "ps1"
    folder.mkdir(parents=True)
    for name, nb in notebooks.items():
        (folder / f"{name}.ipynb").write_text(json.dumps(nb))
    for name in files:
        shutil.copy(EXAMPLE / "source" / "ps1" / name, folder / name)
    if timestamp:
        (folder / "timestamp.txt").write_text(timestamp)


def _class(root: Path):
    """nbgrader's example submissions and the edge cases, into ``root/submitted``."""
    example = {s: {n: _nb(EXAMPLE / "submitted" / s / "ps1" / f"{n}.ipynb") for n in NOTEBOOKS}
               for s in ("bitdiddle", "hacker")}
    for student in example:
        stamp = (EXAMPLE / "submitted" / student / "ps1" / "timestamp.txt").read_text().strip()
        _submit(root, student, example[student], stamp)
    released = {n: _nb(root / "release" / "ps1" / f"{n}.ipynb") for n in NOTEBOOKS}
    _submit(root, "untouched", released)
    _submit(root, "partial", {"problem1": example["hacker"]["problem1"]})
    _submit(root, "extra", {**example["hacker"], "notes": example["hacker"]["problem1"]})
    other = copy.deepcopy(example["hacker"])
    other["problem2"]["metadata"]["kernelspec"] = {"name": "julia-1.9", "display_name": "Julia", "language": "julia"}
    _submit(root, "kernel", other)
    edited = copy.deepcopy(example["bitdiddle"])
    _cell(edited["problem1"], "correct_squares")["source"] = "pass"
    _cell(edited["problem1"], "squares_invalid_input")["source"] = "print('fine')"
    _submit(root, "edited", edited)
    exploit = copy.deepcopy(released)
    exploit["problem1"]["cells"].insert(0, {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                            "id": "exploit", "source": "get_ipython().showtraceback = lambda *a, **k: None"})
    _submit(root, "exploit", exploit)


def _course(root: Path) -> Path:
    (root / "source").mkdir(parents=True)
    shutil.copytree(EXAMPLE / "source" / "ps1", root / "source" / "ps1")
    (root / "nbgrader_config.py").write_text(CONFIG)
    return root


def _set_due_date(root: Path):
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "example_course") as gb:
        gb.update_or_create_assignment("ps1", duedate=DUE)


def _nbgrader(root: Path, *args):
    exe = os.path.join(os.path.dirname(sys.executable), "nbgrader")
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    proc = subprocess.run([exe, *args], cwd=root, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def gradebook_fields(root: Path) -> dict:
    """Every field both tools write: per submission, per notebook and per grade cell."""
    from lazylearn.grading.autograde import gradebook_fields as fields
    return fields(f"sqlite:///{root / 'gradebook.db'}", "ps1", "example_course")


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    base = tmp_path_factory.mktemp("nbgrader-course")
    ref, ours = _course(base / "with-nbgrader"), _course(base / "with-lazylearn")
    _nbgrader(ref, "generate_assignment", "ps1", "--force")
    assert main(["release", "ps1", "--course", str(ours)]) == ExitCode.OK
    for root in (ref, ours):
        _set_due_date(root)
        _class(root)
    log = _nbgrader(ref, "autograde", "ps1")
    code = main(["grade", "ps1", "--course", str(ours), "--jobs", "2", "--quiet"])
    return {"ref": ref, "ours": ours, "log": log, "code": code}


def test_release_makes_nbgrader_files(both):
    ref, ours = both["ref"] / "release" / "ps1", both["ours"] / "release" / "ps1"
    assert sorted(p.name for p in ours.iterdir()) == sorted(p.name for p in ref.iterdir()) == \
        ["jupyter.png", "problem1.ipynb", "problem2.ipynb"]
    for name in NOTEBOOKS:
        a, b = _nb(ref / f"{name}.ipynb"), _nb(ours / f"{name}.ipynb")
        assert [c["source"] for c in a["cells"]] == [c["source"] for c in b["cells"]]
        assert [c["metadata"] for c in a["cells"]] == [c["metadata"] for c in b["cells"]]


def test_gradebooks_agree_field_by_field(both):
    ref, ours = gradebook_fields(both["ref"]), gradebook_fields(both["ours"])
    assert sorted(ours) == sorted(ref)
    for student in ref:
        assert ours[student] == ref[student], student


def test_the_cases_are_what_nbgrader_says(both):
    f = gradebook_fields(both["ours"])
    assert f["bitdiddle"]["late_submission_penalty"] == f["bitdiddle"]["score"] > 0  # penalty_method "zero"
    assert f["hacker"]["late_submission_penalty"] == 0
    # unchanged manually graded answers: zero, not waiting for a grader (only the task cell, which
    # nbgrader always leaves to a human, is)
    assert not f["untouched"]["problem2"]["needs_manual_grade"] and f["untouched"]["score"] == 0
    assert f["untouched"]["problem1"]["sum_of_squares_equation"][:3] == (0.0, None, False)
    assert f["untouched"]["problem1"]["sum_of_squares_application"][:3] == (0.0, None, False)
    assert [g for g, v in f["untouched"]["problem1"].items() if isinstance(v, tuple) and v[2]] == \
        ["cell-938593c4a215c6cc"]
    assert f["hacker"]["needs_manual_grade"]  # answered: a grader has to look
    assert f["partial"]["problem2"] == {"score": 0.0, "needs_manual_grade": False, "part-a": (0.0, None, False, 1.0),
                                        "part-b": (0.0, None, False, 2.0)}  # the missing notebook
    assert "notes" not in f["extra"] and f["extra"] == {**f["hacker"], "timestamp": f["extra"]["timestamp"]}
    assert f["edited"]["problem1"]["correct_squares"][0] == f["bitdiddle"]["problem1"]["correct_squares"][0]
    assert f["exploit"]["score"] == 0
    autograded = _nb(both["ours"] / "autograded" / "edited" / "ps1" / "problem1.ipynb")
    assert _cell(autograded, "correct_squares")["source"] != "pass"  # restored from the gradebook


def test_other_commands_work_on_the_stock_course(both, tmp_path):
    ours = both["ours"]
    assert main(["feedback", "ps1", "--course", str(ours), "--student", "hacker"]) == ExitCode.OK
    assert (ours / "feedback" / "hacker" / "ps1" / "problem1.html").exists()
    assert main(["report", "ps1", "--course", str(ours), "--output", str(tmp_path)]) == ExitCode.OK
    assert main(["export", "--course", str(ours), "--to", str(tmp_path / "grades.csv")]) == ExitCode.OK
    assert len((tmp_path / "grades.csv").read_text().splitlines()) == 1 + 8


def test_canvas_export(both, tmp_path):
    import csv
    ours = both["ours"]
    assert main(["export", "--course", str(ours), "--lms", "canvas", "--section", "A1",
                 "--to", str(tmp_path / "canvas.csv")]) == ExitCode.OK
    rows = list(csv.reader(open(tmp_path / "canvas.csv", newline="")))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "ps1"]
    assert rows[1] == ["Points Possible", "", "", "", "", "13"]
    fields = gradebook_fields(ours)
    by_login = {r[3]: r for r in rows[2:]}
    assert sorted(by_login) == sorted(fields)
    for student, f in fields.items():
        assert float(by_login[student][5]) == f["score"] - f["late_submission_penalty"]
        assert by_login[student][4] == "A1"


def test_regrade_dry_run_shows_flips_and_writes_nothing(both, tmp_path, capsys):
    course = tmp_path / "course"
    shutil.copytree(both["ours"], course)
    before = gradebook_fields(course)
    source = course / "source" / "ps1" / "problem1.ipynb"
    nb = _nb(source)
    _cell(nb, "squares_invalid_input")["source"] = "assert False, 'a stricter test'"
    source.write_text(json.dumps(nb))
    capsys.readouterr()
    main(["grade", "ps1", "--course", str(course), "--regrade", "--dry-run", "--student", "hacker", "--quiet"])
    out = capsys.readouterr().out
    assert "dry run (nothing written): 1 of 1 student(s) change" in out
    old = before["hacker"]["score"]
    assert "hacker" in out and f"{old:g} -> {old - 1:g}/13" in out and "now fail: squares_invalid_input" in out
    assert gradebook_fields(course) == before  # the gradebook is untouched
    main(["grade", "ps1", "--course", str(course), "--regrade", "--student", "hacker", "--quiet"])
    assert gradebook_fields(course)["hacker"]["score"] == old - 1


def test_two_assignments_grade_at_once(both, tmp_path):
    """Two 'lazylearn grade' processes on different assignments of one gradebook run side by side;
    a second one on the same assignment is refused."""
    import fcntl
    course = tmp_path / "course"
    shutil.copytree(both["ours"], course)
    shutil.copytree(course / "source" / "ps1", course / "source" / "ps2")
    assert main(["release", "ps2", "--course", str(course)]) == ExitCode.OK
    shutil.copytree(course / "submitted" / "hacker" / "ps1", course / "submitted" / "hacker" / "ps2")
    cmd = [sys.executable, "-m", "lazylearn", "grade", "--course", str(course), "--student", "hacker", "--quiet"]
    procs = [subprocess.Popen(cmd + [a], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for a in ("ps1", "ps2")]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode in (ExitCode.OK, ExitCode.PROBLEMS), err
        assert "another" not in err
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "example_course") as gb:
        assert float(gb.find_submission("ps2", "hacker").score) == float(gb.find_submission("ps1", "hacker").score) > 0
    with open(f"{course / 'gradebook.db'}.ps1.lock", "w") as fh:  # a 'lazylearn grade ps1' still running
        fcntl.flock(fh, fcntl.LOCK_EX)
        proc = subprocess.run(cmd + ["ps1"], capture_output=True, text=True, timeout=120)
        assert proc.returncode == ExitCode.USAGE_ERROR and "another 'lazylearn grade ps1'" in proc.stderr


def test_collect_takes_nbgrader_submitted_layout(tmp_path):
    course = _course(tmp_path / "course")
    code = main(["collect", str(EXAMPLE / "submitted"), "--course", str(course)])
    assert code in (ExitCode.OK, ExitCode.PROBLEMS)  # PROBLEMS: the images are listed as skipped
    for student in ("bitdiddle", "hacker"):
        for name in NOTEBOOKS:
            got = _nb(course / "submitted" / student / "ps1" / f"{name}.ipynb")
            assert got == _nb(EXAMPLE / "submitted" / student / "ps1" / f"{name}.ipynb")
