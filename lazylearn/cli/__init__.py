"""The ``lazylearn`` command: release, collect, grade, feedback, export and report.

One registry of sub-commands (:data:`COMMANDS`), each a module with ``HELP``, ``EPILOG``,
``add_arguments(parser)`` and ``run(args) -> int``. :func:`main` parses, dispatches, and turns
every error into one line on stderr and an :class:`~lazylearn.cli.exitcodes.ExitCode`; the
traceback is shown only with ``--debug``. Importing this package has no side effects.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .exitcodes import ExitCode

__all__ = ["COMMANDS", "ExitCode", "build_parser", "main"]

#: sub-command name -> module implementing it
COMMANDS = {
    "release": "lazylearn.cli.release",
    "collect": "lazylearn.cli.collect",
    "grade": "lazylearn.cli.grade",
    "feedback": "lazylearn.cli.feedback",
    "export": "lazylearn.cli.export",
    "report": "lazylearn.cli.report",
}

WORKFLOW = """\
the workflow, from the course folder (the one holding nbgrader_config.py):
  lazylearn release ch01                  solutions/ch01-.../ -> exercises/ch01-.../ (student version)
  lazylearn collect ~/Downloads/ch01.zip  submissions -> submitted/<student>/<assignment>/
  lazylearn grade ch01 --jobs 4           autograde in sandboxes -> gradebook, autograded/
  lazylearn report ch01                   reports/<assignment>/index.html: which tests the class fails
  lazylearn feedback ch01                 feedback/<student>/<assignment>/*.html for students
  lazylearn export --to grades.csv        one CSV row per student and assignment
  lazylearn export --lms canvas           canvas.csv, Canvas's gradebook import layout
  lazylearn grade ch01 --regrade --dry-run   after editing a test: who would gain or lose points

exit codes:
""" + "\n".join(f"  {code.value:<4} {code.name}" for code in ExitCode)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog):
        super().__init__(prog, max_help_position=32)


def build_parser() -> argparse.ArgumentParser:
    from ._common import common_options
    parser = argparse.ArgumentParser(
        prog="lazylearn", formatter_class=_Formatter, epilog=WORKFLOW,
        description="Release, collect, autograde (in parallel, sandboxed) and report on the course's "
                    "nbgrader assignments.")
    from lazylearn import __version__
    parser.add_argument("--version", action="version", version=f"lazylearn {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = common_options()
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=module.HELP, description=module.HELP, epilog=module.EPILOG,
                           formatter_class=_Formatter, parents=[common])
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def _error(message: str) -> None:
    print(f"lazylearn: error: {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run ``lazylearn`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    from lazylearn.grading.config import CourseError
    from lazylearn.grading.nbgrader_apps import NbgraderError

    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        from lazylearn.grading.config import did_you_mean
        parser.print_usage(sys.stderr)
        _error(f"unknown command {argv[0]!r}{did_you_mean(argv[0], COMMANDS)}; commands: {', '.join(COMMANDS)}")
        return ExitCode.USAGE_ERROR
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (argparse printed it)
        return int(exc.code or 0)
    debug = getattr(args, "debug", False)
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        _error("interrupted")
        return ExitCode.INTERRUPTED
    except CourseError as exc:
        if debug:
            raise
        _error(str(exc))
        return ExitCode.NOT_FOUND if exc.kind == "not found" else ExitCode.USAGE_ERROR
    except NbgraderError as exc:
        if debug:
            print(exc.log, file=sys.stderr)
            raise
        _error(f"{exc} (rerun with --debug for nbgrader's log)")
        return ExitCode.NBGRADER_ERROR
    except Exception as exc:  # anything else is lazylearn's own failure, never a usage error
        if debug:
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        _error(f"internal error: {type(exc).__name__}: {first} (rerun with --debug for the traceback)")
        return ExitCode.INTERNAL_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
