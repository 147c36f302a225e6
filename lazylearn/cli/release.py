"""``lazylearn release``: make the student version of assignments (nbgrader generate_assignment)."""
from __future__ import annotations

from ._common import open_course, say
from .exitcodes import ExitCode

__all__ = ["HELP", "EPILOG", "add_arguments", "run"]

HELP = "generate the student notebooks of an assignment (solutions/ -> exercises/)"
EPILOG = """\
examples:
  lazylearn release ch01                  ch01 is a prefix of ch01-fitting-a-line
  lazylearn release ch01-fitting-a-line ch02
  lazylearn release all

expects (folder names from nbgrader_config.py; nbgrader's defaults source/, release/ when unset):
  nbgrader_config.py
  solutions/<assignment>/*.ipynb                  instructor version: solutions, hidden tests (any
                                                  number of notebooks, any names, plus other files)
writes:
  exercises/<assignment>/*.ipynb                  student version (commit it), with the other files
  gradebook                                       the assignment's cells, points and checksums
"""


def add_arguments(parser):
    parser.add_argument("assignments", nargs="+", metavar="ASSIGNMENT",
                        help="assignment name or unambiguous prefix (ch01), or 'all'")


def _release(course, name: str):
    from lazylearn.grading.nbgrader_apps import generate_assignment
    generate_assignment(course, name)
    return course.release_dir / name


def run(args) -> int:
    course = open_course(args)
    if args.assignments == ["all"]:
        names = course.assignments()
    else:
        names = [course.resolve_assignment(a) for a in args.assignments]
    for name in names:
        folder = _release(course, name)
        say(f"released {name} -> {folder.relative_to(course.root) if folder.is_relative_to(course.root) else folder}")
    return ExitCode.OK
