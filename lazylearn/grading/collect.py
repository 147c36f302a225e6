"""Import a folder or zip of submissions into nbgrader's ``submitted/<student>/<assignment>/``.

Recognised layouts (mixable in one folder or zip)::

    alice_ch01-fitting-a-line.ipynb                 <student>_<assignment or notebook>.ipynb
    alice/ch01-fitting-a-line.ipynb                 <student>/<notebook>.ipynb
    alice/ch01-fitting-a-line/ch01-fitting-a-line.ipynb     nbgrader's submitted layout
    inbound/alice+ch01-fitting-a-line+2024-03-01 10:00:00.000000 UTC+x7f2/ch01-fitting-a-line.ipynb
                                                    nbgrader's exchange layout (newest wins)

Everything else is skipped with a reason: not a notebook, unknown assignment, duplicate,
unreadable, unsafe path (in a zip), invalid student id, already collected with other content.
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .config import STUDENT_ID, Course, CourseError, did_you_mean

__all__ = ["Collected", "Skipped", "collect"]

EXCHANGE_DIR = re.compile(r"^(?P<student>[^+]+)\+(?P<assignment>[^+]+)\+(?P<timestamp>[^+]+)(\+.*)?$")
IGNORED_DIRS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__", ".git"}
MAX_ZIP_BYTES = 2 * 2**30
MAX_NOTEBOOK_BYTES = 50 * 2**20


@dataclass
class Collected:
    student: str
    assignment: str
    notebook: str
    source: str
    action: str  # "new" | "updated" | "unchanged"


@dataclass
class Skipped:
    source: str
    reason: str


def _extract(zip_path: Path, into: Path, skipped: list[Skipped]):
    total = 0
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            name = info.filename
            parts = Path(name).parts
            if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                skipped.append(Skipped(name, "unsafe path in the zip (absolute or with ..)"))
                continue
            if info.is_dir():
                continue
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                skipped.append(Skipped(name, "a symbolic link"))
                continue
            total += info.file_size
            if total > MAX_ZIP_BYTES:
                raise CourseError(f"{zip_path} unpacks to more than {MAX_ZIP_BYTES // 2**30} GB; unpack it by hand")
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)


def _readable(path: Path) -> str | None:
    """None if ``path`` is a notebook nbformat can read, else why not."""
    import nbformat
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return f"larger than {MAX_NOTEBOOK_BYTES // 2**20} MB"
        if path.stat().st_size == 0:
            return "the file is empty (0 bytes)"
        nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        if not isinstance(nb.get("cells"), list):
            return "no list of cells"
    except UnicodeDecodeError:
        return "not UTF-8 text"
    except json.JSONDecodeError as exc:
        return f"not JSON ({exc.msg} at line {exc.lineno})"
    except Exception as exc:
        return f"not a notebook ({str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__})"
    return None


def collect(course: Course, source: str | Path, *, assignment: str | None = None, force: bool = False,
            dry_run: bool = False) -> tuple[list[Collected], list[Skipped]]:
    """Copy the notebooks found in ``source`` (folder or .zip) into ``submitted/``.

    Args:
        assignment: the assignment of notebooks whose path does not say it (``alice/x.ipynb``).
        force: replace already collected notebooks whose content differs.
        dry_run: report what would happen, write nothing.
    """
    source = Path(source)
    if not source.exists():
        raise CourseError(f"{source} does not exist", kind="not found")
    assignments = course.assignments()
    if assignment is not None:
        assignment = course.resolve_assignment(assignment)
    by_notebook = {nb: a for a in assignments for nb in course.notebooks(a)}
    skipped: list[Skipped] = []
    with tempfile.TemporaryDirectory(prefix="lazylearn-collect-") as tmp:
        if source.is_file():
            if not zipfile.is_zipfile(source):
                if source.suffix == ".ipynb":
                    root, files = source.parent, [source]
                else:
                    raise CourseError(f"{source} is neither a folder, a zip nor a notebook")
            else:
                root = Path(tmp)
                _extract(source, root, skipped)
                files = None
        else:
            root, files = source, None
        if files is None:
            files = sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink())
        candidates: dict[tuple, tuple] = {}
        for path in files:
            rel = path.relative_to(root)
            shown = str(rel) if source.is_dir() or zipfile.is_zipfile(source) else str(path)
            if any(part in IGNORED_DIRS or part.startswith(".") for part in rel.parts):
                continue
            if path.name == "timestamp.txt":
                continue
            if path.is_symlink():
                skipped.append(Skipped(shown, "a symbolic link"))
                continue
            if path.suffix != ".ipynb":
                skipped.append(Skipped(shown, "not a notebook"))
                continue
            found = _identify(rel, assignments, by_notebook, assignment)
            if isinstance(found, str):
                skipped.append(Skipped(shown, found))
                continue
            student, assign, timestamp = found
            if not STUDENT_ID.match(student):
                skipped.append(Skipped(shown, f"invalid student id {student!r} (letters, digits, . _ @ -)"))
                continue
            notebooks = course.notebooks(assign)
            notebook = path.stem
            if notebook not in notebooks:
                if len(notebooks) == 1:
                    notebook = notebooks[0]
                else:
                    skipped.append(Skipped(shown, f"unknown notebook {path.stem!r} of {assign}"
                                                  f"{did_you_mean(path.stem, notebooks)}"))
                    continue
            why = _readable(path)
            if why:
                skipped.append(Skipped(shown, f"unreadable: {why}"))
                continue
            if timestamp is None and (path.parent / "timestamp.txt").is_file():
                timestamp = (path.parent / "timestamp.txt").read_text().strip()
            key = (student, assign, notebook)
            if key in candidates:
                old_shown, _, old_ts = candidates[key]
                if timestamp and old_ts and timestamp > old_ts:
                    skipped.append(Skipped(old_shown, f"duplicate: superseded by the newer {shown}"))
                    candidates[key] = (shown, path, timestamp)
                elif timestamp and old_ts:
                    skipped.append(Skipped(shown, f"duplicate: superseded by the newer {old_shown}"))
                elif path.read_bytes() == candidates[key][1].read_bytes():
                    skipped.append(Skipped(shown, f"duplicate: same content as {old_shown}"))
                else:
                    skipped.append(Skipped(shown, f"duplicate: {student} has another {assign} notebook here with "
                                                  f"different content; kept {old_shown} (first by name): collect "
                                                  "this file alone with --force to use it instead"))
                continue
            candidates[key] = (shown, path, timestamp)

        collected = []
        for (student, assign, notebook), (shown, path, timestamp) in sorted(candidates.items()):
            dest = course.submitted_dir / student / assign / f"{notebook}.ipynb"
            data = path.read_bytes()
            if dest.exists():
                if dest.read_bytes() == data:
                    collected.append(Collected(student, assign, notebook, shown, "unchanged"))
                    continue
                if not force:
                    skipped.append(Skipped(shown, f"already collected with other content ({dest.relative_to(course.root)}); "
                                                  "use --force to replace"))
                    continue
                action = "updated"
            else:
                action = "new"
            if not dry_run:
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
                if timestamp:
                    (dest.parent / "timestamp.txt").write_text(timestamp + "\n")
                elif action == "updated":  # the old submission's time is not this one's
                    (dest.parent / "timestamp.txt").unlink(missing_ok=True)
            collected.append(Collected(student, assign, notebook, shown, action))
    return collected, skipped


def _identify(rel: Path, assignments: list[str], by_notebook: dict, default: str | None):
    """(student, assignment, timestamp) for a notebook's relative path, or why it is skipped."""
    parts = rel.parts
    parent = parts[-2] if len(parts) >= 2 else None
    if parent is not None:
        m = EXCHANGE_DIR.match(parent)
        if m:
            a = m["assignment"]
            if a not in assignments:
                return f"unknown assignment {a!r}{did_you_mean(a, assignments)}"
            return m["student"], a, m["timestamp"].strip()
    if len(parts) >= 3 and parts[-2] in assignments:
        return parts[-3], parts[-2], None
    if len(parts) >= 2:
        if default is not None:
            return parts[-2], default, None
        a = by_notebook.get(rel.stem) or next((x for x in assignments if rel.stem.startswith(x)), None)
        if a is None:
            return (f"unknown assignment for notebook {rel.stem!r}{did_you_mean(rel.stem, list(by_notebook))}; "
                    "pass --assignment")
        return parts[-2], a, None
    stem = rel.stem
    for name in sorted(set(assignments) | set(by_notebook), key=len, reverse=True):
        if stem.endswith("_" + name) and len(stem) > len(name) + 1:
            return stem[: -len(name) - 1], by_notebook.get(name, name), None
    if default is not None and "_" in stem:
        return stem.split("_", 1)[0], default, None
    if "_" in stem:
        guess = stem.rsplit("_", 1)[1]
        return (f"unknown assignment {guess!r}{did_you_mean(guess, assignments)} "
                "(expected <student>_<assignment>.ipynb)")
    return "cannot tell the student from the name (expected <student>_<assignment>.ipynb)"
