"""Autograde a class in parallel, with nbgrader's own preprocessors and gradebook.

``nbgrader autograde`` runs, per notebook, a *sanitize* chain (``ClearOutput``,
``DeduplicateIds``, ``OverwriteKernelspec``, ``OverwriteCells``, ``CheckCellMetadata``), then an
*autograde* chain (``Execute``, ``IgnorePattern``, ``ClearMetadataPreprocessor``, ``LimitOutput``,
``SaveAutoGrades``, ``AssignLatePenalties``, ``CheckCellMetadata``), one student after another.
:func:`grade` keeps both chains but splits them in three phases:

1. *prepare* (parent, serial): create the student and submission in the gradebook, read the
   notebook (``unreadable`` if it cannot be read), run the sanitize chain. ``OverwriteCells`` is
   extended (:class:`RestoreCells`): test cells a student deleted are put back where they were in
   the source notebook, and cells claiming an unknown grade id lose their nbgrader metadata.
2. *execute* (workers, parallel): :func:`lazylearn.grading.sandbox.run_job` runs the notebook in a
   sandbox, in a thread pool (``--jobs``) or on a Dask cluster (``--scheduler``).
3. *finalize* (parent, serial, as results arrive): put the outputs into the notebook, mark cells
   that never ran (timeout, crash) with an error output so they score zero, then run the rest of
   the autograde chain, whose ``SaveAutoGrades`` writes the scores.

Only the parent writes to the gradebook, one submission at a time, so SQLite is never written
concurrently; a lock file also keeps two ``lazylearn grade`` runs on one SQLite gradebook apart.
"""
from __future__ import annotations

import contextlib
import fnmatch
import json
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .config import Course

__all__ = ["Result", "grade", "prepare", "finalize", "scan_code", "cell_scores", "gradebook_fields", "score_changes",
           "refresh_assignment", "MAX_NOTEBOOK_BYTES"]

MAX_NOTEBOOK_BYTES = 50 * 2**20
STATUS_FILE = "grading.json"

# Code in a submission that reaches for the grading machinery: flagged in the report for a human.
SUSPICIOUS = [
    (r"\bsys\.modules\b", "touches sys.modules"),
    (r"\bimportlib\b", "uses importlib"),
    (r"\b__builtins__\b|\bimport\s+builtins\b|\bbuiltins\.", "touches builtins"),
    (r"\b__code__\b|\b__globals__\b|\b__dict__\b|\bvars\(", "edits functions or module dictionaries"),
    (r"\bgc\.get_(objects|referrers)\b|\bctypes\b|\bsignal\.", "uses gc, ctypes or signal"),
    (r"\bos\._exit\b|\bos\.kill\b|\bsys\.exit\b", "ends its own process"),
    (r"\bsocket\b|\burllib\b|\brequests\b|\bhttp\.client\b", "uses the network"),
    (r"\bsubprocess\b|\bos\.system\b|^\s*!", "runs commands"),
    (r"lazylearn\.testing\.\w+\s*=|\bcheck_\w+\s*=[^=]|\bsetattr\(", "replaces test helpers"),
    (r"\bnp\.\w+\s*=[^=]|\bnumpy\.\w+\s*=[^=]|(?<!lazylearn\.)\btesting\.\w+\s*=[^=]", "replaces NumPy functions"),
    (r"gradebook|\bsolutions\b|\.\./", "looks for course files"),
    (r"\b_getframe\b|\bf_back\b|\bf_locals\b|\bf_globals\b|\btb_frame\b|\binspect\b|\bsettrace\b",
     "walks the interpreter's frames"),
    (r"\bshowtraceback\b|\bInteractiveShell\b|\bultratb\b|\bexcepthook\b|\bdisplayhook\b|\bsys\.std(out|err)\s*=",
     "patches how errors are shown"),
    (r"\bos\.(write|dup2?|fdopen)\b|/proc/self", "writes to raw file descriptors"),
]


@dataclass
class Result:
    """The outcome of one student's notebook."""

    student: str
    notebook: str
    status: str  # "ok" | "timed out" | "crashed" | "process limit" | "disk full" | "unreadable" | "missing"
    # | "invalid"
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0
    message: str = ""
    failed: list = field(default_factory=list)  # grade ids of test cells that lost points
    errors: list = field(default_factory=list)  # [grade_id, ename, first line of evalue]
    flags: list = field(default_factory=list)
    sandboxed: bool = True
    warning: str = ""
    host: str = ""


def scan_code(nb: dict) -> list[str]:
    """Reasons to look at a submission by hand: its own cells reach for the grading machinery."""
    found = []
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or (meta.get("grade") and not meta.get("solution")):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        for pattern, reason in SUSPICIOUS:
            if reason not in found and re.search(pattern, source, flags=re.MULTILINE):
                found.append(reason)
    return found


def runtime_flags(outcome: dict) -> list[str]:
    """Flags from what the notebook did while it ran (reported by the runner and the channel)."""
    flags = []
    tampered = outcome.get("tampered") or []
    if tampered:
        shown = ", ".join(tampered[:4]) + (f" and {len(tampered) - 4} more" if len(tampered) > 4 else "")
        flags.append(f"patched the grader or the test helpers: {shown}")
    if outcome.get("forged"):
        flags.append(f"wrote {outcome['forged']} forged line(s) to the grader's channel")
    return flags


def _restore_cells_class():
    from nbgrader import utils
    from nbgrader.preprocessors import OverwriteCells
    from traitlets import List

    class RestoreCells(OverwriteCells):
        """``OverwriteCells`` that also puts back deleted test cells, in source order.

        nbgrader 0.9's own ``add_missing_cells`` looks up the cell before a missing one among the
        gradebook's source cells, whose order the database does not keep, and fails when that
        cell was deleted too; here the order comes from the source notebook.
        """

        source_order = List([], help="grade ids of the source notebook, in order").tag(config=False)

        def preprocess(self, nb, resources):
            for c in nb.cells:  # DeduplicateIds leaves {} behind, which nbgrader 0.9 trips over
                if "nbgrader" in c.metadata and "grade_id" not in c.metadata["nbgrader"]:
                    del c.metadata["nbgrader"]
            self.add_missing_cells = True
            return super().preprocess(nb, resources)

        def preprocess_cell(self, cell, resources, index):
            had_id = "grade_id" in cell.metadata.get("nbgrader", {})
            cell, resources = super().preprocess_cell(cell, resources, index)
            if had_id and "grade_id" not in cell.metadata.get("nbgrader", {}):
                del cell.metadata["nbgrader"]  # an id the gradebook does not know: a plain cell
            return cell, resources

        def add_missing_grade_cells(self, nb, resources):
            source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
            source_cells = {c.name: c for c in source_nb.source_cells}
            solution_ids = {c.name for c in source_nb.solution_cells}
            order = list(self.source_order) or list(source_cells)
            order += [name for name in source_cells if name not in order]
            for grade_cell in sorted(source_nb.grade_cells, key=lambda c: order.index(c.name)):
                present = {c.metadata["nbgrader"]["grade_id"]: i for i, c in enumerate(nb.cells)
                           if (utils.is_grade(c) or utils.is_solution(c) or utils.is_locked(c))
                           and "grade_id" in c.metadata.get("nbgrader", {})}
                if grade_cell.name in present:
                    continue
                self.log.warning("Missing grade cell %s encountered, adding to notebook", grade_cell.name)
                new = self.missing_cell_transform(source_cells[grade_cell.name], grade_cell.max_score,
                                                  is_solution=grade_cell.name in solution_ids)
                pos = order.index(grade_cell.name)
                before = [present[n] for n in order[:pos] if n in present]
                after = [present[n] for n in order[pos + 1:] if n in present]
                where = before[-1] + 1 if before else (after[0] if after else len(nb.cells))
                nb.cells.insert(where, new)
            return nb, resources

    return RestoreCells


def _preprocessors(course: Course, names: list[str], source_order=None):
    import nbconvert.preprocessors as nbc
    import nbgrader.preprocessors as ngp
    made = []
    for name in names:
        if name == "OverwriteCells":
            pp = _restore_cells_class()(config=course.config)
            pp.source_order = list(source_order or [])
        else:
            cls = getattr(ngp, name, None) or getattr(nbc, name)
            pp = cls(config=course.config)
        made.append(pp)
    return made


SANITIZE = ["ClearOutput", "DeduplicateIds", "OverwriteKernelspec", "OverwriteCells", "CheckCellMetadata"]
AUTOGRADE = ["IgnorePattern", "ClearMetadataPreprocessor", "LimitOutput", "SaveAutoGrades",
             "AssignLatePenalties", "CheckCellMetadata"]


def _run_chain(chain, nb, resources):
    for pp in chain:
        nb, resources = pp(nb, resources)
    return nb, resources


def _resources(course: Course, assignment: str, student: str, notebook: str) -> dict:
    return {"nbgrader": {"notebook": notebook, "assignment": assignment, "student": student,
                         "db_url": course.db_url}}


def _ignored(course: Course, name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in course.coursedir.ignore)


def _zero_notebook(course: Course, assignment: str, student: str, notebook: str):
    with course.gradebook() as gb:
        sub = gb.find_submission_notebook(notebook, assignment, student)
        for g in sub.grades:
            g.auto_score = 0
            g.needs_manual_grade = False
        gb.db.commit()


def ensure_assignment(course: Course, assignment: str, log=None):
    """Put the assignment into the gradebook if it is not there (a fresh clone has no gradebook):
    nbgrader's generate_assignment, writing its student version to a throwaway folder."""
    from nbgrader.api import MissingEntry
    with course.gradebook() as gb:
        try:
            gb.find_assignment(assignment)
            return
        except MissingEntry:
            pass
    import tempfile

    from .nbgrader_apps import generate_assignment
    with tempfile.TemporaryDirectory(prefix="lazylearn-release-") as tmp:
        generate_assignment(course, assignment, release_dir=tmp)


def prepare(course: Course, assignment: str, student: str, *, limits: dict) -> tuple[list[dict], list[Result]]:
    """Phase 1 for one student: gradebook rows, the autograded folder's files, sanitized notebooks.

    Returns the jobs to execute and the results already known (unreadable or missing notebooks).
    """
    import nbformat
    from nbgrader.nbgraderformat import ValidationError

    submitted = course.submitted_dir / student / assignment
    dest = course.autograded_dir / student / assignment
    timestamp = course.coursedir.get_existing_timestamp(str(submitted))
    with course.gradebook() as gb:
        gb.update_or_create_student(student)
        if timestamp:
            gb.update_or_create_submission(assignment, student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(assignment, student)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    files: dict[str, bytes] = {}
    for path in sorted(submitted.rglob("*")):
        rel = path.relative_to(submitted)
        if path.is_dir() or path.suffix == ".ipynb" or any(_ignored(course, part) for part in rel.parts):
            continue
        if path.is_symlink():
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        if rel.name != "timestamp.txt" and path.stat().st_size < 10 * 2**20:
            files[str(rel)] = path.read_bytes()
    exclude = set(course.config.get("Autograde", {}).get("exclude_overwriting", {}).get(assignment, []))
    source = course.source_dir / assignment
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_dir() or path.suffix == ".ipynb" or str(rel) in exclude \
                or any(_ignored(course, part) for part in rel.parts):
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        files[str(rel)] = path.read_bytes()

    jobs, known = [], []
    for notebook in course.notebooks(assignment):
        path = submitted / f"{notebook}.ipynb"
        if not path.exists():
            _zero_notebook(course, assignment, student, notebook)
            known.append(Result(student, notebook, "missing", message=f"no {notebook}.ipynb in the submission"))
            continue
        try:
            if path.stat().st_size > MAX_NOTEBOOK_BYTES:
                raise ValueError(f"larger than {MAX_NOTEBOOK_BYTES // 2**20} MB")
            if path.stat().st_size == 0:
                raise ValueError("the file is empty (0 bytes)")
            text = path.read_text(encoding="utf-8")
            with _quiet_nbformat():
                nb = nbformat.reads(text, as_version=4)
            if not isinstance(nb.get("cells"), list):
                raise ValueError("no list of cells")
        except Exception as exc:  # not JSON, not a notebook, not UTF-8, too large
            _zero_notebook(course, assignment, student, notebook)
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            known.append(Result(student, notebook, "unreadable", message=f"cannot read {path.name}: {reason}"))
            continue
        flags = scan_code(nb)
        order = _source_order(course, assignment, notebook)
        resources = _resources(course, assignment, student, notebook)
        try:
            nb, resources = _run_chain(_preprocessors(course, SANITIZE, order), nb, resources)
        except ValidationError as exc:
            _zero_notebook(course, assignment, student, notebook)
            known.append(Result(student, notebook, "invalid", message=f"nbgrader metadata is corrupted: {exc}",
                                flags=flags))
            continue
        jobs.append({"student": student, "assignment": assignment, "notebook": notebook,
                     "nb": json.loads(nbformat.writes(nb)), "files": files, "flags": flags, **limits})
    return jobs, known


@contextlib.contextmanager
def _quiet_nbformat():
    import logging
    logger = logging.getLogger("nbformat")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


_order_cache: dict = {}


def _source_order(course: Course, assignment: str, notebook: str) -> list[str]:
    key = (str(course.root), assignment, notebook)
    if key not in _order_cache:
        try:
            nb = json.loads(course.source_notebook(assignment, notebook).read_text(encoding="utf-8"))
            _order_cache[key] = [c["metadata"]["nbgrader"]["grade_id"] for c in nb["cells"]
                                 if "grade_id" in c.get("metadata", {}).get("nbgrader", {})]
        except (OSError, ValueError, KeyError):
            _order_cache[key] = []
    return _order_cache[key]


def finalize(course: Course, job: dict, outcome: dict) -> Result:
    """Phase 3 for one notebook: outputs in, nbgrader's autograde chain, the autograded file out."""
    import nbformat
    from nbgrader import utils

    nb = nbformat.reads(json.dumps(job["nb"]), as_version=4)
    cells = {int(k): v for k, v in outcome.get("cells", {}).items()}
    status = outcome["status"]
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        ran = cells.get(index)
        if ran is not None:
            cell.outputs = [nbformat.from_dict(o) for o in ran["outputs"]]
            cell.execution_count = ran.get("execution_count")
        else:
            ename = {"timed out": "NotebookTimeoutError"}.get(status, "KernelDiedError")
            cell.outputs = [nbformat.from_dict({
                "output_type": "error", "ename": ename, "evalue": f"not executed: {outcome['message']}",
                "traceback": [f"{ename}: this cell did not run: {outcome['message']}"]})]
            cell.execution_count = None
    resources = _resources(course, job["assignment"], job["student"], job["notebook"])
    nb, resources = _run_chain(_preprocessors(course, AUTOGRADE), nb, resources)
    dest = course.autograded_dir / job["student"] / job["assignment"] / f"{job['notebook']}.ipynb"
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(dest))

    errors, failed = [], []
    for cell in nb.cells:
        if not utils.is_grade(cell) or utils.is_solution(cell) or cell.cell_type != "code":
            continue
        gid = cell.metadata.nbgrader["grade_id"]
        score, max_points = utils.determine_grade(cell)
        if score is not None and score < max_points:
            failed.append(gid)
            for out in cell.outputs:
                if out.output_type == "error":
                    errors.append([gid, out.ename, (out.evalue or "").strip().split("\n")[0][:300]])
                    break
            else:
                errors.append([gid, "stderr", "the test cell wrote to stderr"])
    message = outcome.get("message", "")
    slow = [cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {i + 1}" for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and any(o.output_type == "error" and o.get("ename") == "CellTimeoutError"
                                                for o in cell.outputs)]
    if slow and not message:  # the notebook went on after the cell was stopped: say so
        message = f"stopped after the {float(job.get('cell_timeout', 0)):g} s cell limit: {', '.join(slow)}"
    with course.gradebook() as gb:
        sub = gb.find_submission_notebook(job["notebook"], job["assignment"], job["student"])
        score, max_score = float(sub.score), float(sub.max_score)
    return Result(job["student"], job["notebook"], status, score=score, max_score=max_score,
                  seconds=outcome.get("seconds", 0.0), message=message, failed=failed,
                  errors=errors, flags=job.get("flags", []) + runtime_flags(outcome),
                  sandboxed=outcome.get("sandboxed", False),
                  warning=outcome.get("warning", ""), host=outcome.get("host", ""))


@contextlib.contextmanager
def gradebook_lock(course: Course, assignment: str):
    """One ``lazylearn grade`` at a time per assignment and gradebook (runs on different
    assignments go on side by side): a lock file beside a SQLite gradebook, an advisory lock on
    PostgreSQL (other databases: no lock). SQLite writes are also serialised across processes by
    :func:`write_lock`."""
    url = course.db_url
    if url.startswith("postgresql"):
        with _postgres_lock(url, assignment):
            yield
        return
    if not url.startswith("sqlite:///"):
        yield
        return
    import fcntl
    path = Path(url[len("sqlite:///"):] + f".{_safe_name(assignment)}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            from .config import CourseError
            raise CourseError(f"another 'lazylearn grade {assignment}' is writing to {url}; wait for it to "
                              "finish") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


@contextlib.contextmanager
def write_lock(course: Course):
    """Serialise gradebook writes of concurrent ``lazylearn grade`` processes on one SQLite file
    (held for one submission's rows at a time; SQLite itself allows a single writer)."""
    url = course.db_url
    if not url.startswith("sqlite:///"):
        yield
        return
    import fcntl
    path = Path(url[len("sqlite:///"):] + ".write.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


POSTGRES_LOCK_KEY = 0x6C617A79  # pg_try_advisory_lock key of 'lazylearn grade' ("lazy")


def postgres_lock_key(assignment: str) -> str:
    """The two keys of ``pg_try_advisory_lock`` held while ``assignment`` is graded."""
    import zlib
    return f"{POSTGRES_LOCK_KEY}, {zlib.crc32(assignment.encode()) & 0x7FFFFFFF}"


@contextlib.contextmanager
def _postgres_lock(url: str, assignment: str):
    import sqlalchemy
    engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    try:
        with engine.connect() as conn:
            key = postgres_lock_key(assignment)
            got = conn.execute(sqlalchemy.text(f"SELECT pg_try_advisory_lock({key})")).scalar()
            if not got:
                from .config import CourseError
                raise CourseError(f"another 'lazylearn grade {assignment}' is writing to this PostgreSQL gradebook; "
                                  "wait for it to finish")
            try:
                yield
            finally:
                conn.execute(sqlalchemy.text(f"SELECT pg_advisory_unlock({key})"))
    finally:
        engine.dispose()


def _executor(jobs: int, scheduler: str | None):
    """(submit(job) -> future, iterate(futures) -> (future, result), close)."""
    from .sandbox import run_job
    if scheduler:
        from distributed import Client, as_completed
        if scheduler == "local":
            from distributed import LocalCluster
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            cluster, client = None, Client(scheduler)

        def close():
            client.close()
            if cluster is not None:
                cluster.close()
        return (lambda job: client.submit(run_job, job, pure=False),
                lambda futures: ((f, f.result()) for f in as_completed(futures)), close)
    from concurrent.futures import ThreadPoolExecutor, as_completed
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="lazylearn-grade")
    return (lambda job: pool.submit(run_job, job),
            lambda futures: ((f, f.result()) for f in as_completed(futures)),
            lambda: pool.shutdown(wait=True))


def grade(course: Course, assignment: str, students: list[str], *, jobs: int = 2, timeout: float = 300,
          cell_timeout: float | None = None, memory: int = 2 * 2**30, disk: int = 2**30, processes: int = 64,
          sandbox: str = "auto", scheduler: str | None = None, on_result=None) -> list[Result]:
    """Autograde ``students``' submissions of ``assignment``; return one Result per notebook.

    Args:
        jobs: sandboxes run at once (threads; with ``scheduler="local"``, local Dask workers).
        timeout: wall-clock limit of one notebook, in seconds.
        cell_timeout: limit of one cell (default: nbgrader's ``Execute.timeout``, at most ``timeout``).
        memory: address-space limit of one notebook's process, in bytes.
        disk: scratch disk of one notebook (its folder and ``/tmp`` together), in bytes.
        processes: processes and threads one notebook may run at once.
        sandbox: ``"auto"`` (bubblewrap, else unsandboxed with a warning), ``"bwrap"`` or ``"none"``.
        scheduler: None (threads), ``"local"`` (a Dask LocalCluster) or a Dask scheduler address.
        on_result: called with each Result as soon as it is written to the gradebook.
    """
    if cell_timeout is None:
        cell_timeout = course.config.get("Execute", {}).get("timeout", 30) or timeout
    limits = {"timeout": float(timeout), "cell_timeout": float(min(cell_timeout, timeout)),
              "memory": int(memory), "disk": int(disk), "processes": int(processes), "sandbox": sandbox,
              "max_output_chars": 100_000}
    results: list[Result] = []

    def done(result: Result):
        results.append(result)
        if on_result is not None:
            on_result(result)

    import warnings
    with gradebook_lock(course, assignment), warnings.catch_warnings():
        # nbgrader's update_or_create_submission trips SQLAlchemy's autoflush warnings; harmless
        warnings.filterwarnings("ignore", message=".*not in session.*")
        with write_lock(course):
            ensure_assignment(course, assignment)
        submit, iterate, close = _executor(jobs, scheduler)
        try:
            futures = {}
            for student in students:
                t0 = time.perf_counter()
                with write_lock(course):
                    todo, known = prepare(course, assignment, student, limits=limits)
                for r in known:
                    r.seconds = time.perf_counter() - t0
                    done(r)
                for job in todo:
                    futures[submit(job)] = job
            for future, outcome in iterate(list(futures)):
                with write_lock(course):
                    result = finalize(course, futures[future], outcome)
                done(result)
        finally:
            close()
    _write_status(course, assignment, results)
    return results


def cell_scores(course: Course, assignment: str) -> dict:
    """``{student: {"score": total, "cells": {grade_id: auto_score}}}`` from the gradebook."""
    from nbgrader.api import MissingEntry
    found = {}
    with course.gradebook() as gb:
        try:
            submissions = gb.find_assignment(assignment).submissions
        except MissingEntry:
            return {}
        for sub in submissions:
            cells = {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades
                     if g.cell_type == "code" and not g.needs_manual_grade}
            found[sub.student.id] = {"score": float(sub.score), "max_score": float(sub.max_score), "cells": cells}
    return found


def gradebook_fields(db_url: str, assignment: str, course_id: str = "") -> dict:
    """Every field autograding writes, per submission, notebook and grade cell: what
    ``nbgrader autograde`` and ``lazylearn grade`` are compared on."""
    from nbgrader.api import Gradebook
    fields = {}
    with Gradebook(db_url, course_id) as gb:
        for sub in gb.find_assignment(assignment).submissions:
            row = {"score": float(sub.score), "max_score": float(sub.max_score),
                   "needs_manual_grade": bool(sub.needs_manual_grade),
                   "late_submission_penalty": float(sub.late_submission_penalty or 0),
                   "timestamp": str(sub.timestamp)}
            for nb in sub.notebooks:
                row[nb.name] = {"score": float(nb.score), "needs_manual_grade": bool(nb.needs_manual_grade)}
                for g in nb.grades:
                    row[nb.name][g.name] = (g.auto_score, g.manual_score, bool(g.needs_manual_grade),
                                            float(g.max_score))
            fields[sub.student.id] = row
    return fields


def score_changes(old: dict, new: dict) -> list[dict]:
    """Per student of ``new``: old and new score and the test cells whose score changed."""
    changes = []
    for student in sorted(new):
        before = old.get(student, {"score": None, "cells": {}})
        after = new[student]
        flipped = sorted(gid for gid in set(before["cells"]) | set(after["cells"])
                         if before["cells"].get(gid) != after["cells"].get(gid))
        changes.append({"student": student, "old": before["score"], "new": after["score"],
                        "max_score": after.get("max_score", 0.0), "flipped": flipped,
                        "now_pass": [g for g in flipped if (after["cells"].get(g) or 0) > (before["cells"].get(g) or 0)],
                        "now_fail": [g for g in flipped if (after["cells"].get(g) or 0) < (before["cells"].get(g) or 0)]})
    return changes


def refresh_assignment(course: Course, assignment: str):
    """Put the source's current tests, solutions and points into the gradebook (nbgrader's
    ``generate_assignment --force`` into a throwaway folder: the released files stay as they are)."""
    import tempfile

    from .nbgrader_apps import generate_assignment
    with write_lock(course), tempfile.TemporaryDirectory(prefix="lazylearn-regrade-") as tmp:
        generate_assignment(course, assignment, release_dir=tmp)
    _order_cache.clear()


def _write_status(course: Course, assignment: str, results: list[Result]):
    folder = course.reports_dir / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / STATUS_FILE
    try:
        previous = json.loads(path.read_text())
    except (OSError, ValueError):
        previous = {}
    for r in results:
        previous[f"{r.student}/{r.notebook}"] = asdict(r)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(previous, indent=1, sort_keys=True))
    os.replace(tmp, path)


def read_status(course: Course, assignment: str) -> dict:
    try:
        return json.loads((course.reports_dir / assignment / STATUS_FILE).read_text())
    except (OSError, ValueError):
        return {}
