"""``lazylearn feedback``: HTML feedback for students (nbgrader generate_feedback)."""
from __future__ import annotations

from ._common import open_course, say
from .exitcodes import ExitCode

__all__ = ["HELP", "EPILOG", "add_arguments", "run"]

HELP = "write each student's graded notebook as HTML feedback (nbgrader generate_feedback)"
EPILOG = """\
examples:
  lazylearn feedback ch01
  lazylearn feedback ch01 --student alice

expects:
  autograded/<student>/<assignment>/<notebook>.ipynb   (from lazylearn grade)
writes:
  feedback/<student>/<assignment>/<notebook>.html

Hidden tests (### BEGIN HIDDEN TESTS ... ### END HIDDEN TESTS) and the grader's install paths in
tracebacks are left out of the pages unless --show-hidden.
"""


def add_arguments(parser):
    parser.add_argument("assignment", metavar="ASSIGNMENT", help="assignment name or unambiguous prefix")
    parser.add_argument("--student", "-s", action="append", metavar="STUDENT", help="only this student (repeatable)")
    parser.add_argument("--show-hidden", action="store_true",
                        help="show hidden tests and the grader's install paths in tracebacks (default: left out)")


def run(args) -> int:
    from lazylearn.grading.config import CourseError, did_you_mean
    from lazylearn.grading.nbgrader_apps import generate_feedback
    course = open_course(args)
    assignment = course.resolve_assignment(args.assignment)
    names = sorted(p.parent.name for p in course.autograded_dir.glob(f"*/{assignment}") if p.is_dir()) \
        if course.autograded_dir.is_dir() else []
    if not names:
        raise CourseError(f"nothing graded for {assignment}: run 'lazylearn grade {assignment}' first",
                          kind="not found")
    for student in args.student or []:
        if student not in names:
            raise CourseError(f"no graded submission of {assignment} from {student!r}{did_you_mean(student, names)}",
                              kind="not found")
    without = [s for s in args.student or names
               if not any(course.autograded_dir.joinpath(s, assignment).glob("*.ipynb"))]
    # nbgrader fails on a named student with no graded notebook: name only those that have one
    for student in [s for s in args.student if s not in without] if args.student else [None]:
        generate_feedback(course, assignment, student, show_hidden=args.show_hidden)
    made = [p for p in sorted(course.feedback_dir.glob(f"*/{assignment}/*.html"))
            if not args.student or p.parent.parent.name in args.student]
    say(f"feedback for {assignment}: {len(made)} page(s) in {course.feedback_dir.relative_to(course.root)}/")
    if without:
        say(f"no feedback page for {', '.join(without)}: nothing was graded (unreadable or missing notebook; "
            "see 'lazylearn report')")
        return ExitCode.PROBLEMS
    return ExitCode.OK
