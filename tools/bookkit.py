"""Build, serve, open and print the book: shared by tests/test_book.py, scripts/build_pdf.py and
benchmarks/bench_book_rebuild.py.

Nothing here needs the network: the book is built by Jupyter Book from the repository, served
by Python's http.server on 127.0.0.1, and opened by the system's Chromium (Debian's
``chromium`` package, driven by Playwright's Python package without a browser download).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

__all__ = [
    "ROOT",
    "BOOK_SOURCES",
    "BuildResult",
    "build_book",
    "copy_book_sources",
    "toc_files",
    "serve",
    "chromium_path",
    "CHROMIUM_ARGS",
    "launch_chromium",
    "wait_for_mathjax",
    "print_pdf",
]

ROOT = Path(__file__).resolve().parent.parent

#: What a book build reads from the repository (everything else is excluded in _config.yml).
# "exercises": each chapter page links its exercise notebook with {download}, which Sphinx copies.
BOOK_SOURCES = ("_config.yml", "_toc.yml", "references.bib", "book", "_ext", "_static", "exercises")

#: Chromium flags: headless, no sandbox (root in CI), and nothing that reaches the network.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


@dataclass
class BuildResult:
    """One ``jupyter-book build``: its exit code, its log, its wall time and its HTML folder."""

    returncode: int
    log: str
    seconds: float
    html: Path

    def check(self) -> "BuildResult":
        """Raise RuntimeError with the log's warnings and tail if the build failed."""
        if self.returncode != 0:
            lines = self.log.splitlines()
            problems = [ln for ln in lines if "WARNING" in ln or "ERROR" in ln or "Error" in ln]
            raise RuntimeError(
                f"jupyter-book build failed (exit {self.returncode}).\n"
                + "\n".join(problems[-40:])
                + "\n--- last lines ---\n"
                + "\n".join(lines[-40:])
            )
        return self


def _jupyter_book() -> list[str]:
    """The ``jupyter-book`` command, through the faster-starting launcher ``tools/jb.py``."""
    return [sys.executable, str(Path(__file__).with_name("jb.py"))]


def build_book(
    source: Path = ROOT,
    output: Path | None = None,
    *,
    builder: str = "html",
    strict: bool = True,
    clean: bool = False,
    timeout: float = 1800,
) -> BuildResult:
    """Build the book in ``source`` into ``output/_build/<builder>`` (default: ``source/_build``).

    ``strict`` turns warnings (and, with ``-n``, missing references) into errors, as
    ``make book`` does. ``clean`` removes the output's ``_build`` first, execution cache
    included, so every page is executed again.
    """
    source = Path(source).resolve()
    output = Path(output).resolve() if output is not None else source
    if clean:
        shutil.rmtree(output / "_build", ignore_errors=True)
    cmd = [*_jupyter_book(), "build", str(source), "--path-output", str(output), "--builder", builder]
    if strict:
        cmd += ["-W", "-n", "--keep-going"]
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=source, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout
    )
    seconds = time.perf_counter() - start
    return BuildResult(proc.returncode, proc.stdout, seconds, output / "_build" / builder)


def copy_book_sources(destination: Path, source: Path = ROOT) -> Path:
    """Copy what the book build reads into ``destination`` (for builds that edit a page)."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    for name in BOOK_SOURCES:
        src = Path(source) / name
        if src.is_dir():
            shutil.copytree(src, destination / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        elif src.exists():
            shutil.copy2(src, destination / name)
    return destination


def toc_files(source: Path = ROOT) -> list[str]:
    """Return every page of ``_toc.yml`` (root first), as paths without suffix."""
    import yaml

    toc = yaml.safe_load((Path(source) / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list) -> None:
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            for key in ("chapters", "sections", "parts"):
                walk(entry.get(key))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    walk(toc.get("sections"))
    return [str(Path(f).with_suffix("")) if Path(f).suffix in (".md", ".ipynb") else f for f in files]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; records every request's path and status instead of logging it."""

    def log_request(self, code="-", size="-"):  # noqa: D102 - http.server API
        self.server.requests.append((self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, *args):  # noqa: D102
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[tuple[str, list]]:
    """Serve ``directory`` on 127.0.0.1 (random port); yield (base URL, request log)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", server.requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def chromium_path() -> str:
    """Return the system Chromium (Debian's ``chromium``; CHROMIUM env var overrides)."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    raise FileNotFoundError(
        "Chromium not found: install Debian's chromium package (scripts/system-deps.sh does) "
        "or set CHROMIUM=/path/to/chrome"
    )


@contextlib.contextmanager
def launch_chromium():
    """Yield a Playwright Browser running the system Chromium with CHROMIUM_ARGS."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


#: Resolves when MathJax has typeset the page (or at once on a page without MathJax).
MATHJAX_DONE_JS = """async () => {
  if (!window.MathJax) return false;
  for (let i = 0; i < 200 && !(MathJax.startup && MathJax.startup.promise); i++) {
    await new Promise(r => setTimeout(r, 25));
  }
  await MathJax.startup.promise;
  return true;
}"""


def wait_for_mathjax(page) -> bool:
    """Wait until MathJax (if the page loads it) has typeset; return whether it was loaded."""
    has_script = page.evaluate(
        "() => Array.from(document.scripts).some(s => (s.src || '').includes('/mathjax/'))"
    )
    if not has_script:
        return False
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30_000)
    return bool(page.evaluate(MATHJAX_DONE_JS))


def print_pdf(page, url: str, path: Path) -> Path:
    """Open ``url`` in ``page``, wait for MathJax and images, print it to ``path`` (A4)."""
    page.goto(url, wait_until="load")
    wait_for_mathjax(page)
    page.evaluate(
        "() => Promise.all(Array.from(document.images).map(i => i.complete ? 0 :"
        " new Promise(r => { i.onload = i.onerror = r; })))"
    )
    # Folded code (hide-input) stays folded; the print stylesheet in _static/lazybook.css
    # hides the navigation.
    path.parent.mkdir(parents=True, exist_ok=True)
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4", print_background=True,
             margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
    return path
