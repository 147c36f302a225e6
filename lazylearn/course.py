"""The course's nbgrader assignments: list them and release them (solutions/ -> exercises/).

``release`` runs nbgrader's own ``generate_assignment`` in process, with the configuration in the
course root's ``nbgrader_config.py``, so ``lazylearn release chNN`` and
``nbgrader generate_assignment chNN --force`` (run from the root) make the same files.

    >>> assignments()  # doctest: +SKIP
    ['ch01-fitting-a-line', 'ch02-gradient-descent', 'ch03-backpropagation']
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["assignments", "ensure_tools_on_path", "load_config", "release"]


def ensure_tools_on_path() -> None:
    """Put this Python's ``bin`` folder on ``PATH`` if ``alembic`` is not found there.

    nbgrader runs the ``alembic`` command when it creates a gradebook; a virtual environment used
    without being activated (``.venv/bin/python ...``) does not have it on ``PATH``.
    """
    import shutil
    import sys

    if shutil.which("alembic") is None:
        bindir = os.path.dirname(sys.executable)
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def assignments(root: str | os.PathLike = ".") -> list[str]:
    """Names of the assignments in ``root/solutions``: folders holding a notebook of their own name.

    Args:
        root: the course root (where ``nbgrader_config.py`` is). Default: the current directory.

    Returns:
        Sorted assignment names, e.g. ``['ch01-fitting-a-line', ...]``.
    """
    source = Path(root) / "solutions"
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir()
                  if p.is_dir() and (p / f"{p.name}.ipynb").is_file())


def load_config(root: str | os.PathLike = ".", *, db_url: str | None = None):
    """The traitlets ``Config`` of ``root/nbgrader_config.py``, with the course root set to ``root``.

    Args:
        root: the course root. Default: the current directory.
        db_url: a gradebook URL overriding the configured one. Default: None.
    """
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(root).resolve()
    path = root / "nbgrader_config.py"
    if not path.is_file():
        raise FileNotFoundError(f"root must be a course directory with nbgrader_config.py; "
                                f"{path} does not exist.")
    config = PyFileConfigLoader(path.name, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    if db_url is not None:
        config.CourseDirectory.db_url = db_url
    return config if isinstance(config, Config) else Config(config)


def release(assignment: str, root: str | os.PathLike = ".", *, db_url: str | None = None,
            force: bool = True) -> Path:
    """Generate the student version of ``assignment`` into ``root/exercises/<assignment>``.

    Runs nbgrader's ``generate_assignment``: solutions replaced by the ``YOUR CODE HERE`` stub,
    hidden tests removed, cells locked and checksummed, and the assignment recorded in the
    gradebook (which autograde needs).

    Args:
        assignment: a name from :func:`assignments`.
        root: the course root. Default: the current directory.
        db_url: a gradebook URL overriding the configured one. Default: None.
        force: overwrite an existing release. Default: True.

    Returns:
        The folder of the released assignment.

    Raises:
        ValueError: if ``assignment`` is not in ``root/solutions``.
        RuntimeError: if nbgrader fails; the message holds nbgrader's log.
    """
    names = assignments(root)
    if assignment not in names:
        import difflib
        close = difflib.get_close_matches(str(assignment), names, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"assignment must be one of {names}; got {assignment!r}.{hint}")
    from nbgrader.apps import NbGraderAPI

    ensure_tools_on_path()
    config = load_config(root, db_url=db_url)
    api = NbGraderAPI(config=config)
    result = api.generate_assignment(assignment, force=force, create=True)
    if not result.get("success"):
        raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n"
                           f"{result.get('error', '')}\n{result.get('log', '')}")
    return Path(config.CourseDirectory.root) / "exercises" / assignment
