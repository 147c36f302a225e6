"""Export the book's notebook pages (MyST Markdown in ``book/``) as ``.ipynb`` files.

The Pages workflow (``.github/workflows/pages.yml``) runs this and force-pushes the result to
the ``notebooks`` branch; the Colab and JupyterHub launch buttons of each page open the page's
``.ipynb`` there (Colab cannot open a MyST ``.md``; see ``_ext/lazybook_html.py``).
``tests/test_book.py`` runs it into a temporary folder and checks every notebook.

Usage::

    python scripts/export_notebooks.py [--out _build/notebooks] [--ref main]

Each page of ``_toc.yml`` that is a notebook (a ``kernelspec`` in its front matter, the pages
that have launch buttons) becomes ``<out>/<page>.ipynb``, the same path as in the repository
with the suffix changed: what ``jupytext --to ipynb`` writes (inputs only, no outputs), plus
one setup cell before the first code cell that installs ``lazylearn`` from the repository at
``--ref`` when the kernel does not have it (Colab), and does nothing where it is installed
(Binder, a local install, a hub with the course environment).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import bookkit  # noqa: E402

__all__ = ["REPO_URL", "SETUP_TAG", "setup_cell_source", "notebook_pages", "export_page", "export"]

REPO_URL = "https://github.com/lazy-neural-networks/lazy-neural-networks"
#: Tag of the setup cell added to each exported notebook.
SETUP_TAG = "lazylearn-setup"


def setup_cell_source(ref: str = "main", repo_url: str = REPO_URL) -> str:
    """Return the code of the setup cell: install ``lazylearn`` at ``ref`` and ``myst-nb`` (whose
    ``glue`` the pages call to put computed numbers into their text) if they are missing."""
    requirement = f"lazylearn @ git+{repo_url}@{ref}"
    return (
        "# Setup: this page imports `lazylearn`, the course's package, and `myst_nb.glue`, which\n"
        "# puts computed numbers into the book's text. Binder and a local install have both; anywhere\n"
        "# else (Colab, a hub without them) the missing ones are installed.\n"
        "import importlib.util\n"
        "\n"
        f'_needed = {{"lazylearn": "{requirement}", "myst_nb": "myst-nb"}}\n'
        "_missing = [req for module, req in _needed.items() if importlib.util.find_spec(module) is None]\n"
        "if _missing:\n"
        "    import site\n"
        "    import subprocess\n"
        "    import sys\n"
        "\n"
        '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *_missing], check=True)\n'
        "    if site.ENABLE_USER_SITE and site.getusersitepackages() not in sys.path:\n"
        "        site.addsitedir(site.getusersitepackages())  # pip fell back to a --user install\n"
        "    importlib.invalidate_caches()"
    )


def notebook_pages(source: Path = ROOT) -> list[str]:
    """Return the toc pages (paths without suffix) that are notebooks: MyST with a kernelspec."""
    pages = []
    for page in bookkit.toc_files(source):
        path = Path(source) / f"{page}.md"
        if path.is_file() and "kernelspec" in jupytext.read(path).metadata:
            pages.append(page)
    return pages


def export_page(path: Path, ref: str = "main") -> nbformat.NotebookNode:
    """Read the MyST page ``path`` and return it as an nbformat v4 notebook (no outputs)."""
    nb = jupytext.read(path)  # what `jupytext --to ipynb` converts
    if "kernelspec" not in nb.metadata:
        raise ValueError(f"{path}: no kernelspec in the front matter; it is not a notebook page")
    nb.metadata.pop("jupytext", None)  # the .ipynb is not paired with anything
    nb.metadata.setdefault("language_info", {"name": nb.metadata["kernelspec"].get("language", "python")})
    setup = nbformat.v4.new_code_cell(setup_cell_source(ref), metadata={"tags": [SETUP_TAG]})
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(first_code, setup)
    nb.nbformat, nb.nbformat_minor = 4, max(nb.nbformat_minor, 5)
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number:03d}"  # stable ids: the same page gives the same notebook
    nbformat.validate(nb)
    return nb


def export(out: Path, source: Path = ROOT, ref: str = "main") -> list[Path]:
    """Write every notebook page of ``source``'s book under ``out``; return the written paths."""
    out = Path(out)
    written = []
    for page in notebook_pages(source):
        nb = export_page(Path(source) / f"{page}.md", ref)
        target = out / f"{page}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append(target)
    if not written:
        raise RuntimeError(f"no notebook pages in {source / '_toc.yml'}")
    (out / "README.md").write_text(
        "# Notebooks of the Lazy Neural Networks book\n\n"
        f"Written from the `book/` pages of {REPO_URL} at `{ref}` by `scripts/export_notebooks.py`\n"
        "(the book's Pages workflow force-pushes this branch on every push to `main`). Do not edit\n"
        "here: edit the MyST Markdown pages in `book/` on `main`.\n",
        encoding="utf-8",
    )
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "notebooks", help="output folder")
    parser.add_argument("--ref", default="main",
                        help="git ref the setup cell installs lazylearn from (the workflow passes the commit)")
    args = parser.parse_args(argv)
    for path in export(args.out, ROOT, args.ref):
        print(path.relative_to(args.out).as_posix())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
