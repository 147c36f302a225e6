"""lazylearn.grading.autograde and lazylearn.grading.report: a class with planted bad submissions.

One ``lazylearn grade --jobs 2`` run grades the real chapter 1 exercise for a class of honest
students (solved, untouched, half solved) and one student per attack or accident. Each test then
checks one of them: its score and status, that the honest scores are right, and that the
gradebook and the solutions survived.
"""
from __future__ import annotations

import copy
import hashlib
import json
import shutil
import socket
import sqlite3
from pathlib import Path

import pytest

from lazylearn.cli import ExitCode, main

REPO = Path(__file__).resolve().parents[1]
CH01 = "ch01-fitting-a-line"
pytestmark = pytest.mark.slow


def run_cli(argv, retcode=0):
    """Run ``lazylearn`` in-process and check its exit code (like nbgrader's run_nbgrader)."""
    code = main([str(a) for a in argv])
    assert code == retcode, f"lazylearn {' '.join(map(str, argv))} returned {code!r}, expected {retcode!r}"
    return code


def make_course(root: Path, assignments=(CH01,)) -> Path:
    """A course folder with the repository's nbgrader_config.py and solutions, released."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    for name in assignments:
        shutil.copytree(REPO / "solutions" / name, root / "solutions" / name)
    run_cli(["release", *assignments, "--course", root])
    return root


def load(root: Path, folder: str) -> dict:
    return json.loads((root / folder / CH01 / f"{CH01}.ipynb").read_text())


def cell(nb: dict, grade_id: str) -> dict:
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


def set_source(nb: dict, grade_id: str, source: str) -> dict:
    nb = copy.deepcopy(nb)
    cell(nb, grade_id)["source"] = source
    return nb


def insert_after(nb: dict, grade_id: str, source: str) -> dict:
    nb = copy.deepcopy(nb)
    i = nb["cells"].index(cell(nb, grade_id))
    nb["cells"].insert(i + 1, {"cell_type": "code", "metadata": {}, "source": source, "outputs": [],
                               "execution_count": None, "id": f"planted{i}"})
    return nb


def submit(root: Path, student: str, nb) -> None:
    dest = root / "submitted" / student / CH01 / f"{CH01}.ipynb"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(nb if isinstance(nb, str) else json.dumps(nb))


BROKEN_GRID = "def grid_search(x, y, ws):\n    return 0.0, None  # wrong on purpose\n"


def planted_class(root: Path, port: int) -> dict:
    """Submit the class; return the expected score of each student (None: checked elsewhere)."""
    solved, blank_ex = load(root, "solutions"), load(root, "exercises")
    broken = set_source(solved, "grid-answer", BROKEN_GRID)  # loses grid-tests (2 points)
    expected = {}

    def put(student, nb, score):
        submit(root, student, nb)
        expected[student] = score

    put("alice", solved, 9.0)
    put("bob", blank_ex, 0.0)
    half = set_source(solved, "grads-answer", cell(blank_ex, "grads-answer")["source"])
    put("carol", half, 6.0)  # the two slope tests (2 + 1 points) fail
    put("dave", solved, 9.0)
    put("blank", {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, 0.0)
    put("notjson", "this is not a notebook {", 0.0)
    put("empty", "", 0.0)
    deleted = copy.deepcopy(broken)
    deleted["cells"] = [c for c in deleted["cells"]
                        if c["metadata"].get("nbgrader", {}).get("grade_id") not in ("grid-tests", "mse-tests")]
    put("deleted", deleted, 7.0)  # grid-tests restored and failed, mse-tests restored and passed
    edited = set_source(blank_ex, "predict-tests", "pass")
    for gid in ("mse-tests", "mae-tests", "mse-grad-tests"):
        edited = set_source(edited, gid, "")
    put("edited", edited, 0.0)
    patch = ("import lazylearn.testing, numpy as np\n"
             "class _Pass:\n    def __getattr__(self, name):\n        return lambda *a, **k: None\n"
             "vars(lazylearn.testing)['fresh'] = lambda: _Pass()\n"
             "vars(lazylearn.testing)['check_close'] = lambda *a, **k: None\n"
             "np.allclose = lambda *a, **k: True\n"
             "np.testing.assert_allclose = lambda *a, **k: None\n")
    put("patcher", set_source(broken, "grid-answer", BROKEN_GRID + patch), 7.0)
    inflated = copy.deepcopy(broken)
    cell(inflated, "predict-tests")["metadata"]["nbgrader"]["points"] = 100
    cell(inflated, "grid-tests")["metadata"]["nbgrader"]["points"] = 50
    put("inflated", inflated, 7.0)
    loop = ("while True:\n    try:\n        while True:\n            pass\n"
            "    except BaseException:\n        pass\n")
    put("looper", insert_after(solved, "predict-tests", loop), 1.0)  # only predict-tests ran
    put("exiter", insert_after(solved, "mae-tests", "import os\nos._exit(1)\n"), 4.0)
    put("sleeper", insert_after(solved, "predict-tests", "import time\nwhile True:\n    time.sleep(0.05)\n"), 9.0)
    put("printer", insert_after(solved, "predict-answer", "for _ in range(1024):\n    print('x' * 2**20)\n"), 9.0)
    gradebook = root / "gradebook.db"
    sol = root / "solutions" / CH01 / f"{CH01}.ipynb"
    vandal = (f"for path in [{str(gradebook)!r}, {str(sol)!r}, '../../../gradebook.db']:\n"
              "    try:\n        open(path, 'w').write('overwritten')\n        print('WROTE', path)\n"
              "    except OSError as exc:\n        print('blocked', type(exc).__name__)\n")
    put("vandal", insert_after(solved, "setup", vandal), 9.0)
    reader = (f"try:\n    print(open({str(sol)!r}).read())\n"
              "except OSError as exc:\n    print('blocked', type(exc).__name__)\n")
    put("reader", insert_after(solved, "setup", reader), 9.0)
    net = (f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
           "    print('CONNECTED')\nexcept OSError as exc:\n    print('blocked', type(exc).__name__)\n")
    put("networker", insert_after(solved, "setup", net), 9.0)
    put("hog", insert_after(solved, "setup", "import numpy as np\nbig = np.ones(2**30)\n"), 9.0)
    warner = ("import warnings\nwarnings.simplefilter('always')\n"
              "get_ipython().events.register('pre_run_cell', lambda *a: warnings.warn('overflow', RuntimeWarning))\n")
    put("warner", insert_after(solved, "setup", warner), 9.0)  # warnings on stderr in every test cell cost nothing
    dup = insert_after(broken, "grid-tests", "pass")
    dup_cell = dup["cells"][dup["cells"].index(cell(dup, "grid-tests")) + 1]
    dup_cell["metadata"] = copy.deepcopy(cell(dup, "grid-tests")["metadata"])  # same grade id, after it
    dup["cells"][0]["id"] = dup["cells"][1]["id"] = "same-id"  # and a duplicated nbformat cell id
    put("duplicator", dup, 7.0)
    # the traceback exploit (nbgrader's issue #1324) and its variants, on an untouched notebook
    put("tb_exploit", insert_after(blank_ex, "setup", "get_ipython().showtraceback = lambda *a, **k: None\n"), 0.0)
    variants = ("from IPython.core.interactiveshell import InteractiveShell\n"
                "import IPython.core.ultratb as ultratb, sys, io\n"
                "InteractiveShell.showtraceback = lambda *a, **k: None\n"
                "ultratb.AutoFormattedTB.structured_traceback = lambda *a, **k: []\n"
                "sys.excepthook = lambda *a: None\n"
                "type(sys.stdout)._recorder = None\nsys.stdout = sys.stderr = io.StringIO()\n")
    put("class_exploit", insert_after(blank_ex, "setup", variants), 0.0)
    put("sysexit", set_source(solved, "grid-answer", "def grid_search(x, y, ws):\n    raise SystemExit(0)\n"), 7.0)
    put("interrupter", insert_after(solved, "setup", "raise KeyboardInterrupt\n"), 9.0)
    bomb = ("import os, time\nfor _ in range(600):\n    try:\n        if os.fork() == 0:\n"
            "            time.sleep(60)\n            os._exit(0)\n    except OSError:\n        break\n")
    put("forkbomb", insert_after(solved, "setup", bomb), 9.0)
    filler = "for i in range(12):\n    open(f'big{i}', 'wb').write(b'x' * 200 * 2**20)\n"
    put("diskfiller", insert_after(solved, "setup", filler), 9.0)
    return expected


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("course"))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    expected = planted_class(root, port)
    sol = root / "solutions" / CH01 / f"{CH01}.ipynb"
    before = hashlib.sha256(sol.read_bytes()).hexdigest()
    code = main(["grade", "ch01", "--course", str(root), "--jobs", "2", "--timeout", "12",
                 "--cell-timeout", "6", "--memory", "1G", "--disk", "64M", "--processes", "32", "--quiet"])
    listener.close()
    from lazylearn.grading.autograde import read_status
    from lazylearn.grading.config import Course
    course = Course(root)
    status = {k.split("/")[0]: v for k, v in read_status(course, CH01).items()}
    return {"root": root, "code": code, "expected": expected, "status": status, "sol_hash": before,
            "course": course}


def scores(course) -> dict:
    with course.gradebook() as gb:
        return {s.student.id: float(s.score) for s in gb.find_assignment(CH01).submissions}


def autograded(root: Path, student: str) -> dict:
    return json.loads((root / "autograded" / student / CH01 / f"{CH01}.ipynb").read_text())


def outputs_text(nb: dict) -> str:
    def text(o):
        t = o.get("text", "")
        return ("".join(t) if isinstance(t, list) else t) + o.get("evalue", "")
    return "\n".join(text(o) for c in nb["cells"] for o in c.get("outputs", []))


def test_grade_exit_code_reports_problems(graded):
    assert graded["code"] == ExitCode.PROBLEMS  # timed out, crashed and unreadable students


def test_every_student_gets_the_expected_score(graded):
    got = scores(graded["course"])
    assert got == graded["expected"]


def test_honest_students_are_ok(graded):
    for student in ("alice", "bob", "carol", "dave"):
        assert graded["status"][student]["status"] == "ok", graded["status"][student]
    assert graded["status"]["carol"]["failed"] == ["mse-grad-tests", "mae-grad-tests"]


def test_gradebook_and_solutions_survive(graded):
    root = graded["root"]
    con = sqlite3.connect(root / "gradebook.db")
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    con.close()
    sol = root / "solutions" / CH01 / f"{CH01}.ipynb"
    assert hashlib.sha256(sol.read_bytes()).hexdigest() == graded["sol_hash"]
    text = outputs_text(autograded(root, "vandal"))
    assert "WROTE" not in text and text.count("blocked") == 3


def test_no_grade_needs_manual_grading(graded):
    with graded["course"].gradebook() as gb:
        for sub in gb.find_assignment(CH01).submissions:
            assert not sub.needs_manual_grade, sub.student.id


def test_blank_and_deleted_tests_are_restored_and_run(graded):
    for student in ("blank", "deleted"):
        nb = autograded(graded["root"], student)
        ids = [c["metadata"].get("nbgrader", {}).get("grade_id") for c in nb["cells"]]
        for gid in ("grid-tests", "mse-tests"):
            assert gid in ids, (student, gid)
            assert cell(nb, gid)["execution_count"] is not None
    nb = autograded(graded["root"], "deleted")
    ids = [c["metadata"].get("nbgrader", {}).get("grade_id") for c in nb["cells"]]
    assert ids.index("losses-answer") < ids.index("mse-tests") < ids.index("mae-tests")
    assert ids.index("grid-answer") < ids.index("grid-tests") == len(ids) - 3  # before the plot cells


def test_unreadable_notebook(graded):
    assert graded["status"]["notjson"]["status"] == "unreadable"
    assert "notjson" in graded["expected"] and scores(graded["course"])["notjson"] == 0


def test_empty_file_says_so(graded):
    s = graded["status"]["empty"]
    assert s["status"] == "unreadable" and "empty" in s["message"]


def test_cell_timeout_is_named_and_the_rest_runs(graded):
    s = graded["status"]["sleeper"]
    assert s["status"] == "ok" and s["score"] == 9.0
    assert "6 s cell limit" in s["message"] and "cell " in s["message"]


def test_feedback_names_students_without_a_page(graded, capsys):
    root = graded["root"]
    run_cli(["feedback", "ch01", "--course", root, "--student", "alice", "--student", "notjson"],
            retcode=ExitCode.PROBLEMS)
    out = capsys.readouterr().out
    assert "no feedback page for notjson" in out and "alice" not in out.split("no feedback page")[1]
    assert (root / "feedback" / "alice" / CH01 / f"{CH01}.html").exists()


def test_feedback_hides_hidden_tests_and_install_paths(graded):
    import os
    import sys

    import lazylearn
    root = graded["root"]
    page = root / "feedback" / "carol" / CH01 / f"{CH01}.html"
    run_cli(["feedback", "ch01", "--course", root, "--student", "carol"])
    html = page.read_text()
    assert "mse-grad-tests" in html or "Traceback" in html  # carol's failed tests are shown
    assert "default_rng(101)" not in html and "HIDDEN TESTS" not in html
    for folder in {sys.prefix, os.path.dirname(os.path.dirname(lazylearn.__file__))}:
        assert folder not in html, folder
    run_cli(["feedback", "ch01", "--course", root, "--student", "carol", "--show-hidden"])
    assert "BEGIN HIDDEN TESTS" in page.read_text()


def test_edited_tests_are_overwritten(graded):
    nb = autograded(graded["root"], "edited")
    assert "check" in "".join(cell(nb, "predict-tests")["source"])
    assert any(o["output_type"] == "error" for o in cell(nb, "mse-tests")["outputs"])


def test_monkeypatching_the_helpers_does_not_help_and_is_flagged(graded):
    s = graded["status"]["patcher"]
    assert s["failed"] == ["grid-tests"]
    assert any("module dictionaries" in f or "NumPy" in f for f in s["flags"])


def test_inflated_points_are_reset(graded):
    with graded["course"].gradebook() as gb:
        sub = gb.find_submission(CH01, "inflated")
        assert float(sub.max_score) == 9.0


def test_infinite_loop_times_out_and_keeps_earlier_cells(graded):
    s = graded["status"]["looper"]
    assert s["status"] == "timed out" and s["score"] == 1.0


def test_os_exit_is_a_crash_with_partial_credit(graded):
    s = graded["status"]["exiter"]
    assert s["status"] == "crashed" and s["score"] == 4.0
    nb = autograded(graded["root"], "exiter")
    assert cell(nb, "grid-tests")["outputs"][0]["ename"] == "KernelDiedError"


def test_huge_output_is_truncated(graded):
    path = graded["root"] / "autograded" / "printer" / CH01 / f"{CH01}.ipynb"
    assert path.stat().st_size < 2 * 2**20
    assert graded["status"]["printer"]["status"] == "ok"


def test_solutions_cannot_be_read(graded):
    text = outputs_text(autograded(graded["root"], "reader"))
    assert "BEGIN SOLUTION" not in text and "blocked FileNotFoundError" in text


def test_no_network(graded):
    text = outputs_text(autograded(graded["root"], "networker"))
    assert "CONNECTED" not in text and "blocked" in text


def test_memory_cap(graded):
    nb = autograded(graded["root"], "hog")
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert [e["ename"] for e in errors] == ["MemoryError"]


def test_traceback_exploits_score_nothing_and_are_flagged(graded):
    for student in ("tb_exploit", "class_exploit"):
        s = graded["status"][student]
        assert s["status"] == "ok" and s["score"] == 0, s
        assert any(f.startswith("patched the grader") for f in s["flags"]), s["flags"]
    assert "showtraceback" in " ".join(graded["status"]["tb_exploit"]["flags"])
    nb = autograded(graded["root"], "tb_exploit")
    assert cell(nb, "predict-tests")["outputs"][0]["ename"] == "NotImplementedError"


def test_exit_in_a_test_fails_only_that_test(graded):
    assert graded["status"]["sysexit"]["failed"] == ["grid-tests"]
    assert graded["status"]["interrupter"]["status"] == "ok"


def test_fork_bomb_and_disk_filler_are_capped(graded):
    bomb, filler = graded["status"]["forkbomb"], graded["status"]["diskfiller"]
    assert bomb["status"] == "process limit" and "cap of 32 processes" in bomb["message"], bomb
    assert filler["status"] == "disk full" and "64 MiB scratch disk" in filler["message"], filler
    assert bomb["score"] == filler["score"] == 9.0


def test_duplicated_ids(graded):
    s = graded["status"]["duplicator"]
    assert s["status"] == "ok" and s["failed"] == ["grid-tests"]


def test_class_report(graded, tmp_path):
    root = graded["root"]
    run_cli(["report", "ch01", "--course", root, "--output", tmp_path])
    page = (tmp_path / "index.html").read_text()
    for png in ("scores.png", "failures.png", "errors.png"):
        assert (tmp_path / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png in page
    assert "timed out" in page and "crashed" in page and "unreadable" in page
    assert "process limit" in page and "disk full" in page and "patched the grader" in page
    from lazylearn.grading.report import collect_report
    report = collect_report(graded["course"], CH01)
    lost_grid = {st for st, sc in graded["expected"].items() if sc < 9 and st != "carol"}
    assert {st for st, s in report.students.items() if "grid-tests" in s["failed"]} == lost_grid
    assert report.failures["grid-tests"] == len(lost_grid)
    assert report.failures["mse-grad-tests"] >= 1
    assert "<script" not in page


def test_normalize_message_masks_numbers():
    from lazylearn.grading.report import normalize_message
    assert normalize_message("got 4.0 expected 1e-3") == normalize_message("got -3.5 expected 2")
    assert normalize_message("x2 wrong") == "x2 wrong"


def test_scan_code_flags():
    from lazylearn.grading.autograde import scan_code
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": "import sys\nsys.modules['x'] = 1"},
                    {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "solution": False}},
                     "source": "import socket"}]}
    assert scan_code(nb) == ["touches sys.modules"]  # test cells are the instructor's: not scanned
    helpers = {"cells": [{"cell_type": "code", "metadata": {},
                          "source": "lazylearn.testing.check_close = lambda *a, **k: None"}]}
    assert scan_code(helpers) == ["replaces test helpers"]  # not also "replaces NumPy functions"
    numpy = {"cells": [{"cell_type": "code", "metadata": {}, "source": "np.testing.assert_allclose = print"}]}
    assert "replaces NumPy functions" in scan_code(numpy)


def test_common_errors_puts_real_mistakes_first():
    from collections import Counter

    from lazylearn.grading.report import ClassReport, common_errors
    report = ClassReport("a", errors=Counter({("t1", "NotImplementedError", "your code goes here"): 5,
                                              ("t2", "AssertionError", "got # expected #"): 2,
                                              ("t1", "KernelDiedError", "not executed"): 3,
                                              ("t1", "ValueError", "shapes"): 1}))
    names = [k[1] for k, _ in common_errors(report)]
    assert names == ["AssertionError", "ValueError", "NotImplementedError", "KernelDiedError"]
    assert len(common_errors(report, n=1)) == 1
