"""The course directory as nbgrader sees it: config, folders, assignments and students.

A course root is the folder holding ``nbgrader_config.py``. Its settings (``source_directory``,
``release_directory``, ``db_url``, ``Execute.timeout``, ``LimitOutput.max_lines``, ...) are
loaded with traitlets exactly as the ``nbgrader`` command would load them, so ``lazylearn`` and
``nbgrader`` always agree on where things are.
"""
from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

__all__ = ["Course", "CourseError", "find_course_root", "did_you_mean", "ensure_tools_on_path", "load_config"]

CONFIG_NAME = "nbgrader_config.py"
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")


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


class CourseError(Exception):
    """A problem with the course or a name given on the command line (one-line message)."""

    def __init__(self, message: str, *, kind: str = "usage"):
        super().__init__(message)
        self.kind = kind  # "usage" or "not found"


def did_you_mean(name: str, choices) -> str:
    """``" (did you mean 'ch01-fitting-a-line'?)"`` or ``""`` when nothing is close."""
    choices = sorted(set(choices))
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
    if not close:
        close = [c for c in choices if name.lower() in c.lower()][:1]
    return f" (did you mean {close[0]!r}?)" if close else ""


def find_course_root(start: str | os.PathLike | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working directory) with
    ``nbgrader_config.py``."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise CourseError(f"no {CONFIG_NAME} in {here} or any parent folder; run this inside the course "
                      "folder or pass --course DIR", kind="not found")


class Course:
    """An nbgrader course folder.

    Args:
        root: the folder holding ``nbgrader_config.py``; default: searched upwards from the
            working directory.
        db_url: overrides the gradebook URL of the config (any SQLAlchemy URL). Default: None.
    """

    def __init__(self, root: str | os.PathLike | None = None, *, db_url: str | None = None):
        from nbgrader.coursedir import CourseDirectory

        self.root = Path(root).resolve() if root is not None else find_course_root()
        if not self.root.is_dir():
            raise CourseError(f"course folder {self.root} does not exist", kind="not found")
        if not (self.root / CONFIG_NAME).is_file():
            raise CourseError(f"{self.root} is not a course folder: it has no {CONFIG_NAME}", kind="not found")
        self.config = load_config(self.root, db_url=db_url or None)
        self.coursedir = CourseDirectory(config=self.config)
        ensure_tools_on_path()

    # -- folders -------------------------------------------------------------------------------
    def _dir(self, name: str) -> Path:
        return Path(self.root, getattr(self.coursedir, name))

    @property
    def source_dir(self) -> Path:
        return self._dir("source_directory")

    @property
    def release_dir(self) -> Path:
        return self._dir("release_directory")

    @property
    def submitted_dir(self) -> Path:
        return self._dir("submitted_directory")

    @property
    def autograded_dir(self) -> Path:
        return self._dir("autograded_directory")

    @property
    def feedback_dir(self) -> Path:
        return self._dir("feedback_directory")

    @property
    def reports_dir(self) -> Path:
        return getattr(self, "_reports_dir", None) or self.root / "reports"

    def scratch_copy(self, folder: str | os.PathLike) -> "Course":
        """The same course with its gradebook copied into ``folder`` and the autograded notebooks and
        reports written there: what a ``--dry-run`` grades, leaving this course untouched (SQLite)."""
        import shutil
        if not self.db_url.startswith("sqlite:///"):
            raise CourseError("--dry-run needs a SQLite gradebook (it grades a copy of it); "
                              f"this course uses {self.db_url.split(':')[0]}")
        folder = Path(folder)
        db = Path(self.db_url[len("sqlite:///"):])
        if db.exists():
            shutil.copy2(db, folder / "gradebook.db")
        copy = Course(self.root, db_url=f"sqlite:///{folder / 'gradebook.db'}")
        copy.coursedir.autograded_directory = str(folder / "autograded")
        copy._reports_dir = folder / "reports"
        return copy

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    # -- names ---------------------------------------------------------------------------------
    def assignments(self) -> list[str]:
        """Assignment names: the folders of the source directory that hold a notebook."""
        if not self.source_dir.is_dir():
            return []
        return sorted(p.name for p in self.source_dir.iterdir()
                      if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.ipynb")))

    def notebooks(self, assignment: str) -> list[str]:
        """Notebook names (without ``.ipynb``) of an assignment's source folder."""
        return sorted(p.stem for p in (self.source_dir / assignment).glob("*.ipynb"))

    def resolve_assignment(self, name: str) -> str:
        """The full assignment name for ``name`` or an unambiguous prefix (``ch01``)."""
        names = self.assignments()
        if name in names:
            return name
        matches = [n for n in names if n.startswith(name)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise CourseError(f"{name!r} matches several assignments: {', '.join(matches)}")
        if not names:
            raise CourseError(f"no assignments in {self.source_dir} (expected {self.source_dir.name}/"
                              "<assignment>/<notebook>.ipynb)", kind="not found")
        chapter = re.fullmatch(r"(?i)ch0*(\d+)", name)  # "ch2" for ch02-...
        hint = [n for n in names if chapter and n.startswith(f"ch{int(chapter[1]):02d}")]
        hint = f" (did you mean {hint[0]!r}?)" if len(hint) == 1 else did_you_mean(name, names)
        raise CourseError(f"unknown assignment {name!r}{hint}; known: "
                          f"{', '.join(names)}", kind="not found")

    def submitted_students(self, assignment: str) -> list[str]:
        """Students with a folder ``submitted/<student>/<assignment>/``."""
        if not self.submitted_dir.is_dir():
            return []
        return sorted(p.name for p in self.submitted_dir.iterdir()
                      if (p / assignment).is_dir() and not p.name.startswith("."))

    def resolve_students(self, assignment: str, wanted: list[str] | None) -> list[str]:
        known = self.submitted_students(assignment)
        if not wanted:
            return known
        for student in wanted:
            if student not in known:
                raise CourseError(f"no submission of {assignment} from student {student!r}"
                                  f"{did_you_mean(student, known)}", kind="not found")
        return list(wanted)

    def source_notebook(self, assignment: str, notebook: str) -> Path:
        return self.source_dir / assignment / f"{notebook}.ipynb"

    def gradebook(self):
        from nbgrader.api import Gradebook
        return Gradebook(self.db_url, self.coursedir.course_id)
