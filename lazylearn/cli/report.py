"""``lazylearn report``: the class report (HTML and PNG plots)."""
from __future__ import annotations

from ._common import open_course, say
from .exitcodes import ExitCode

__all__ = ["HELP", "EPILOG", "add_arguments", "run"]

HELP = "write a class report: score histogram, failure rate of each test, most common errors"
EPILOG = """\
examples:
  lazylearn report ch01
  lazylearn report ch01 --output /var/www/reports/ch01

expects: the gradebook and autograded/<student>/<assignment>/ (from lazylearn grade)
writes:
  reports/<assignment>/index.html     summary, per-test failure table with the commonest errors,
                                      per-student scores, statuses and flags
  reports/<assignment>/scores.png     histogram of total scores
  reports/<assignment>/failures.png   share of students losing points on each test cell
  reports/<assignment>/errors.png     the most common error messages (numbers masked)
"""


def add_arguments(parser):
    parser.add_argument("assignment", metavar="ASSIGNMENT", help="assignment name or unambiguous prefix")
    parser.add_argument("--output", "-o", metavar="DIR", default=None,
                        help="folder for the page and plots (default: reports/<assignment>/)")


def run(args) -> int:
    from lazylearn.grading.config import CourseError
    from lazylearn.grading.report import collect_report, write_report
    course = open_course(args)
    assignment = course.resolve_assignment(args.assignment)
    if not collect_report(course, assignment).students:
        raise CourseError(f"no graded submissions of {assignment} in the gradebook: run "
                          f"'lazylearn grade {assignment}' first", kind="not found")
    path = write_report(course, assignment, args.output)
    say(f"report: {path}")
    return ExitCode.OK
