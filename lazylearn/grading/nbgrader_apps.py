"""nbgrader's own converters and exporter, run in-process for one course folder.

Each function raises :class:`NbgraderError` with nbgrader's log when nbgrader reports a failure,
instead of nbgrader's habit of logging and exiting.
"""
from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from .config import Course

__all__ = ["NbgraderError", "generate_assignment", "generate_feedback", "export_csv"]


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


def generate_feedback(course: Course, assignment: str, student: str | None = None) -> str:
    """``nbgrader generate_feedback --force``: HTML feedback into ``feedback/<student>/<assignment>/``."""
    from nbgrader.converters import GenerateFeedback
    from traitlets.config import Config
    config = Config(course.config)
    config.HTMLExporter.template_name = "feedback"
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
