"""Options and helpers shared by every sub-command."""
from __future__ import annotations

import argparse
import os
import sys

__all__ = ["common_options", "open_course", "say", "warn"]


def common_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("common options")
    group.add_argument("--course", metavar="DIR", default=None,
                       help="the course folder (holding nbgrader_config.py); default: the nearest one at or above "
                            "the working directory")
    group.add_argument("--db-url", metavar="URL", default=None,
                       help="the gradebook, any SQLAlchemy URL (postgresql+psycopg2://grader@/gradebook); "
                            "default: db_url of nbgrader_config.py, which in this course is $LAZYLEARN_DB_URL "
                            "if set, else sqlite:///<course>/gradebook.db")
    group.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    return parent


def open_course(args):
    from lazylearn.grading.config import Course
    return Course(args.course, db_url=args.db_url or None)


def say(*parts, file=None):
    print(*parts, file=file or sys.stdout, flush=True)


def warn(message: str):
    prefix = "\033[1;31mWARNING\033[0m" if sys.stderr.isatty() and not os.environ.get("NO_COLOR") else "WARNING"
    print(f"{prefix}: {message}", file=sys.stderr, flush=True)
