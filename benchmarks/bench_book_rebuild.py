#!/usr/bin/env python
"""How much the execution cache saves: a clean book build against rebuilds after one edit.

    python benchmarks/bench_book_rebuild.py [--page book/ch01-fitting-a-line]

Works on a copy of the book's sources in a temporary folder (the repository is not touched):

1. clean build: empty _build/ and execution cache, every page executed;
2. prose edit: one sentence added to one page's text; no code changed, so nothing is executed
   again and only that page is re-read and written;
3. code edit: one code cell added to the same page; only that page is executed again (the
   jupyter-cache entry of every other page still matches its code).

Each build runs ``jupyter-book build -W -n --keep-going``, as ``make book`` does. Prints the times
and the speed-up of each rebuild over the clean build (target: at least 5x).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import bookkit  # noqa: E402


def _executed(log: str) -> list[str]:
    return sorted(set(re.findall(r"(book/[\w.-]+)\.md: Executed notebook in", log)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default=None, help="toc page to edit (default: the first chapter)")
    args = parser.parse_args(argv)
    pages = bookkit.toc_files(bookkit.ROOT)
    page = args.page or next(p for p in pages if p.startswith("book/ch"))

    with tempfile.TemporaryDirectory(prefix="lazybook-bench-") as tmp:
        src = bookkit.copy_book_sources(Path(tmp) / "src")
        page_file = src / f"{page}.md"
        rows = []

        clean = bookkit.build_book(src, clean=True).check()
        rows.append(("clean build (all pages executed)", clean))

        text = page_file.read_text(encoding="utf-8")
        page_file.write_text(text + "\nA sentence added by the rebuild benchmark.\n", encoding="utf-8")
        prose = bookkit.build_book(src).check()
        rows.append((f"rebuild after a prose edit of {page}", prose))

        page_file.write_text(
            page_file.read_text(encoding="utf-8")
            + "\n```{code-cell} ipython3\nprint('a cell added by the rebuild benchmark')\n```\n",
            encoding="utf-8",
        )
        code = bookkit.build_book(src).check()
        rows.append((f"rebuild after a code edit of {page}", code))

    print(f"book rebuild benchmark ({len(pages)} pages; jupyter-book build -W -n --keep-going)")
    for label, result in rows:
        ratio = clean.seconds / result.seconds
        executed = _executed(result.log)
        print(f"  {label:<58} {result.seconds:7.1f} s   {ratio:5.1f}x   executed: {len(executed)} "
              f"{'(' + ', '.join(executed) + ')' if 0 < len(executed) < 3 else ''}")
    ratio = clean.seconds / prose.seconds
    print(f"  a text edit rebuilds {ratio:.1f}x faster than a clean build "
          f"({'meets' if ratio >= 5 else 'MISSES'} the 5x target); a code edit re-executes "
          f"{'only the edited page' if _executed(code.log) == [page] else _executed(code.log)}")
    print("  (a rebuild's floor is about 3 s of Jupyter Book and Sphinx start-up; a code edit adds "
          "a kernel start and the page's run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
