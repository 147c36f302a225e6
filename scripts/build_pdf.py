#!/usr/bin/env python
"""Print the book to PDF with the system's headless Chromium (no LaTeX needed).

    python scripts/build_pdf.py            # each page of _build/html -> _build/pdf/<page>.pdf
    python scripts/build_pdf.py --book     # the whole book as one PDF: _build/pdf/lazy-neural-networks.pdf
    python scripts/build_pdf.py --pages book/ch01-fitting-a-line

Each page is served from 127.0.0.1, opened in Chromium, printed once MathJax has typeset it and
every image has loaded. ``--book`` first builds the single-page HTML (``jupyter-book build .
--builder singlehtml``, reusing the execution cache) and prints that. Needs Debian's
``chromium`` package (scripts/system-deps.sh) and the Python package ``playwright``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import bookkit  # noqa: E402


def print_pages(html: Path, pages: list[str], out: Path) -> list[Path]:
    """Print ``pages`` (toc paths without suffix) of the HTML build in ``html`` into ``out``."""
    written = []
    with bookkit.serve(html) as (base, _), bookkit.launch_chromium() as browser:
        page = browser.new_page()
        for name in pages:
            target = out / f"{Path(name).name}.pdf"
            bookkit.print_pdf(page, base + f"{name}.html", target)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--book", action="store_true", help="print the whole book as one PDF")
    parser.add_argument("--pages", nargs="+", help="toc pages to print (default: all)")
    parser.add_argument("--out", type=Path, default=bookkit.ROOT / "_build" / "pdf", help="output folder")
    args = parser.parse_args(argv)

    if args.book:
        result = bookkit.build_book(bookkit.ROOT, builder="singlehtml", strict=True)
        try:
            result.check()
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 1
        # singlehtml writes the book as <root page>.html (book/intro.html) with links relative
        # to the output's top folder: print a copy placed there.
        single = result.html / "lazy-neural-networks.html"
        single.write_bytes((result.html / f"{bookkit.toc_files(bookkit.ROOT)[0]}.html").read_bytes())
        written = print_pages(result.html, ["lazy-neural-networks"], args.out)
    else:
        html = bookkit.ROOT / "_build" / "html"
        if not (html / "index.html").is_file():
            print("no _build/html: build the book first (make book)", file=sys.stderr)
            return 1
        pages = args.pages or bookkit.toc_files(bookkit.ROOT)
        missing = [p for p in pages if not (html / f"{p}.html").is_file()]
        if missing:
            print(f"not in _build/html: {', '.join(missing)}", file=sys.stderr)
            return 1
        written = print_pages(html, pages, args.out)
    for path in written:
        print(f"{path.relative_to(bookkit.ROOT) if path.is_relative_to(bookkit.ROOT) else path}"
              f"  ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
