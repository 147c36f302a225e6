"""``lazylearn grade``: autograde every submission of an assignment, in parallel and sandboxed."""
from __future__ import annotations

import os
import time
from collections import Counter

from ._common import at_least, open_course, positive, say, size, warn
from .exitcodes import ExitCode

__all__ = ["HELP", "EPILOG", "add_arguments", "run"]

HELP = "autograde every submission of an assignment in parallel, each in its own sandbox"
EPILOG = """\
examples:
  lazylearn grade ch01                                all students, 2 at a time
  lazylearn grade ch01 --jobs 8 --timeout 120 --memory 1G
  lazylearn grade ch01 --student alice --student bob
  lazylearn grade ch01 --regrade --dry-run            after editing a test: who would gain or lose points
  lazylearn grade ch01 --dask                         a local Dask cluster with --jobs workers
  lazylearn grade ch01 --scheduler tcp://10.0.0.5:8786 --db-url postgresql+psycopg2://grader@db/gradebook

expects (names from nbgrader_config.py):
  solutions/<assignment>/<notebook>.ipynb             source, for restoring edited or deleted tests
  submitted/<student>/<assignment>/<notebook>.ipynb   see 'lazylearn collect'
writes:
  gradebook (nbgrader's; SQLite unless --db-url / db_url), autograded/<student>/<assignment>/,
  reports/<assignment>/grading.json (statuses, read by 'lazylearn report')

Each notebook runs in a bubblewrap sandbox (no network, no course files; memory, disk, process and
time caps), as an unprivileged uid of its own; without bubblewrap it runs unsandboxed, with a
warning. Statuses: ok, timed out, crashed, process limit (hit --processes: a fork bomb), disk full
(filled --disk), unreadable, invalid (nbgrader metadata), missing (notebook not submitted).
"""


def add_arguments(parser):
    parser.add_argument("assignment", metavar="ASSIGNMENT", help="assignment name or unambiguous prefix (ch01)")
    parser.add_argument("--student", "-s", action="append", metavar="STUDENT",
                        help="grade only this student (repeatable); default: everyone in submitted/")
    parser.add_argument("--jobs", "-j", type=at_least(1), default=min(os.cpu_count() or 1, 2), metavar="N",
                        help="notebooks graded at once (default: %(default)s)")
    parser.add_argument("--timeout", type=positive, default=300.0, metavar="S",
                        help="wall-clock limit of one notebook in seconds (default: %(default)g)")
    parser.add_argument("--cell-timeout", type=positive, default=None, metavar="S",
                        help="limit of one cell (default: nbgrader's Execute.timeout, at most --timeout)")
    parser.add_argument("--memory", type=size, default="2G", metavar="M",
                        help="memory (address space) limit of one notebook, e.g. 512M, 2G (default: %(default)s)")
    parser.add_argument("--disk", type=size, default="1G", metavar="D",
                        help="scratch disk of one notebook (its folder and /tmp together), e.g. 256M "
                             "(default: %(default)s)")
    parser.add_argument("--processes", type=at_least(4), default=64, metavar="N",
                        help="processes and threads one notebook may run at once (default: %(default)s)")
    parser.add_argument("--sandbox", choices=("auto", "bwrap", "none"), default="auto",
                        help="auto: bubblewrap if it works here, else unsandboxed with a warning; bwrap: "
                             "require it; none: run unsandboxed (trusted notebooks only)")
    dask = parser.add_mutually_exclusive_group()
    dask.add_argument("--scheduler", metavar="ADDRESS", default=None,
                      help="run notebooks on a Dask cluster (tcp://host:8786); the gradebook is still written here")
    dask.add_argument("--dask", action="store_true", help="run notebooks on a local Dask cluster of --jobs processes")
    parser.add_argument("--regrade", action="store_true",
                        help="after a change of the source's tests or solutions: put them into the gradebook, "
                             "grade again and show per student the old and new score and the test cells that "
                             "flipped")
    parser.add_argument("--dry-run", action="store_true",
                        help="grade a copy of the gradebook and show what would change; write nothing "
                             "(SQLite gradebooks)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no per-student lines")


def _line(r) -> str:
    score = f"{r.score:g}/{r.max_score:g}" if r.max_score else "-"
    extra = "; ".join(([r.message] if r.message else [])
                      + ([f"failed: {', '.join(r.failed)}"] if r.failed else []))
    flags = f"  [flagged: {'; '.join(r.flags)}]" if r.flags else ""
    return f"  {r.student:<20} {score:>9}  {r.status:<13} {r.seconds:5.1f} s  {extra}{flags}"


def _show_changes(old: dict, new: dict, students: list[str], *, dry_run: bool):
    from lazylearn.grading.autograde import score_changes
    changes = [c for c in score_changes(old, {s: v for s, v in new.items() if s in students})]
    moved = [c for c in changes if c["flipped"] or c["old"] != c["new"]]
    say(f"{'dry run (nothing written)' if dry_run else 'regrade'}: {len(moved)} of {len(changes)} student(s) "
        "change")
    for c in moved:
        old = "-" if c["old"] is None else f"{c['old']:g}"
        parts = ([f"now pass: {', '.join(c['now_pass'])}"] if c["now_pass"] else []) + \
                ([f"now fail: {', '.join(c['now_fail'])}"] if c["now_fail"] else [])
        say(f"  {c['student']:<20} {old:>6} -> {c['new']:g}/{c['max_score']:g}  {'; '.join(parts)}")


def _safe_url(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


def run(args) -> int:
    from tqdm import tqdm

    from lazylearn.grading.autograde import grade
    from lazylearn.grading.sandbox import sandbox_available

    memory, disk = args.memory, args.disk
    course = open_course(args)
    assignment = course.resolve_assignment(args.assignment)
    students = course.resolve_students(assignment, args.student)
    if not students:
        from lazylearn.grading.config import CourseError
        raise CourseError(f"no submissions of {assignment} in {course.submitted_dir} (expected "
                          f"submitted/<student>/{assignment}/*.ipynb; see 'lazylearn collect')", kind="not found")
    scheduler = "local" if args.dask else args.scheduler
    if args.sandbox == "none":
        warn("--sandbox none: notebooks run WITHOUT a sandbox; they can read the solutions and the gradebook")
    elif scheduler is None:
        ok, why = sandbox_available()
        if not ok:
            if args.sandbox == "bwrap":
                from lazylearn.grading.config import CourseError
                raise CourseError(f"--sandbox bwrap: {why}", kind="not found")
            warn(f"{why}: notebooks run WITHOUT a sandbox (they can read the solutions and the gradebook and use "
                 "the network). Install bubblewrap (Debian: apt-get install bubblewrap).")

    n_notebooks = len(students) * max(len(course.notebooks(assignment)), 1)
    bar = tqdm(total=n_notebooks, desc=f"grading {assignment}", unit="nb", disable=args.quiet or None,
               dynamic_ncols=True)
    warned = set()

    def on_result(r):
        if r.warning and r.warning not in warned:
            warned.add(r.warning)
            bar.clear()
            warn(f"{r.host}: {r.warning}")
        if not args.quiet:
            bar.write(_line(r))
        bar.update(1)

    import tempfile

    from lazylearn.grading.autograde import cell_scores, refresh_assignment
    scratch = tempfile.TemporaryDirectory(prefix="lazylearn-dry-run-") if args.dry_run else None
    old = cell_scores(course, assignment) if args.regrade or args.dry_run else None
    real = course
    if scratch is not None:
        course = course.scratch_copy(scratch.name)
    if args.regrade:
        refresh_assignment(course, assignment)
    t0 = time.perf_counter()
    try:
        results = grade(course, assignment, students, jobs=args.jobs, timeout=args.timeout,
                        cell_timeout=args.cell_timeout, memory=memory, disk=disk,
                        processes=args.processes, sandbox=args.sandbox,
                        scheduler=scheduler, on_result=on_result)
    finally:
        bar.close()
    elapsed = time.perf_counter() - t0
    if old is not None:
        _show_changes(old, cell_scores(course, assignment), students, dry_run=args.dry_run)
    if scratch is not None:
        scratch.cleanup()
        course = real
    statuses = Counter(r.status for r in results)
    mean = sum(r.score for r in results) / max(len(results), 1)
    top = max((r.max_score for r in results), default=0)
    say(f"graded {len(results)} notebook(s) of {assignment} in {elapsed:.1f} s: "
        + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
        + f"; mean score {mean:.2f}/{top:g}")
    flagged = sorted({r.student for r in results if r.flags})
    if flagged:
        say(f"flagged for a look by hand: {', '.join(flagged)}")
    say(f"next: lazylearn report {assignment}   (gradebook: {_safe_url(course.db_url)})")
    return ExitCode.OK if set(statuses) <= {"ok"} else ExitCode.PROBLEMS
