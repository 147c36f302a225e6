"""nbgrader's own converters and exporter, run in-process for one course folder.

Each function raises :class:`NbgraderError` with nbgrader's log when nbgrader reports a failure,
instead of nbgrader's habit of logging and exiting.
"""
from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from .config import Course

__all__ = ["NbgraderError", "generate_assignment", "generate_feedback", "export_csv", "export_canvas"]

#: the first columns of a Canvas gradebook CSV (Grades -> Import), before one column per assignment
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


class NbgraderError(Exception):
    """nbgrader failed; ``log`` holds what it printed."""

    def __init__(self, message: str, log: str = ""):
        super().__init__(message)
        self.log = log


def _run(app, what: str) -> str:
    from nbgrader.utils import capture_log
    app.log.setLevel(logging.WARNING)
    result = capture_log(app)
    log = result.get("log", "")
    if not result["success"]:
        lines = [line for line in (log + "\n" + result.get("error", "")).splitlines() if line.strip()]
        errors = [line for line in lines if "[ERROR]" in line or "Error" in line]
        raise NbgraderError(f"nbgrader {what} failed: {(errors or lines or ['no message'])[-1].strip()}",
                            log + result.get("error", ""))
    return log


@contextlib.contextmanager
def _coursedir(course: Course, **attrs):
    from nbgrader.coursedir import CourseDirectory
    coursedir = CourseDirectory(config=course.config)
    for key, value in attrs.items():
        setattr(coursedir, key, value)
    yield coursedir


def generate_assignment(course: Course, assignment: str, *, release_dir: str | None = None) -> str:
    """``nbgrader generate_assignment --force``: the student version into ``release_dir`` (default:
    the course's release directory) and the assignment into the gradebook."""
    from nbgrader.converters import GenerateAssignment
    attrs = {"assignment_id": assignment}
    if release_dir is not None:
        attrs["release_directory"] = str(Path(release_dir).resolve())
    with _coursedir(course, **attrs) as coursedir:
        app = GenerateAssignment(coursedir=coursedir, config=course.config)
        app.force = True
        app.create_assignment = True
        return _run(app, f"generate_assignment {assignment}")


def install_paths() -> list[tuple[str, str]]:
    """(folder, what to show instead) for the grader's own install paths, longest first."""
    import os
    import sys

    import lazylearn
    package = os.path.dirname(os.path.abspath(lazylearn.__file__))
    pairs = {os.path.dirname(package): "<lazylearn>", sys.prefix: "<python>", sys.base_prefix: "<python>",
             sys.exec_prefix: "<python>"}
    for folder, label in list(pairs.items()):
        pairs.setdefault(os.path.realpath(folder), label)
    return sorted(pairs.items(), key=lambda kv: -len(kv[0]))


def _feedback_filter_class():
    import re

    from nbconvert.preprocessors import Preprocessor
    from nbgrader import utils
    from nbgrader.preprocessors import ClearHiddenTests
    from traitlets import Bool

    class HideFromStudents(Preprocessor):
        """Feedback without hidden tests (nbgrader's ``ClearHiddenTests`` on the graded copy) and
        without the grader's install paths in tracebacks, unless ``show_hidden``."""

        enabled = Bool(True).tag(config=True)
        show_hidden = Bool(False).tag(config=True)

        def preprocess(self, nb, resources):
            if self.show_hidden:
                return nb, resources
            hide = ClearHiddenTests(config=self.config)
            pattern = re.compile("|".join(re.escape(folder) for folder, _ in install_paths()))
            labels = dict(install_paths())
            for cell in nb.cells:
                if utils.is_grade(cell) and not utils.is_solution(cell):
                    hide._remove_hidden_test_region(cell)
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "error":
                        out["traceback"] = [pattern.sub(lambda m: labels[m.group(0)], line)
                                            for line in out.get("traceback", [])]
                        out["evalue"] = pattern.sub(lambda m: labels[m.group(0)], out.get("evalue", ""))
                    elif out.get("output_type") == "stream":
                        out["text"] = pattern.sub(lambda m: labels[m.group(0)], out.get("text", ""))
            return nb, resources

    return HideFromStudents


def generate_feedback(course: Course, assignment: str, student: str | None = None, *,
                      show_hidden: bool = False) -> str:
    """``nbgrader generate_feedback --force``: HTML feedback into ``feedback/<student>/<assignment>/``.

    Hidden tests and the grader's install paths (in tracebacks) are left out unless ``show_hidden``
    (nbgrader itself shows both)."""
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.converters import GenerateFeedback
    from nbgrader.preprocessors import GetGrades
    from traitlets.config import Config
    config = Config(course.config)
    config.HTMLExporter.template_name = "feedback"
    config.GenerateFeedback.preprocessors = [GetGrades, _feedback_filter_class(), CSSHTMLHeaderPreprocessor]
    config.HideFromStudents.show_hidden = bool(show_hidden)
    attrs = {"assignment_id": assignment}
    if student is not None:
        attrs["student_id"] = student
    with _coursedir(course, **attrs) as coursedir:
        app = GenerateFeedback(coursedir=coursedir, config=config)
        app.force = True
        return _run(app, f"generate_feedback {assignment}")


def export_csv(course: Course, to: str | Path, *, assignments=(), students=()) -> Path:
    """``nbgrader export``: one CSV row per (assignment, student) with scores and late penalties."""
    from nbgrader.plugins import CsvExportPlugin
    plugin = CsvExportPlugin(config=course.config)
    plugin.to = str(to)
    plugin.assignment = list(assignments)
    plugin.student = list(students)
    with course.gradebook() as gb:
        plugin.export(gb)
    return Path(to)


def export_canvas(course: Course, to: str | Path, *, assignments=(), students=(), section: str = "") -> Path:
    """A gradebook CSV in the layout Canvas imports: ``Student`` (``Last, First``, else the id),
    ``ID`` (Canvas's own, left empty), ``SIS User ID`` (empty), ``SIS Login ID`` (the nbgrader
    student id, which on JupyterHub is the login), ``Section``, then one column per assignment
    with the score after late penalties, and a ``Points Possible`` row under the header."""
    import csv
    with course.gradebook() as gb:
        names = [a.name for a in sorted(gb.assignments, key=lambda a: (a.duedate is None, a.duedate, a.name))
                 if not assignments or a.name in assignments]
        rows = []
        for student in sorted(gb.students, key=lambda s: s.id):
            if students and student.id not in students:
                continue
            name = ", ".join(p for p in (student.last_name, student.first_name) if p) or student.id
            row = [name, "", "", student.id, section]
            for assignment in names:
                try:
                    sub = gb.find_submission(assignment, student.id)
                    penalty = float(sub.late_submission_penalty or 0)
                    row.append(f"{max(float(sub.score) - penalty, 0.0):g}")  # as nbgrader's CSV 'score'

                except Exception:  # no submission: an empty cell, which Canvas leaves alone
                    row.append("")
            rows.append(row)
        points = [f"{float(gb.find_assignment(a).max_score):g}" for a in names]
    path = Path(to)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CANVAS_COLUMNS + names)
        writer.writerow(["Points Possible", "", "", "", ""] + points)
        writer.writerows(rows)
    return path
