"""The course's nbgrader assignments, for scripts and tests: list them and release them.

Thin functions over :class:`lazylearn.grading.config.Course`, the one place that knows the course
layout: every folder comes from the course root's ``nbgrader_config.py`` (``source_directory``,
``release_directory``, ... with nbgrader's defaults when unset), an assignment is any folder of
the source directory holding notebooks of any names. ``release`` runs nbgrader's own
``generate_assignment``, so ``lazylearn release ps1`` and ``nbgrader generate_assignment ps1
--force`` (run from the root) make the same files.

    >>> assignments()  # doctest: +SKIP
    ['ch01-fitting-a-line', 'ch02-gradient-descent', 'ch03-backpropagation']
"""
from __future__ import annotations

import os
from pathlib import Path

from lazylearn.grading.config import Course, ensure_tools_on_path, load_config

__all__ = ["assignments", "ensure_tools_on_path", "load_config", "release"]


def assignments(root: str | os.PathLike = ".") -> list[str]:
    """Names of the assignments: the folders of the source directory that hold a notebook.

    Args:
        root: the course root (where ``nbgrader_config.py`` is). Default: the current directory.

    Returns:
        Sorted assignment names, e.g. ``['ch01-fitting-a-line', ...]``.
    """
    return Course(root).assignments()


def release(assignment: str, root: str | os.PathLike = ".", *, db_url: str | None = None,
            force: bool = True) -> Path:
    """Generate the student version of ``assignment`` into the release directory.

    Runs nbgrader's ``generate_assignment``: solutions replaced by the ``YOUR CODE HERE`` stub,
    hidden tests removed, cells locked and checksummed, the other files of the source folder
    copied, and the assignment recorded in the gradebook (which autograde needs).

    Args:
        assignment: a name from :func:`assignments`.
        root: the course root. Default: the current directory.
        db_url: a gradebook URL overriding the configured one. Default: None.
        force: overwrite an existing release. Default: True.

    Returns:
        The folder of the released assignment.

    Raises:
        ValueError: if ``assignment`` is not an assignment of the course.
        FileExistsError: if the release exists and ``force`` is False.
        RuntimeError: if nbgrader fails; the message holds nbgrader's log.
    """
    from lazylearn.grading.nbgrader_apps import NbgraderError, generate_assignment

    course = Course(root, db_url=db_url)
    names = course.assignments()
    if assignment not in names:
        import difflib
        close = difflib.get_close_matches(str(assignment), names, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"assignment must be one of {names}; got {assignment!r}.{hint}")
    folder = course.release_dir / assignment
    if folder.exists() and not force:
        raise FileExistsError(f"{folder} exists; pass force=True to overwrite it")
    try:
        generate_assignment(course, assignment)
    except NbgraderError as exc:
        raise RuntimeError(f"{exc}\n{exc.log}") from None
    return folder
