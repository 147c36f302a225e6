"""Exit codes of the ``lazylearn`` command, listed in ``lazylearn --help``."""
from __future__ import annotations

import enum

__all__ = ["ExitCode"]


class ExitCode(enum.IntEnum):
    """What ``lazylearn`` returns to the shell."""

    #: everything worked
    OK = 0
    #: the command finished, but some input needs attention: files skipped by ``collect``,
    #: submissions that timed out, crashed or could not be read in ``grade``
    PROBLEMS = 1
    #: a mistake on the command line (unknown option, bad value, ambiguous assignment)
    USAGE_ERROR = 2
    #: something named on the command line does not exist (assignment, student, folder, course)
    NOT_FOUND = 3
    #: nbgrader reported an error
    NBGRADER_ERROR = 4
    #: a bug in lazylearn: rerun with --debug and report the traceback
    INTERNAL_ERROR = 5
    #: stopped with Ctrl-C
    INTERRUPTED = 130
