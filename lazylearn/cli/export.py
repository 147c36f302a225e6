"""``lazylearn export``: grades to CSV (nbgrader export)."""
from __future__ import annotations

from ._common import open_course, say
from .exitcodes import ExitCode

__all__ = ["HELP", "EPILOG", "add_arguments", "run"]

HELP = "export the gradebook to CSV: nbgrader's (one row per assignment and student) or an LMS's"
EPILOG = """\
examples:
  lazylearn export                              -> grades.csv in the course folder
  lazylearn export --to ~/ch01.csv --assignment ch01

  lazylearn export --lms canvas --to canvas.csv  -> Canvas: Grades -> Import

columns (nbgrader's): assignment, duedate, timestamp, student_id, last_name, first_name, email,
raw_score, late_submission_penalty, score, max_score
columns (--lms canvas): Student, ID, SIS User ID, SIS Login ID (the nbgrader student id), Section,
then one column per assignment (score after late penalties), with a "Points Possible" row
"""


def add_arguments(parser):
    parser.add_argument("--to", metavar="FILE", default=None, help="CSV file to write (default: grades.csv in the course)")
    parser.add_argument("--assignment", "-a", action="append", metavar="ASSIGNMENT",
                        help="only this assignment (repeatable; prefixes accepted)")
    parser.add_argument("--student", "-s", action="append", metavar="STUDENT", help="only this student (repeatable)")
    parser.add_argument("--lms", choices=("canvas",), default=None,
                        help="write the gradebook layout this LMS imports instead of nbgrader's")
    parser.add_argument("--section", default="", metavar="NAME", help="the Section column of --lms canvas")


def run(args) -> int:
    from pathlib import Path

    from lazylearn.grading.config import CourseError, did_you_mean
    from lazylearn.grading.nbgrader_apps import export_canvas, export_csv
    course = open_course(args)
    assignments = [course.resolve_assignment(a) for a in args.assignment or []]
    if args.student:
        with course.gradebook() as gb:
            known = [s.id for s in gb.students]
        for s in args.student:
            if s not in known:
                raise CourseError(f"no student {s!r} in the gradebook{did_you_mean(s, known)}", kind="not found")
    to = Path(args.to) if args.to else course.root / ("canvas.csv" if args.lms == "canvas" else "grades.csv")
    if args.lms == "canvas":
        export_canvas(course, to, assignments=assignments, students=args.student or [], section=args.section)
        header_rows = 2
    else:
        export_csv(course, to, assignments=assignments, students=args.student or [])
        header_rows = 1
    rows = max(sum(1 for _ in open(to, encoding="utf-8")) - header_rows, 0)
    say(f"exported {rows} row(s) to {to}")
    return ExitCode.OK
