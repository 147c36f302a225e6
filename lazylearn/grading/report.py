"""The class report: which tests the class fails, with which errors, and who needs a look.

Reads the gradebook (scores, including manual grades), the autograded notebooks (the error each
failed test cell raised) and ``reports/<assignment>/grading.json`` (statuses and flags written by
``lazylearn grade``), and writes ``reports/<assignment>/index.html`` with three PNG plots:
``scores.png`` (histogram of total scores), ``failures.png`` (share of students losing points on
each test cell) and ``errors.png`` (the most common error messages, numbers masked so that
"got 4.0" and "got 3.5" count as one mistake). Every string from a submission is HTML-escaped.
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .autograde import read_status
from .config import Course

__all__ = ["ClassReport", "collect_report", "common_errors", "write_report", "normalize_message"]

NUMBER = re.compile(r"(?<![A-Za-z_])[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def normalize_message(text: str) -> str:
    """Mask numbers and squeeze whitespace: one key per kind of mistake."""
    return re.sub(r"\s+", " ", NUMBER.sub("#", text)).strip()[:160]


@dataclass
class ClassReport:
    assignment: str
    max_score: float = 0.0
    students: dict = field(default_factory=dict)  # student -> {"score", "status", "flags", "failed", "message"}
    tests: list = field(default_factory=list)  # test cell grade ids in notebook order
    failures: Counter = field(default_factory=Counter)  # grade id -> students who lost points
    errors: Counter = field(default_factory=Counter)  # (grade id, ename, normalized) -> count
    examples: dict = field(default_factory=dict)  # same key -> one original message


def collect_report(course: Course, assignment: str) -> ClassReport:
    from nbgrader.api import MissingEntry
    report = ClassReport(assignment)
    status = read_status(course, assignment)
    with course.gradebook() as gb:
        try:
            assign = gb.find_assignment(assignment)
        except MissingEntry:
            return report
        report.max_score = float(assign.max_score)
        order = {}
        for nb in assign.notebooks:
            solution = {c.name for c in nb.solution_cells}
            try:
                source = json.loads(course.source_notebook(assignment, nb.name).read_text())
                position = {c["metadata"]["nbgrader"]["grade_id"]: i for i, c in enumerate(source["cells"])
                            if "grade_id" in c.get("metadata", {}).get("nbgrader", {})}
            except (OSError, ValueError, KeyError):
                position = {}
            for gc in nb.grade_cells:
                if gc.cell_type == "code" and gc.name not in solution:
                    order[gc.name] = (nb.name, position.get(gc.name, 10**6), gc.name)
        report.tests = sorted(order, key=order.get)
        for sub in assign.submissions:
            student = sub.student.id
            failed = []
            for nb_sub in sub.notebooks:
                for g in nb_sub.grades:
                    if g.name in order and (g.score or 0) < g.max_score:
                        failed.append(g.name)
            states = [v for k, v in status.items() if k.split("/", 1)[0] == student]
            report.students[student] = {
                "score": float(sub.score), "failed": failed,
                "status": ", ".join(sorted({s["status"] for s in states})) or "graded",
                "flags": sorted({f for s in states for f in s.get("flags", [])}),
                "message": "; ".join(s["message"] for s in states if s.get("message")),
                "sandboxed": all(s.get("sandboxed", True) for s in states)}
            report.failures.update(failed)
    for student in report.students:
        folder = course.autograded_dir / student / assignment
        for path in sorted(folder.glob("*.ipynb")):
            try:
                nb = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            for cell in nb.get("cells", []):
                gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                if gid not in report.tests:
                    continue
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "error":
                        first = (out.get("evalue") or "").strip().split("\n")[0]
                        key = (gid, out.get("ename", "?"), normalize_message(first))
                        report.errors[key] += 1
                        report.examples.setdefault(key, first[:300])
                        break
    return report


#: errors that say a task was not attempted (the stub's) or a cell never ran, not which mistake was made
NOT_MISTAKES = ("NotImplementedError", "KernelDiedError", "NotebookTimeoutError")


def common_errors(report: ClassReport, n: int = 10) -> list:
    """The ``n`` commonest ``((grade id, ename, message), count)``: real mistakes first, then
    :data:`NOT_MISTAKES`, each group by decreasing count."""
    return sorted(report.errors.most_common(), key=lambda kc: kc[0][1] in NOT_MISTAKES)[:n]


def _plots(report: ClassReport, folder: Path) -> dict:
    import matplotlib
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    n = max(len(report.students), 1)
    made = {}
    fig, ax = plt.subplots(figsize=(6, 3.2))
    scores = [s["score"] for s in report.students.values()]
    top = max(report.max_score, max(scores, default=0), 1)
    if top <= 40:  # one bar per whole score, centred on it
        ax.hist(scores, bins=[b - 0.5 for b in range(int(top) + 2)], color="#4c72b0", edgecolor="white")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        ax.hist(scores, bins=20, range=(0, top), color="#4c72b0", edgecolor="white")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(f"score (out of {report.max_score:g})")
    ax.set_ylabel("students")
    ax.set_title(f"{report.assignment}: scores of {len(scores)} students")
    fig.tight_layout()
    fig.savefig(folder / "scores.png", dpi=110)
    plt.close(fig)
    made["scores"] = "scores.png"

    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.35 * max(len(report.tests), 1)))
    rates = [report.failures[t] / n for t in report.tests]
    ax.barh(range(len(report.tests)), rates, color="#c44e52")
    ax.set_yticks(range(len(report.tests)), report.tests)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    from matplotlib.ticker import PercentFormatter
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(f"share of the {len(report.students)} students losing points")
    ax.set_title("failure rate of each test cell")
    fig.tight_layout()
    fig.savefig(folder / "failures.png", dpi=110)
    plt.close(fig)
    made["failures"] = "failures.png"

    common = common_errors(report)
    fig, ax = plt.subplots(figsize=(10, 0.9 + 0.4 * max(len(common), 1)))
    labels = [f"{gid}: {ename}: {msg if len(msg) <= 80 else msg[:79] + '…'}" for (gid, ename, msg), _ in common]
    ax.barh(range(len(common)), [c for _, c in common], color="#8172b2")
    ax.set_yticks(range(len(common)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("students")
    # a figure title: an axes title is centred over the bars and cut off by the long labels
    fig.suptitle("most common error messages in test cells (numbers shown as #)")
    fig.tight_layout()
    fig.savefig(folder / "errors.png", dpi=110)
    plt.close(fig)
    made["errors"] = "errors.png"
    return made


def write_report(course: Course, assignment: str, out: Path | None = None) -> Path:
    """Write ``index.html`` and the PNG plots; return the HTML page's path."""
    report = collect_report(course, assignment)
    folder = Path(out) if out is not None else course.reports_dir / assignment
    folder.mkdir(parents=True, exist_ok=True)
    images = _plots(report, folder)
    e = html.escape
    n = len(report.students)
    scores = sorted(s["score"] for s in report.students.values())
    mean = sum(scores) / n if n else 0.0
    median = (scores[(n - 1) // 2] + scores[n // 2]) / 2 if n else 0.0
    by_status = Counter(s["status"] for s in report.students.values())
    rows = []
    for t in report.tests:
        errs = [(k, c) for k, c in report.errors.most_common() if k[0] == t][:3]
        detail = "<br>".join(f"{c} &times; <code>{e(k[1])}: {e(report.examples[k])}</code>" for k, c in errs)
        rows.append(f"<tr><td><code>{e(t)}</code></td><td>{report.failures[t]}</td>"
                    f"<td>{(report.failures[t] / n if n else 0):.0%}</td><td>{detail}</td></tr>")
    student_rows = []
    for student, s in sorted(report.students.items(), key=lambda kv: (kv[1]["score"], kv[0])):
        note = e(s["message"]) + ("" if s["sandboxed"] else " <b>(ran unsandboxed)</b>")
        student_rows.append(
            f"<tr><td>{e(student)}</td><td>{s['score']:g} / {report.max_score:g}</td><td>{e(s['status'])}</td>"
            f"<td>{e(', '.join(s['failed']))}</td><td>{e('; '.join(s['flags']))}</td><td>{note}</td></tr>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(assignment)}: class report</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}
th{{background:#f3f3f3}}td:nth-child(2){{white-space:nowrap}}code{{font-size:90%}}img{{max-width:100%}}</style></head><body>
<h1>{e(assignment)}: class report</h1>
<p>{n} students; mean score {mean:.2f} / {report.max_score:g}; median {median:.2f}.
Statuses: {e(', '.join(f'{k}: {v}' for k, v in sorted(by_status.items())))}.</p>
<h2>Scores</h2><img src="{images['scores']}" alt="histogram of scores">
<h2>Which tests fail</h2><img src="{images['failures']}" alt="failure rate of each test cell">
<table><tr><th>test cell</th><th>students losing points</th><th>share</th><th>most common errors</th></tr>
{''.join(rows)}</table>
<h2>Most common error messages</h2><img src="{images['errors']}" alt="most common error messages">
<h2>Students</h2>
<p>Flags mark code that reaches for the grading machinery (sys.modules, builtins, the test helpers,
the network, ending its own process): worth a look by hand.</p>
<table><tr><th>student</th><th>score</th><th>status</th><th>failed tests</th><th>flags</th><th>note</th></tr>
{''.join(student_rows)}</table>
</body></html>
"""
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
