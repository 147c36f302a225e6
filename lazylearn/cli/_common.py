"""Options and helpers shared by every sub-command."""
from __future__ import annotations

import argparse
import os
import sys

__all__ = ["at_least", "common_options", "open_course", "positive", "say", "size", "warn"]


def size(text: str) -> int:
    """argparse ``type`` for sizes (``2G``, ``512M``): a bad value is a usage error."""
    from lazylearn.grading.sandbox import parse_size
    try:
        return parse_size(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive size like 2G, 512M or 1073741824; got {text!r}") \
            from None


def at_least(low: int):
    """argparse ``type``: an integer >= ``low``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}; got {value}")
        return value
    parse.__name__ = f"integer >= {low}"
    return parse


def positive(text: str) -> float:
    """argparse ``type``: a number of seconds > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive; got {text}")
    return value


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
