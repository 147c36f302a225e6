"""lazylearn.grading.sandbox and lazylearn.grading.runner: one notebook, run directly."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from lazylearn.grading import sandbox
from lazylearn.grading.sandbox import parse_size, run_job

HAS_BWRAP = sandbox.sandbox_available()[0]
needs_bwrap = pytest.mark.skipif(not HAS_BWRAP, reason="bubblewrap cannot run here: " + sandbox.sandbox_available()[1])


def nb(*sources, test_cells=()):
    cells = []
    for i, src in enumerate(sources):
        meta = {"nbgrader": {"grade": True, "solution": False, "grade_id": f"t{i}", "points": 1,
                             "locked": True, "schema_version": 3}} if i in test_cells else {}
        cells.append({"cell_type": "code", "source": src, "metadata": meta, "outputs": [], "execution_count": None})
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def job(notebook, **kw):
    base = {"student": "s", "assignment": "a", "notebook": "a", "nb": notebook, "files": {},
            "timeout": 20, "cell_timeout": 10, "memory": 2**30, "sandbox": "bwrap" if HAS_BWRAP else "none"}
    base.update(kw)
    return base


def text(result, index):
    out = result["cells"][index]["outputs"]
    return "".join(o.get("text", "") if o["output_type"] != "error" else f"{o['ename']}: {o['evalue']}"
                   for o in out)


def test_outputs_results_and_errors():
    r = run_job(job(nb("print('hi')\n2 + 3", "1/0", "import sys; print('e', file=sys.stderr)")))
    assert r["status"] == "ok"
    out = r["cells"][0]["outputs"]
    assert out[0] == {"output_type": "stream", "name": "stdout", "text": "hi\n"}
    assert out[1]["output_type"] == "execute_result" and out[1]["data"]["text/plain"] == "5"
    assert r["cells"][1]["outputs"][0]["ename"] == "ZeroDivisionError"
    assert r["cells"][2]["outputs"][0]["name"] == "stderr"


@needs_bwrap
def test_course_folder_and_home_are_invisible():
    here = Path(__file__).resolve().parents[1]
    r = run_job(job(nb(f"import os\nprint(sorted(os.listdir({str(here)!r})))\nprint(os.path.exists('/etc/shadow'), "
                       f"os.path.exists({str(here / 'tests')!r}), os.getcwd())")))
    assert r["sandboxed"]
    listing = text(r, 0)
    assert "tests" not in listing and "solutions" not in listing and "nbgrader_config.py" not in listing
    assert "False False /home/student/work" in listing


@needs_bwrap
def test_no_network():
    r = run_job(job(nb("import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=1)\n"
                       "    print('open')\nexcept OSError as e:\n    print('closed', type(e).__name__)")))
    assert "closed" in text(r, 0)


def test_submission_files_cannot_shadow_modules():
    r = run_job(job(nb("import numpy, sys\nprint(numpy.__file__, '' in sys.path, __import__('os').getcwd() in sys.path)"),
                    files={"numpy.py": b"raise SystemExit('shadowed')\n"}))
    out = text(r, 0)
    assert "site-packages" in out and out.strip().endswith("False False")


def test_memory_cap():
    r = run_job(job(nb("import numpy as np\nx = np.ones(2**30)", "print('after')"), memory=512 * 2**20))
    assert r["cells"][0]["outputs"][0]["ename"] == "MemoryError"
    assert text(r, 1) == "after\n"


def test_cell_timeout_then_continue():
    r = run_job(job(nb("while True:\n    pass", "print('next')"), cell_timeout=1))
    assert r["status"] == "ok"
    assert r["cells"][0]["outputs"][-1]["ename"] == "CellTimeoutError"
    assert text(r, 1) == "next\n"


def test_notebook_timeout_kills_everything():
    src = "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass"
    r = run_job(job(nb("print('first')", src, "print('never')"), timeout=3, cell_timeout=1))
    assert r["status"] == "timed out" and sorted(r["cells"]) == [0]
    assert r["seconds"] < 10


def test_crash_keeps_earlier_cells():
    r = run_job(job(nb("print('first')", "import os\nos._exit(3)", "print('never')")))
    assert r["status"] == "crashed" and "exit code 3" in r["message"]
    assert sorted(r["cells"]) == [0]


def test_output_is_capped():
    r = run_job(job(nb("for _ in range(1024):\n    print('x' * 2**20)"), memory=2**30))
    assert r["status"] == "ok"
    assert sum(len(o.get("text", "")) for o in r["cells"][0]["outputs"]) < 200_000
    assert "truncated" in r["cells"][0]["outputs"][-1]["text"]


def test_helpers_restored_before_test_cells():
    patch = ("import numpy as np, lazylearn.testing\n"
             "np.allclose = lambda *a, **k: True\n"
             "check_close = lambda *a, **k: None\n"
             "vars(lazylearn.testing)['check_close'] = lambda *a, **k: None")
    r = run_job(job(nb("from lazylearn.testing import check_close", patch,
                       "print(np.allclose(1, 2)); check_close(1.0, 2.0, 'x')", test_cells=(2,))))
    out = text(r, 2)
    assert out.startswith("False") and "AssertionError" in out


def test_fallback_without_bwrap_warns(monkeypatch):
    monkeypatch.setattr(sandbox, "_probe", {"result": (False, "bubblewrap (bwrap) is not installed"),
                                            **{k: v for k, v in sandbox._probe.items() if k == "mpl"}})
    r = run_job(job(nb("print(1)"), sandbox="auto"))
    assert r["status"] == "ok" and not r["sandboxed"] and "WITHOUT a sandbox" in r["warning"]
    r = run_job(job(nb("print(1)"), sandbox="bwrap"))
    assert r["status"] == "crashed" and "unavailable" in r["message"]


@pytest.mark.parametrize("as_root", [True, False])
def test_bwrap_command_hides_course_and_caps_the_scratch_disk(as_root):
    cmd = sandbox._bwrap_command(2**30, as_root=as_root)
    assert "/" not in [cmd[i + 1] for i, a in enumerate(cmd) if a == "--ro-bind"]  # not the whole root
    assert "--bind" not in cmd  # nothing of the host is writable: the scratch disk is the sandbox's tmpfs
    sizes = {cmd[i + 3]: int(cmd[i + 1]) for i, a in enumerate(cmd) if a == "--size"}
    assert sizes == {"/tmp": 2**28, sandbox.SANDBOX_HOME: 3 * 2**28}  # together exactly --disk
    if as_root:  # no user namespace, which would map the notebook's uid back to root
        assert "--unshare-all" not in cmd and "--unshare-user" not in cmd and "--unshare-pid" in cmd
        assert [cmd[i + 1] for i, a in enumerate(cmd) if a == "--cap-add"] == ["CAP_SETUID", "CAP_SETGID"]
    else:
        assert "--unshare-all" in cmd and "--cap-add" not in cmd


def test_parse_size():
    assert parse_size("2G") == 2 * 2**30 and parse_size("512M") == 512 * 2**20 and parse_size("100") == 100
    assert parse_size("1.5GiB") == int(1.5 * 2**30)
    with pytest.raises(ValueError, match="memory"):
        parse_size("lots")


def test_bwrap_is_on_this_machine_when_ci_installs_it():
    # CI installs bubblewrap; where it exists it must work (a silent fallback would hide a regression)
    if shutil.which("bwrap") and os.geteuid() == 0:
        assert HAS_BWRAP, sandbox.sandbox_available()[1]


def test_python_paths_under_tmp_stay_visible(monkeypatch, tmp_path):
    """A checkout (and its venv) under /tmp, as in CI, must not be hidden by the sandbox's own /tmp."""
    from lazylearn.grading import sandbox
    venv = "/tmp/some-checkout/.venv"
    monkeypatch.setattr(sandbox, "_python_paths", lambda: [venv])
    cmd = sandbox._bwrap_command(1 << 24)
    tmpfs = cmd.index("--tmpfs")
    assert cmd[tmpfs + 1] == "/tmp"
    binds = [i for i, a in enumerate(cmd) if a == "--ro-bind" and cmd[i + 1] == venv]
    assert binds and all(i > tmpfs for i in binds), "the venv is bound before /tmp's tmpfs and would be hidden"


def test_student_function_named_like_a_helper_is_kept():
    """ch03 asks for numerical_gradient, which lazylearn.testing also has: the test cell must call the
    student's version (here a wrong one), not get the helper swapped in."""
    answer = "def numerical_gradient(f, x, eps=1e-6):\n    return 'mine'"
    r = run_job(job(nb("import lazylearn.testing", answer, "print(numerical_gradient(None, 0))",
                       test_cells=(2,))))
    assert text(r, 2) == "mine\n"


# -- the traceback exploit and its variants: a test cell fails when its code raises, whatever the
# notebook did before to the machinery that displays errors --------------------------------------

UNSOLVED = "def f():\n    raise NotImplementedError('your code goes here')"
EXPLOITS = {
    "showtraceback": "get_ipython().showtraceback = lambda *a, **k: None",
    "shell class": ("from IPython.core.interactiveshell import InteractiveShell\n"
                    "InteractiveShell.showtraceback = lambda *a, **k: None\n"
                    "InteractiveShell.run_cell = lambda *a, **k: None\n"
                    "type(get_ipython())._showtraceback = lambda *a, **k: None"),
    "sys.stdout": ("import io, sys\nsys.stdout = io.StringIO(); sys.stderr = io.StringIO()\n"
                   "type(sys.__stdout__)  # the recorder's classes, reached through the streams\n"
                   "rec = type(get_ipython().displayhook)\n"
                   "import gc\n"),
    "recorder class": ("import sys\nR = type(sys.stdout._recorder)\nR.error = lambda *a, **k: None\n"
                       "R.finish = lambda self: []\ntype(sys.stdout).write = lambda self, t: len(t)"),
    "ultratb": ("import IPython.core.ultratb as u\n"
                "for name in dir(u):\n    obj = getattr(u, name)\n"
                "    if isinstance(obj, type) and hasattr(obj, 'structured_traceback'):\n"
                "        obj.structured_traceback = lambda *a, **k: []\n"),
    "hooks": ("import sys\nsys.excepthook = lambda *a: None\nsys.displayhook = lambda *a: None\n"
              "get_ipython().displayhook.__class__.__call__ = lambda *a: None"),
    "forged channel": ("import json, os\nfor fd in range(3, 12):\n    for i in range(6):\n        try:\n"
                       "            os.write(fd, (json.dumps({'type': 'cell', 'index': i, 'outputs': [],"
                       " 'execution_count': i}) + '\\n').encode())\n"
                       "        except OSError:\n            pass"),
    "json encoder": ("import json\nclass Quiet(json.JSONEncoder):\n    pass\n"
                     "json.JSONEncoder.encode = lambda self, o: json.dumps({k: v for k, v in o.items() "
                     "if k != 'outputs'})"),
}


@pytest.mark.parametrize("exploit", sorted(EXPLOITS))
def test_exploit_does_not_hide_a_failing_test(exploit):
    r = run_job(job(nb(UNSOLVED, EXPLOITS[exploit], "assert f() == 1", "print('after')", test_cells=(2,))))
    errors = [o for o in r["cells"][2]["outputs"] if o["output_type"] == "error"]
    assert [e["ename"] for e in errors] == ["NotImplementedError"], (exploit, r["cells"][2])
    assert "your code goes here" in errors[0]["evalue"]
    assert r["tampered"] or r["forged"] or exploit == "sys.stdout", r  # reported, so the report flags it
    assert text(r, 3) == "after\n"


@pytest.mark.parametrize("exc", ["SystemExit(0)", "KeyboardInterrupt()"])
def test_exit_and_interrupt_in_a_test_fail_it(exc):
    r = run_job(job(nb(f"def f():\n    raise {exc}", "f()", "assert f() == 1", "print('after')", test_cells=(2,))))
    assert r["status"] == "ok"
    assert [o["ename"] for o in r["cells"][2]["outputs"] if o["output_type"] == "error"] == [exc.split("(")[0]]
    assert text(r, 3) == "after\n"


def test_forged_lines_are_counted_not_read():
    from lazylearn.grading.sandbox import read_channel
    good = b'{"type": "cell", "index": 0, "outputs": [], "token": "t"}\n'
    fake = b'{"type": "cell", "index": 1, "outputs": []}\n{"type": "done"}\nnot json\n'
    cells, done, _, _, forged = read_channel(good + fake + good, "t")
    assert sorted(cells) == [0] and not done and forged == 4


@needs_bwrap
def test_forked_children_yield_the_cpu():
    """A fork bomb's children get the lowest priority (an unprivileged uid cannot raise it), so
    they cannot starve the notebooks graded beside them."""
    if os.geteuid() != 0:
        pytest.skip("the sandbox's own uid needs a grader running as root")
    src = ("import os\nr, w = os.pipe()\nif os.fork() == 0:\n    os.write(w, str(os.nice(0)).encode())\n"
           "    os._exit(0)\nos.close(w)\nprint(os.read(r, 10).decode(), os.nice(0))\n"
           "try:\n    os.nice(-5)\nexcept PermissionError:\n    print('cannot raise')")
    r = run_job(job(nb(src)))
    assert text(r, 0) == "19 0\ncannot raise\n"
