"""``lazylearn collect``: import submissions into nbgrader's submitted/ folder."""
from __future__ import annotations

from collections import Counter

from ._common import open_course, say
from .exitcodes import ExitCode

__all__ = ["HELP", "EPILOG", "add_arguments", "run"]

HELP = "import a folder or zip of submitted notebooks into submitted/<student>/<assignment>/"
EPILOG = """\
examples:
  lazylearn collect ~/Downloads/ch01-submissions.zip
  lazylearn collect inbox/ --assignment ch01         for inbox/<student>/<any name>.ipynb
  lazylearn collect /srv/nbgrader/exchange/lazy-neural-networks/inbound
  lazylearn collect inbox/ --force                   replace notebooks collected before

recognised layouts (mixable):
  <student>_<assignment>.ipynb                       alice_ch01-fitting-a-line.ipynb
  <student>/<notebook>.ipynb                         alice/ch01-fitting-a-line.ipynb
  <student>/<assignment>/<notebook>.ipynb            nbgrader's submitted/ layout
  <student>+<assignment>+<timestamp>[+id]/<notebook>.ipynb   nbgrader's exchange (newest wins)
writes:
  submitted/<student>/<assignment>/<notebook>.ipynb (+ timestamp.txt when known)
skipped, each with its reason: not a notebook, unknown assignment, duplicate, unreadable,
invalid student id, unsafe path in a zip, already collected with other content (see --force).
"""


def add_arguments(parser):
    parser.add_argument("path", metavar="PATH", help="a folder, a .zip, or a single notebook")
    parser.add_argument("--assignment", "-a", metavar="ASSIGNMENT", default=None,
                        help="assignment of notebooks whose path does not name it")
    parser.add_argument("--force", action="store_true", help="replace already collected notebooks that differ")
    parser.add_argument("--dry-run", action="store_true", help="report what would be collected, write nothing")


def run(args) -> int:
    from lazylearn.grading.collect import collect
    course = open_course(args)
    collected, skipped = collect(course, args.path, assignment=args.assignment, force=args.force,
                                 dry_run=args.dry_run)
    for c in collected:
        say(f"  {c.action:<9} {c.student}/{c.assignment}/{c.notebook}.ipynb  <- {c.source}")
    counts = Counter(c.action for c in collected)
    verb = "would collect" if args.dry_run else "collected"
    detail = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    say(f"{verb} {len(collected)} notebook(s){f' ({detail})' if detail else ''} into "
        f"{course.submitted_dir.relative_to(course.root)}/")
    if skipped:
        say(f"skipped {len(skipped)} file(s):")
        for s in skipped:
            say(f"  {s.source}: {s.reason}")
        return ExitCode.PROBLEMS
    return ExitCode.OK
