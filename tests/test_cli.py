"""lazylearn.cli: every sub-command in-process, with its exit codes and error messages."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile

import pytest
from test_grading import CH01, REPO, load, make_course, run_cli, submit

from lazylearn.cli import COMMANDS, ExitCode, main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("clicourse"))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_has_examples_and_layout(command, capsys):
    run_cli([command, "--help"], retcode=0)
    out = capsys.readouterr().out
    assert "examples:" in out and "lazylearn " + command in out
    assert "expects" in out or "layouts" in out or "columns" in out


def test_top_level_help_lists_exit_codes(capsys):
    run_cli(["--help"], retcode=0)
    out = capsys.readouterr().out
    for code in ExitCode:
        assert code.name in out


def test_usage_error_is_one_line(capsys):
    run_cli(["grade"], retcode=ExitCode.USAGE_ERROR)
    run_cli(["frobnicate"], retcode=ExitCode.USAGE_ERROR)


def test_unknown_assignment_did_you_mean(course, capsys):
    run_cli(["grade", "ch01-fiting-a-line", "--course", course], retcode=ExitCode.NOT_FOUND)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "did you mean 'ch01-fitting-a-line'" in err[0] and "Traceback" not in err[0]


def test_chapter_number_without_zero_did_you_mean(course, capsys):
    run_cli(["report", "ch1", "--course", course], retcode=ExitCode.NOT_FOUND)
    assert "did you mean 'ch01-fitting-a-line'" in capsys.readouterr().err


def test_unknown_command_did_you_mean(capsys):
    run_cli(["grde", "ch01"], retcode=ExitCode.USAGE_ERROR)
    err = capsys.readouterr().err
    assert "unknown command 'grde' (did you mean 'grade'?)" in err and "Traceback" not in err


def test_course_option_without_config(tmp_path, capsys):
    run_cli(["release", "all", "--course", tmp_path], retcode=ExitCode.NOT_FOUND)
    assert "no nbgrader_config.py" in capsys.readouterr().err


def test_unknown_student_did_you_mean(course, capsys):
    submit(course, "alice", load(course, "solutions"))
    run_cli(["grade", "ch01", "--course", course, "--student", "alcie"], retcode=ExitCode.NOT_FOUND)
    assert "did you mean 'alice'" in capsys.readouterr().err


def test_bad_option_value(course, capsys):
    run_cli(["grade", "ch01", "--course", course, "--memory", "lots"], retcode=ExitCode.USAGE_ERROR)
    assert "argument --memory: expected a positive size like 2G" in capsys.readouterr().err
    run_cli(["grade", "ch01", "--course", course, "--jobs", "0"], retcode=ExitCode.USAGE_ERROR)
    assert "argument --jobs/-j: must be at least 1; got 0" in capsys.readouterr().err


def test_an_error_inside_grading_is_internal_not_usage(course, capsys, monkeypatch):
    """A ValueError raised by lazylearn's own code is a bug: its own exit code, one line, and the
    traceback with --debug (only a bad argument is a usage error)."""
    from lazylearn.grading import autograde
    submit(course, "alice", load(course, "solutions"))

    def broken(*args, **kwargs):
        raise ValueError("something inside went wrong\nsecond line")
    monkeypatch.setattr(autograde, "grade", broken)
    run_cli(["grade", "ch01", "--course", course], retcode=ExitCode.INTERNAL_ERROR)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: ValueError: something inside went wrong" in err
    assert "--debug" in err and "Traceback" not in err
    with pytest.raises(ValueError, match="something inside"):
        main(["grade", "ch01", "--course", str(course), "--debug"])


def test_debug_shows_the_traceback(course):
    with pytest.raises(Exception, match="unknown assignment"):
        main(["grade", "nope", "--course", str(course), "--debug"])


def test_no_course_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run_cli(["grade", "ch01"], retcode=ExitCode.NOT_FOUND)
    assert "nbgrader_config.py" in capsys.readouterr().err


def test_release_prefix_and_all(course, capsys):
    run_cli(["release", "ch01", "--course", course])
    assert f"released {CH01}" in capsys.readouterr().out
    nb = load(course, "exercises")
    assert "BEGIN SOLUTION" not in json.dumps(nb)


def test_collect_layouts_and_skips(course, tmp_path, capsys):
    solved = json.dumps(load(course, "solutions"))
    inbox = tmp_path / "inbox"
    (inbox / "frank").mkdir(parents=True)
    (inbox / "frank" / f"{CH01}.ipynb").write_text(solved)  # <student>/<notebook>
    (inbox / f"gina_{CH01}.ipynb").write_text(solved)  # <student>_<assignment>
    (inbox / "hugo" / CH01).mkdir(parents=True)
    (inbox / "hugo" / CH01 / f"{CH01}.ipynb").write_text(solved)  # submitted layout
    for ts in ("2024-03-01 10:00:00.000000 UTC", "2024-03-02 10:00:00.000000 UTC"):
        d = inbox / "inbound" / f"ida+{CH01}+{ts}+abc"
        d.mkdir(parents=True)
        (d / f"{CH01}.ipynb").write_text(solved.replace("fitting", "fitting") if "03-01" in ts else solved + " ")
        (d / "timestamp.txt").write_text(ts)
    (inbox / "notes.txt").write_text("hello")
    (inbox / "jo_ch09-nothing.ipynb").write_text(solved)
    (inbox / f"kim_{CH01}.ipynb").write_text("{not json")
    (inbox / "dups").mkdir()
    (inbox / "dups" / f"gina_{CH01}.ipynb").write_text(solved)
    code = main(["collect", str(inbox), "--course", str(course)])
    out = capsys.readouterr().out
    assert code == ExitCode.PROBLEMS
    for student in ("frank", "gina", "hugo", "ida"):
        assert (course / "submitted" / student / CH01 / f"{CH01}.ipynb").exists(), student
    assert (course / "submitted" / "ida" / CH01 / "timestamp.txt").read_text().startswith("2024-03-02")
    assert "notes.txt: not a notebook" in out
    assert "unknown assignment 'ch09-nothing'" in out
    assert f"kim_{CH01}.ipynb: unreadable: not" in out
    assert "duplicate" in out and "superseded by the newer" in out
    # a second run changes nothing
    code = main(["collect", str(inbox / f"gina_{CH01}.ipynb"), "--course", str(course)])
    assert code == ExitCode.OK and "unchanged" in capsys.readouterr().out


def test_collect_duplicates_say_which_was_kept(course, tmp_path, capsys):
    solved = json.dumps(load(course, "solutions"))
    inbox = tmp_path / "dupes"
    (inbox / "nora").mkdir(parents=True)
    (inbox / "nora" / f"{CH01}.ipynb").write_text(solved)
    (inbox / "nora" / f"{CH01} (1).ipynb").write_text(solved + " ")  # another download, other content
    (inbox / "otto").mkdir()
    (inbox / "otto" / f"{CH01}.ipynb").write_text(solved)
    (inbox / f"otto_{CH01}.ipynb").write_text(solved)  # the same file twice
    run_cli(["collect", inbox, "--course", course, "--dry-run"], retcode=ExitCode.PROBLEMS)
    out = capsys.readouterr().out
    assert "different content; kept nora/" in out and "--force" in out
    assert "duplicate: same content as" in out


def test_recollect_without_timestamp_drops_the_old_one(course, tmp_path, capsys):
    d = tmp_path / "inbound" / f"pia+{CH01}+2024-03-01 10:00:00.000000 UTC+x"
    d.mkdir(parents=True)
    (d / f"{CH01}.ipynb").write_text(json.dumps(load(course, "exercises")))
    run_cli(["collect", tmp_path / "inbound", "--course", course])
    stamp = course / "submitted" / "pia" / CH01 / "timestamp.txt"
    assert stamp.exists()
    again = tmp_path / f"pia_{CH01}.ipynb"
    again.write_text(json.dumps(load(course, "solutions")))
    run_cli(["collect", again, "--course", course, "--force"])
    assert not stamp.exists()  # the old time would apply the wrong late penalty


def test_collect_zip_refuses_unsafe_paths(course, tmp_path, capsys):
    z = tmp_path / "subs.zip"
    solved = json.dumps(load(course, "solutions"))
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr(f"lena_{CH01}.ipynb", solved)
        zf.writestr(f"../evil_{CH01}.ipynb", solved)
    run_cli(["collect", z, "--course", course], retcode=ExitCode.PROBLEMS)
    out = capsys.readouterr().out
    assert "unsafe path" in out
    assert (course / "submitted" / "lena" / CH01 / f"{CH01}.ipynb").exists()
    assert not (course / "submitted" / "evil").exists() and not (tmp_path / f"evil_{CH01}.ipynb").exists()


def test_collect_conflict_needs_force(course, tmp_path, capsys):
    f = tmp_path / f"mia_{CH01}.ipynb"
    f.write_text(json.dumps(load(course, "solutions")))
    run_cli(["collect", f, "--course", course])
    f.write_text(json.dumps(load(course, "exercises")))
    run_cli(["collect", f, "--course", course], retcode=ExitCode.PROBLEMS)
    assert "--force" in capsys.readouterr().out
    run_cli(["collect", f, "--course", course, "--force"])
    assert "updated" in capsys.readouterr().out


def test_grade_feedback_export_report(course, tmp_path, capsys):
    submit(course, "alice", load(course, "solutions"))
    submit(course, "bob", load(course, "exercises"))
    run_cli(["grade", "ch01", "--course", course, "--student", "alice", "--student", "bob", "--quiet"])
    out = capsys.readouterr().out
    assert "graded 2 notebook(s)" in out and "2 ok" in out
    run_cli(["feedback", "ch01", "--course", course, "--student", "alice"])
    assert (course / "feedback" / "alice" / CH01 / f"{CH01}.html").exists()
    run_cli(["feedback", "ch01", "--course", course, "--student", "nobody"], retcode=ExitCode.NOT_FOUND)
    dest = tmp_path / "grades.csv"
    run_cli(["export", "--course", course, "--to", dest, "--assignment", "ch01"])
    rows = {r["student_id"]: r for r in csv.DictReader(dest.open())}
    assert float(rows["alice"]["score"]) == 9.0 and float(rows["bob"]["score"]) == 0.0
    assert float(rows["alice"]["max_score"]) == 9.0
    run_cli(["report", "ch01", "--course", course])
    assert (course / "reports" / CH01 / "index.html").exists()


def test_python_dash_m(course):
    proc = subprocess.run([sys.executable, "-m", "lazylearn", "report", "ch1", "--course", str(course)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (ExitCode.NOT_FOUND, ExitCode.USAGE_ERROR), proc.stderr
    assert proc.stderr.startswith("lazylearn: error:") and "Traceback" not in proc.stderr
    assert REPO.exists()
