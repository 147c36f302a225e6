"""``lazylearn export``: grades to CSV (nbgrader export)."""
from __future__ import annotations

from ._common import open_course, say
from .exitcodes import ExitCode

__all__ = ["HELP", "EPILOG", "add_arguments", "run"]

HELP = "export the gradebook to CSV, one row per assignment and student (nbgrader export)"
EPILOG = """\
examples:
  lazylearn export                              -> grades.csv in the course folder
  lazylearn export --to ~/ch01.csv --assignment ch01

columns (nbgrader's): assignment, duedate, timestamp, student_id, last_name, first_name, email,
raw_score, late_submission_penalty, score, max_score
"""


def add_arguments(parser):
    parser.add_argument("--to", metavar="FILE", default=None, help="CSV file to write (default: grades.csv in the course)")
    parser.add_argument("--assignment", "-a", action="append", metavar="ASSIGNMENT",
                        help="only this assignment (repeatable; prefixes accepted)")
    parser.add_argument("--student", "-s", action="append", metavar="STUDENT", help="only this student (repeatable)")


def run(args) -> int:
    from pathlib import Path
    from lazylearn.grading.config import CourseError, did_you_mean
    from lazylearn.grading.nbgrader_apps import export_csv
    course = open_course(args)
    assignments = [course.resolve_assignment(a) for a in args.assignment or []]
    if args.student:
        with course.gradebook() as gb:
            known = [s.id for s in gb.students]
        for s in args.student:
            if s not in known:
                raise CourseError(f"no student {s!r} in the gradebook{did_you_mean(s, known)}", kind="not found")
    to = Path(args.to) if args.to else course.root / "grades.csv"
    export_csv(course, to, assignments=assignments, students=args.student or [])
    rows = max(sum(1 for _ in open(to, encoding="utf-8")) - 1, 0)
    say(f"exported {rows} row(s) to {to}")
    return ExitCode.OK
