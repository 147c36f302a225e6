"""The rendered book: built once from clean with warnings as errors, then opened in Chromium.

Everything runs on ONE build per test process (the ``book`` fixture), and this one module holds
the build, HTML, browser and PDF tests so that ``pytest -n 2 --dist loadfile`` keeps them on one
worker. The build goes to a temporary folder with an empty execution cache, so every page runs;
the developer's ``_build/`` is not touched, except ``_build/screenshots/`` (one PNG per page).

Needs Debian's ``chromium`` (and ``poppler-utils`` for the PDF checks): ``scripts/system-deps.sh``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "_ext"))
import bookkit  # noqa: E402
import lazybook_html  # noqa: E402

pytestmark = pytest.mark.slow

REPO_URL = "https://github.com/lazy-neural-networks/lazy-neural-networks"
EXPORT_SCRIPT = ROOT / "scripts" / "export_notebooks.py"
SCREENSHOTS = ROOT / "_build" / "screenshots"
TOC_PAGES = bookkit.toc_files(ROOT)
CHAPTERS = [p for p in TOC_PAGES if re.fullmatch(r"book/ch\d\d-[a-z0-9-]+", p)]
#: TeX that must not survive as visible text once MathJax has run.
RAW_TEX = re.compile(r"\$\$|\\(frac|sum|sqrt|partial|mathbf|mathrm|begin|end|left|right|alpha|theta|eta|nabla|cdot)\b|\\\(|\\\[")


# ----------------------------------------------------------------------------------- build
@pytest.fixture(scope="module")
def book(tmp_path_factory) -> bookkit.BuildResult:
    """The whole book built from clean (empty execution cache) with ``-W -n --keep-going``."""
    out = tmp_path_factory.mktemp("book")
    result = bookkit.build_book(ROOT, out, strict=True, clean=True)
    return result.check()


@pytest.fixture(scope="module")
def html(book) -> Path:
    return book.html


def _pages(html: Path) -> list[str]:
    """Every HTML page of the build, relative to its root (no theme or MathJax files)."""
    skip = {"_static", "_sources", "_images", "_downloads", "mathjax"}
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not skip & set(p.relative_to(html).parts)
    )


def test_toc_lists_the_chapters():
    assert TOC_PAGES[0] == "book/intro"
    assert len(CHAPTERS) >= 3, TOC_PAGES
    for page in TOC_PAGES:
        assert (ROOT / f"{page}.md").is_file() or (ROOT / f"{page}.ipynb").is_file(), page


def test_book_builds_from_clean_with_warnings_as_errors(book):
    assert book.returncode == 0
    assert "build succeeded" in book.log
    # a clean build executes every chapter page (none comes from a cache)
    for chapter in CHAPTERS:
        assert re.search(rf"{re.escape(chapter)}\.md: Executed notebook in", book.log), f"{chapter} not executed"


def test_every_page_executes_within_its_budget(book):
    """Each page runs in under 120 s of wall time in the clean build (the target is 60 s)."""
    seconds = {Path(page).stem: float(t) for page, t in
               re.findall(r"(\S+)\.md: Executed notebook in ([\d.]+) seconds", book.log)}
    slow = {page: t for page, t in seconds.items() if t >= 120}
    assert seconds and not slow, f"pages over 120 s: {slow}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_prose_names_only_chapters_that_exist(chapter):
    """A forward reference says "a later chapter" until that chapter's page is in the toc."""
    text = re.sub(r"```.*?```", "", (ROOT / f"{chapter}.md").read_text(encoding="utf-8"), flags=re.S)
    # "chapter 5 of {cite}`goodfellow2016`" points into a cited book, not into this one
    numbers = [int(n) for n in re.findall(r"\b[Cc]hapters? (\d+)(?!\s+of\s+\{cite\})", text)]
    numbers += [int(n) for n in re.findall(r"\b[Cc]hapters \d+ and (\d+)", text)]
    missing = sorted({n for n in numbers if n > len(CHAPTERS)})
    assert not missing, f"{chapter} names chapters {missing}, which have no page yet"


def test_every_toc_page_has_html(html):
    missing = [p for p in TOC_PAGES if not (html / f"{p}.html").is_file()]
    assert not missing, f"no HTML for toc pages {missing}"
    assert (html / "index.html").is_file() and (html / "search.html").is_file()


def test_every_executed_page_has_its_notebook_for_download(html):
    for page in CHAPTERS:
        notebook = html / "_sources" / f"{page}.ipynb"
        assert notebook.is_file(), f"{page}: no .ipynb download"
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        outputs = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])]
        assert outputs, f"{page}: the downloadable notebook has no outputs (was it executed?)"
        assert not [o for o in outputs if o.get("output_type") == "error"], f"{page}: error output"


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self._open: dict | None = None
        self._body: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open, self._body = dict(attrs), []

    def handle_data(self, data):
        if self._open is not None:
            self._body.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.scripts.append((self._open, "".join(self._body)))
            self._open = None


def _scripts(path: Path) -> list[tuple[dict, str]]:
    parser = _Scripts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.scripts


def test_mathjax_is_served_by_the_book_itself(html):
    assert (html / "mathjax" / "tex-mml-chtml.js").is_file()
    assert list((html / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    assert not list((html / "_static").rglob("tex-mml-chtml.js")), "MathJax must not sit under _static"
    for page in _pages(html):
        for attrs, _ in _scripts(html / page):
            src = attrs.get("src") or ""
            assert "://" not in src, f"{page} loads a script from the network: {src}"
            if "tex-mml-chtml" in src:
                target = (html / page).parent / src.split("?")[0]
                assert target.resolve() == (html / "mathjax" / "tex-mml-chtml.js").resolve()


def test_no_page_declares_a_script_twice(html):
    """The stock sphinx-thebe config script came twice (THEBE_JS_URL redeclared)."""
    for page in _pages(html):
        inline = [body for attrs, body in _scripts(html / page) if not attrs.get("src") and body.strip()]
        doubled = {body[:80] for body in inline if inline.count(body) > 1}
        assert not doubled, f"{page}: inline scripts included twice: {doubled}"
        assert sum("THEBE_JS_URL =" in body for body in inline) <= 1, page


def test_theme_mode_has_a_valid_default(html):
    """pydata-sphinx-theme rejected the empty default mode on a first visit."""
    head = (html / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'localStorage.getItem("mode") || "auto"' in head


def test_progress_bars_are_text_not_widgets(html):
    """Each widget output (tqdm.auto's bar, as the executed notebook holds it) is a text bar."""
    for page in _pages(html):
        text = (html / page).read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-view+json" not in text, page
        assert "application/vnd.jupyter.widget-state+json" not in text, page
    for page in CHAPTERS:
        cells = json.loads((html / "_sources" / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]
        widgets = sum("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                      for c in cells for o in c.get("outputs", []))
        bars = re.findall(r"\d+%\|[\u2588 ]{10}\|", (html / f"{page}.html").read_text(encoding="utf-8"))
        # (lazylearn.train.fit draws its own text bar, which adds to the count)
        assert len(bars) >= widgets, f"{page}: {widgets} progress-bar widgets, {len(bars)} text bars"


def test_tqdm_notebook_bar_becomes_its_final_text():
    """Run tqdm.auto in a real kernel (it draws a widget there) and convert its saved state."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from tqdm.auto import tqdm\nfor _ in tqdm(range(7), desc='demo'):\n    pass")]
    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True).execute()
    views = [o["data"]["application/vnd.jupyter.widget-view+json"] for o in nb.cells[0].outputs
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views, "tqdm.auto did not draw a widget: the conversion is not exercised"
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    text = lazybook_html.tqdm_widget_text(views[0]["model_id"], state)
    assert text is not None
    assert re.match(r"demo: 100%\|\u2588{10}\| 7/7 \[", text), text
    assert lazybook_html.tqdm_widget_text("no-such-model", state) is None


# ----------------------------------------------------------------------------------- browser
_COLLECT_JS = r"""() => {
  const article = document.querySelector('.bd-article') || document.body;
  const maths = Array.from(document.querySelectorAll('.math'));
  const clone = article.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, .highlight, textarea').forEach(e => e.remove());
  const imgs = Array.from(document.images);
  return {
    title: document.title,
    maths: maths.length,
    mathsRendered: maths.filter(m => m.querySelector('mjx-container')).length,
    mjx: document.querySelectorAll('mjx-container').length,
    mathErrors: Array.from(document.querySelectorAll('mjx-merror')).map(e => e.textContent),
    text: clone.textContent,
    brokenImages: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.currentSrc || i.src),
    // docutils falls back to the image's path as its alt text: that is no description
    imagesWithoutAlt: Array.from(article.querySelectorAll('img')).filter(i => {
        const alt = (i.getAttribute('alt') || '').trim();
        return !alt || alt === i.getAttribute('src') || /\.(png|jpe?g|svg|gif|webp)$/i.test(alt);
    }).map(i => i.src),
    articleImages: article.querySelectorAll('img').length,
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  };
}"""


@pytest.fixture(scope="module")
def browsed(html):
    """Open every page in headless Chromium, each in a fresh profile (a first visit)."""
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    report: dict[str, dict] = {}
    with bookkit.serve(html) as (base, requests), bookkit.launch_chromium() as browser:
        for page_path in _pages(html):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            console, errors, failed, external = [], [], [], []
            # the lists are bound as defaults: each page's handlers fill that page's lists
            page.on("console", lambda m, out=console: out.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e, out=errors: out.append(str(e)))
            page.on("requestfailed", lambda r, out=failed: out.append(f"{r.url} ({r.failure})"))
            page.on("response", lambda r, out=failed: out.append(f"{r.url} ({r.status})") if r.status >= 400 else None)
            page.on("request", lambda r, out=external: out.append(r.url)
                    if not r.url.startswith((base, "data:", "blob:", "about:")) else None)
            page.goto(base + page_path, wait_until="load")
            if 'http-equiv="Refresh"' in (html / page_path).read_text(encoding="utf-8"):
                # index.html redirects to the first page: check where it lands
                page.wait_for_url(lambda url, path=page_path: not url.endswith(path), timeout=10_000)
                page.wait_for_load_state("load")
            bookkit.wait_for_mathjax(page)
            page.wait_for_timeout(150)  # let late handlers (theme mode, search) log
            info = page.evaluate(_COLLECT_JS)
            info.update(console=console, pageerrors=errors, failed=failed, external=external, url=page.url)
            page.screenshot(path=str(SCREENSHOTS / (page_path.replace("/", "__")[:-5] + ".png")))
            info["solutions"] = _open_solutions(page)
            report[page_path] = info
            context.close()

        context = browser.new_context()
        page = context.new_page()
        console = []
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: console.append(str(e)))
        page.goto(base + "search.html?q=focal", wait_until="load")
        try:
            page.wait_for_selector("ul.search li", timeout=20_000)
        except Exception:  # reported by the test below
            pass
        report["__search__"] = {
            "results": page.eval_on_selector_all("ul.search li a", "els => els.map(e => e.href)"),
            "console": console,
        }
        page.screenshot(path=str(SCREENSHOTS / "search-focal.png"))
        context.close()
        report["__requests__"] = list(requests)
        report["__base__"] = base
    return report


def _open_solutions(page) -> list[dict]:
    """Each self-check solution's text visibility before and after a click on its title."""
    states = []
    solutions = page.locator("div.solution")
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        body = solution.locator("section").first
        before = body.is_visible()
        solution.locator(".admonition-title").first.click()
        page.wait_for_timeout(50)
        states.append({"before": before, "after": body.is_visible(), "text": body.text_content().strip()[:60]})
    return states


def _each(browsed):
    return {k: v for k, v in browsed.items() if not k.startswith("__")}


def test_browser_opened_every_page(browsed, html):
    pages = _each(browsed)
    assert set(pages) == set(_pages(html))
    for p in TOC_PAGES:
        assert f"{p}.html" in pages
    assert all((SCREENSHOTS / (p.replace("/", "__")[:-5] + ".png")).stat().st_size > 0 for p in pages)


def test_no_console_errors(browsed):
    bad = {p: i["console"] + i["pageerrors"] for p, i in _each(browsed).items() if i["console"] or i["pageerrors"]}
    assert not bad, f"console errors: {bad}"


def test_no_failed_or_external_requests(browsed):
    failed = {p: i["failed"] for p, i in _each(browsed).items() if i["failed"]}
    assert not failed, f"failed requests: {failed}"
    external = {p: i["external"] for p, i in _each(browsed).items() if i["external"]}
    assert not external, f"pages reach the network: {external}"
    server_errors = [(path, code) for path, code in browsed["__requests__"] if code >= 400]
    assert not server_errors, server_errors


def test_every_equation_is_rendered_by_mathjax(browsed):
    pages = _each(browsed)
    assert sum(i["maths"] for i in pages.values()) > 0, "no math anywhere: the check is not exercised"
    for p, i in pages.items():
        assert i["mathsRendered"] == i["maths"], f"{p}: {i['maths'] - i['mathsRendered']} of {i['maths']} math elements not typeset"
        assert not i["mathErrors"], f"{p}: MathJax errors {i['mathErrors']}"
        leftover = RAW_TEX.search(i["text"])
        assert leftover is None, f"{p}: raw TeX left in the page text: ...{i['text'][max(0, leftover.start() - 60):leftover.end() + 60]}..."
    for chapter in CHAPTERS:
        assert pages[f"{chapter}.html"]["mjx"] > 0, f"{chapter}: no typeset math"


def test_every_image_loads_and_figures_have_alt_text(browsed):
    pages = _each(browsed)
    for p, i in pages.items():
        assert not i["brokenImages"], f"{p}: images that do not load: {i['brokenImages']}"
        assert not i["imagesWithoutAlt"], f"{p}: images without alt text: {i['imagesWithoutAlt']}"
    for chapter in CHAPTERS:
        assert pages[f"{chapter}.html"]["articleImages"] > 0, f"{chapter}: no figure"


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("id", "name") and value:
                self.ids.add(value)


class _IdCount(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids += [value for key, value in attrs if key == "id" and value]


def test_no_page_repeats_an_id(html):
    """sphinx-exercise gave every exercise and solution body the same id."""
    for page in _pages(html):
        parser = _IdCount()
        parser.feed((html / page).read_text(encoding="utf-8"))
        repeated = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
        assert not repeated, f"{page}: ids used more than once: {repeated}"


def test_every_internal_link_and_anchor_resolves(browsed, html):
    base = browsed["__base__"]
    ids: dict[Path, set[str]] = {}
    broken = []
    checked = 0
    for p, i in _each(browsed).items():
        for href in i["links"]:
            if not href.startswith(base):
                continue
            parts = urlsplit(href)
            rel = unquote(parts.path)[len(urlsplit(base).path):]
            target = html / rel
            if rel == "" or rel.endswith("/"):
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append(f"{p}: {href} (no file)")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    parser = _Ids()
                    parser.feed(target.read_text(encoding="utf-8"))
                    ids[target] = parser.ids
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{p}: {href} (no anchor)")
    assert checked > 50, "too few internal links checked"
    assert not broken, "broken links:\n" + "\n".join(broken)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_self_check_solutions_open_only_on_a_click(browsed, html, chapter):
    """Every chapter ends with 3-5 exercises whose solutions stay hidden until clicked."""
    source = (html / f"{chapter}.html").read_text(encoding="utf-8")
    exercises = len(re.findall(r'<div class="exercise[ "]', source))
    solutions = browsed[f"{chapter}.html"]["solutions"]
    assert 3 <= exercises <= 5, f"{chapter}: {exercises} self-check exercises, expected 3 to 5"
    assert len(solutions) == exercises, f"{chapter}: {exercises} exercises but {len(solutions)} solutions"
    for state in solutions:
        assert state["text"], f"{chapter}: an empty solution"
        assert not state["before"], f"{chapter}: solution visible before a click: {state['text']!r}"
        assert state["after"], f"{chapter}: solution still hidden after a click: {state['text']!r}"
    # the page ends with them: no further section heading after the first exercise
    assert "<h2" not in source[source.index('<div class="exercise'):], f"{chapter}: a section after the self-check"


def test_search_finds_focal(browsed):
    search = browsed["__search__"]
    assert search["results"], "search.html?q=focal found nothing"
    assert not search["console"], search["console"]


def _config() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def _one_link(links: list[str], prefix: str) -> str:
    found = sorted({link for link in links if link.startswith(prefix)})
    assert len(found) == 1, f"expected one link starting with {prefix}, found {found}"
    return found[0]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_launch_download_repository_and_exercise_links(browsed, exported, chapter):
    links = browsed[f"{chapter}.html"]["links"]
    stem = chapter.split("/")[-1]
    branch = _config()["sphinx"]["config"]["lazybook_notebooks_branch"]
    assert branch == "notebooks"

    def has(prefix: str) -> bool:
        return any(link.startswith(prefix) for link in links)

    # Binder: the image is built from binder/ on main; the page's MyST source opens as a notebook
    binder = _one_link(links, "https://mybinder.org/")
    assert binder == f"https://mybinder.org/v2/gh/lazy-neural-networks/lazy-neural-networks/main?urlpath=lab/tree/{chapter}.md", binder
    assert (ROOT / f"{chapter}.md").is_file()
    # Colab: the page's .ipynb on the notebooks branch, a file the workflow's export writes
    colab = _one_link(links, "https://colab.research.google.com/")
    assert colab == (f"https://colab.research.google.com/github/lazy-neural-networks/lazy-neural-networks"
                     f"/blob/{branch}/{chapter}.ipynb"), colab
    assert colab.endswith(".ipynb") and f"{chapter}.ipynb" in exported["files"], colab
    # JupyterHub (nbgitpuller): the same notebook, cloned from that branch into its own folder
    hub = _one_link(links, "https://hub.example.edu/")
    parts = urlsplit(hub)
    assert parts.path == "/hub/user-redirect/git-pull", hub
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    folder = f"lazy-neural-networks-{branch}"
    assert query == {"repo": REPO_URL, "branch": branch, "targetpath": folder,
                     "urlpath": f"lab/tree/{folder}/{chapter}.ipynb"}, query
    assert any(link.endswith(f"_sources/{chapter}.ipynb") for link in links), "download .ipynb"
    assert any(link.endswith(f"_sources/{chapter}.md") for link in links), "download .md"
    assert REPO_URL in links, "repository link"
    assert has(f"{REPO_URL}/edit/main/{chapter}.md"), "edit link"
    assert any(f"exercises/{stem}/{stem}.ipynb" in link or link.endswith(f"/{stem}.ipynb") and "_downloads" in link
               for link in links), (
        f"{chapter}: no link to its exercise notebook; add for example "
        f"{{download}}`the exercise notebook <../exercises/{stem}/{stem}.ipynb>` to the page")


# ----------------------------------------------------------------------------------- PyTorch beside lazylearn
def test_chapter_3_pytorch_block_gives_lazylearn_gradients():
    """The PyTorch code ch03 shows (not run in the book, which has no PyTorch) agrees with lazylearn."""
    import numpy as np

    from lazylearn.losses import MSELoss
    from lazylearn.nn import Linear, Sequential, Tanh

    page = (ROOT / "book" / "ch03-backpropagation.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", page, re.S) if "loss_t.backward()" in b]
    assert len(blocks) == 1, "ch03 shows PyTorch's loss.backward() in one ```python block"
    # the page's model and data (ch03: `model` and the five examples of the step-by-step pass)
    model = Sequential(Linear(2, 3, rng=0), Tanh(), Linear(3, 1, rng=1))
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(5, 2)), rng.normal(size=(5, 1))
    namespace = {"model": model, "X": X, "y": y}
    exec(compile(blocks[0], "ch03-pytorch-block", "exec"), namespace)
    loss_fn = MSELoss()
    model.zero_grad()
    value = loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    assert np.isclose(namespace["loss_t"].item(), value, rtol=1e-12)
    for p, p_t in zip(model.parameters(), namespace["model_t"].parameters(), strict=True):
        np.testing.assert_allclose(p.grad, p_t.grad.numpy(), rtol=1e-10, atol=1e-12)


# ----------------------------------------------------------------------------------- launch files
@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    """Run the workflow's export command (scripts/export_notebooks.py) into a temporary folder."""
    out = tmp_path_factory.mktemp("notebooks")
    proc = subprocess.run([sys.executable, str(EXPORT_SCRIPT), "--out", str(out), "--ref", "0123abc"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ipynb"))
    return {"out": out, "files": files, "printed": proc.stdout.split()}


def test_workflow_export_writes_a_notebook_for_each_notebook_page(exported):
    import jupytext
    import nbformat

    notebook_pages = [p for p in TOC_PAGES if "kernelspec" in jupytext.read(ROOT / f"{p}.md").metadata]
    assert set(CHAPTERS) <= set(notebook_pages), "every chapter is a notebook page (it has launch buttons)"
    assert exported["files"] == sorted(f"{p}.ipynb" for p in notebook_pages)
    assert sorted(exported["printed"]) == exported["files"]
    for page in notebook_pages:
        raw = json.loads((exported["out"] / f"{page}.ipynb").read_text(encoding="utf-8"))
        assert raw["nbformat"] == 4 and raw["nbformat_minor"] >= 5, page
        nb = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(nb)
        assert nb.metadata["kernelspec"] == {"name": "python3", "display_name": "Python 3", "language": "python"}
        assert "jupytext" not in nb.metadata, page
        assert not [c for c in nb.cells if c.cell_type == "code" and c.outputs], f"{page}: outputs"
        # the page's own cells, in order, plus the setup cell right before its first code cell
        source = jupytext.read(ROOT / f"{page}.md")
        setup = [i for i, c in enumerate(nb.cells) if "lazylearn-setup" in c.metadata.get("tags", [])]
        assert len(setup) == 1, page
        first_code = next(i for i, c in enumerate(source.cells) if c.cell_type == "code")
        assert setup == [first_code], page
        rest = [c for i, c in enumerate(nb.cells) if i != setup[0]]
        assert [(c.cell_type, c.source) for c in rest] == [(c.cell_type, c.source) for c in source.cells], page
        assert f"lazylearn @ git+{REPO_URL}@0123abc" in nb.cells[setup[0]].source
    readme = (exported["out"] / "README.md").read_text(encoding="utf-8")
    assert "scripts/export_notebooks.py" in readme and "0123abc" in readme


def test_setup_cell_installs_lazylearn_only_where_it_is_missing(exported, monkeypatch):
    """Run the exported setup cell with and without lazylearn importable; record pip calls."""
    import importlib.util

    import nbformat

    nb = nbformat.read(exported["out"] / f"{CHAPTERS[0]}.ipynb", as_version=4)
    code = next(c.source for c in nb.cells if "lazylearn-setup" in c.metadata.get("tags", []))
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append((cmd, kw)))
    exec(compile(code, "setup-cell", "exec"), {})
    assert calls == [], "lazylearn is installed here: the setup cell must not run pip"

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "lazylearn" else real(name, *a))
    exec(compile(code, "setup-cell", "exec"), {})
    assert calls == [([sys.executable, "-m", "pip", "install", "--quiet",
                       f"lazylearn @ git+{REPO_URL}@0123abc"], {"check": True})], calls

    # where myst-nb (the pages' `glue`) is missing too, one pip call installs both
    calls.clear()
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in ("lazylearn", "myst_nb") else real(name, *a))
    exec(compile(code, "setup-cell", "exec"), {})
    assert calls == [([sys.executable, "-m", "pip", "install", "--quiet",
                       f"lazylearn @ git+{REPO_URL}@0123abc", "myst-nb"], {"check": True})], calls


def test_binder_environment_installs_the_package_and_opens_pages_as_notebooks(tmp_path):
    import tomllib

    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet

    binder = ROOT / "binder"
    lines = [ln.split("#")[0].strip() for ln in (binder / "requirements.txt").read_text().splitlines()]
    lines = [ln for ln in lines if ln]
    # repo2docker runs `pip install -r binder/requirements.txt` in the repository root
    assert "-e ." in lines, "the course package is installed from the repository"
    names = {Requirement(ln).name.lower() for ln in lines if not ln.startswith("-")}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for dep in project["dependencies"]:
        assert Requirement(dep).name.lower() in names, dep
    assert {"scikit-learn", "jupytext"} <= names
    assert not names & {"torch", "pytest", "jupyter-book", "nbgrader", "playwright", "hypothesis"}, names
    # every package a chapter imports is in the image (lazylearn through `-e .`)
    imported = set()
    for chapter in CHAPTERS:
        for block in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", (ROOT / f"{chapter}.md").read_text(), re.S):
            imported |= set(re.findall(r"^\s*(?:from|import)\s+(\w+)", block, re.M))
    dist = {"sklearn": "scikit-learn", "myst_nb": "myst-nb"}
    missing = {m for m in imported - set(sys.stdlib_module_names) - {"lazylearn"} if dist.get(m, m) not in names}
    assert "numpy" in imported and not missing, missing
    # the Python version satisfies the package's requires-python
    runtime = (binder / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
    assert runtime.removeprefix("python-") + ".0" in SpecifierSet(project["requires-python"])
    # postBuild makes jupytext's notebook view JupyterLab's default for Markdown
    post_build = binder / "postBuild"
    assert post_build.stat().st_mode & 0o111, "binder/postBuild must be executable"
    subprocess.run([str(post_build)], env={"PATH": "/usr/bin:/bin", "NB_PYTHON_PREFIX": str(tmp_path)},
                   cwd=ROOT, check=True, timeout=30)
    settings = json.loads((tmp_path / "share/jupyter/lab/settings/overrides.json").read_text())
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook" and viewers["myst"] == "Jupytext Notebook"


def test_pages_workflow_publishes_the_notebooks_branch():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    job = workflow["jobs"]["notebooks"]
    branch = _config()["sphinx"]["config"]["lazybook_notebooks_branch"]
    assert job["permissions"] == {"contents": "write"}
    assert "refs/heads/main" in job["if"] and "pull_request" in job["if"]
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "python scripts/export_notebooks.py" in runs and '--ref "$GITHUB_SHA"' in runs
    assert f"git push --force origin refs/heads/{branch}:refs/heads/{branch}" in runs
    assert workflow["permissions"] == {"contents": "read"}, "write access only for that job"


# ----------------------------------------------------------------------------------- PDF
def test_chapter_prints_to_pdf_with_math_and_figures(html, tmp_path):
    for tool in ("pdfinfo", "pdftotext", "pdfimages", "pdffonts"):
        assert shutil.which(tool), f"{tool} missing: install poppler-utils (scripts/system-deps.sh)"
    chapter = CHAPTERS[0]
    pdf = tmp_path / "chapter.pdf"
    with bookkit.serve(html) as (base, _), bookkit.launch_chromium() as browser:
        page = browser.new_page()
        bookkit.print_pdf(page, base + f"{chapter}.html", pdf)
        typeset = page.evaluate("() => document.querySelectorAll('mjx-container').length")
        title = page.evaluate("() => document.querySelector('h1').textContent")
    assert typeset > 0, "MathJax had not typeset before printing"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages > 1, info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = [w for w in re.findall(r"[A-Za-z]{4,}", title.replace("#", ""))][:3]
    assert words and all(w in text for w in words), (title, text[:500])
    assert RAW_TEX.search(text) is None, "raw TeX printed in the PDF"
    # Chromium embeds MathJax's CHTML web fonts (woff) as Type 3 fonts; a page printed without
    # MathJax has none (the text fonts are embedded as TrueType).
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Type 3" in fonts, f"no MathJax font embedded: math was not rendered\n{fonts}"
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) > 2, f"no embedded image (figure) in the PDF\n{images}"
