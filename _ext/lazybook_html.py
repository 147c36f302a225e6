"""Sphinx extension for the book: local MathJax, text progress bars, a clean browser console.

Loaded by ``_config.yml`` (``sphinx: local_extensions``). It fixes, at their source in the
build, what a reader's browser would otherwise show on a stock Jupyter Book 1.0.4 page, and
keeps the execution cache honest:

MathJax without the network
    MathJax 3's ``es5`` bundle, installed with the ``django-static-mathjax`` package, is copied
    into ``<outdir>/mathjax/`` and ``mathjax_path`` (in ``_config.yml``) points there. It is not
    put under ``_static/``, whose ``.js`` files Jupyter Book 1 adds as script tags to every page.

``Identifier 'THEBE_JS_URL' has already been declared``
    sphinx-thebe registers its configuration as an inline script with
    ``app.add_js_file(None, body=...)`` after the builder is initialised. Sphinx 7.4 stores it in
    the builder as ``_JavaScript(None, ...)`` and in the registry, and when writing starts it
    re-adds the registry's scripts as ``_JavaScript('', ...)``, which does not compare equal to
    the first: every page gets the ``const THEBE_JS_URL = ...`` script twice, and the second
    one throws. (sphinx-togglebutton's ``var togglebuttonSelector`` is doubled the same way,
    silently.) ``_dedupe_scripts`` drops a script that repeats an earlier one with the same
    source, body and attributes.

``GET /favicon.ico 404``
    Pages link ``_static/favicon.svg``; the redirect ``index.html`` has no icon link, so
    ``_write_favicon_ico`` also writes ``<outdir>/favicon.ico``.

``Got invalid theme mode``
    pydata-sphinx-theme's head script sets ``data-mode`` to ``localStorage.mode`` or to the
    ``default_mode`` template variable, which is empty unless configured; on a first visit the
    theme's JavaScript then rejects the empty mode with a console error. ``_config.yml`` sets
    ``html_context: {default_mode: auto}``.

Outputs that match the package
    jupyter-cache keys a page on its code cells only, so after a change to ``lazylearn`` a cached
    page would still show the old package's outputs. ``_cache_per_package_version`` puts the
    cache in ``_build/.jupyter_cache/lazylearn-<hash of the package's sources>``: a change to the
    package re-executes every page (they all import it); an edit to one page re-executes only
    that page.

Launch buttons that open a notebook
    sphinx-book-theme points every launch button at the page's source in the repository, here
    a MyST ``.md``. Colab opens only ``.ipynb`` files from GitHub, and a JupyterHub opens a
    ``.md`` as text unless jupytext is installed there. The Pages workflow publishes each
    notebook page as ``.ipynb`` (``scripts/export_notebooks.py``) on the branch named by
    ``lazybook_notebooks_branch`` (``_config.yml``), and ``_launch_notebooks`` points the Colab
    and JupyterHub buttons there (the hub clones that branch into its own folder,
    ``<repo>-<branch>``, so it never collides with a clone of ``main``). Binder keeps the theme's
    link to the ``.md`` on ``main``: its image is built from ``binder/`` on that branch, which
    installs ``lazylearn`` from the repository and jupytext, and ``binder/postBuild`` makes
    "Jupytext Notebook" JupyterLab's default viewer for Markdown, so the page opens as a
    runnable notebook next to the package's source and the exercises.

Progress bars as text
    ``tqdm.auto`` in a Jupyter kernel draws an ipywidgets progress bar. A static page cannot
    show a widget without loading the widget manager from a CDN, and the output's
    ``text/plain`` form is the bar as it was when first displayed (``0%``). The notebook's saved
    widget state holds the bar's final values, so ``_widgets_to_text`` replaces each tqdm
    widget with the text bar tqdm prints in a terminal (``fit: 100%|███...| 50/50 [...]``).
    Any other widget is reported as a warning (an error under ``-W``).

One id per element
    sphinx-exercise gives the body of every exercise the id ``exercise-content`` and of every
    solution ``solution-content``, so a page with several self-check questions repeats both ids.
    ``_unique_exercise_ids`` numbers them (``solution-content-1``, ...) in each page's doctree.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

__all__ = ["setup", "mathjax_source", "package_digest", "tqdm_widget_text", "notebook_launch_urls"]

logger = logging.getLogger(__name__)

#: What MathJax's tex-mml-chtml component loads at run time besides itself.
_MATHJAX_PARTS = ("tex-mml-chtml.js", "a11y", "adaptors", "input", "output", "sre", "ui")
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_BAR_WIDTH = 10


# --------------------------------------------------------------------------- MathJax
def mathjax_source() -> Path:
    """Return the directory of MathJax 3's ``es5`` bundle installed with django-static-mathjax."""
    import importlib.util

    spec = importlib.util.find_spec("mathjax")
    for location in (spec.submodule_search_locations or []) if spec else []:
        es5 = Path(location) / "static" / "mathjax" / "es5"
        if (es5 / "tex-mml-chtml.js").is_file():
            return es5
    raise ExtensionError(
        "MathJax not found: install the course dependencies (pip install -e '.[course]'), which "
        "include django-static-mathjax (the 'mathjax' name on PyPI is an empty stub)."
    )


def _copy_mathjax(app: Sphinx) -> None:
    """Copy MathJax into the output before pages are written (so its checksum is in the URL)."""
    if app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / "mathjax"
    stamp = target / ".source"
    if stamp.is_file() and stamp.read_text() == str(source) and (target / _MATHJAX_PARTS[0]).is_file():
        return  # already there: keeps incremental rebuilds fast
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for part in _MATHJAX_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        else:
            shutil.copy2(source / part, target / part)
    stamp.write_text(str(source))


# --------------------------------------------------------------------------- favicon
def _write_favicon_ico(app: Sphinx) -> None:
    """Write ``<outdir>/favicon.ico``, the icon browsers ask for on pages without an icon link.

    Pages link ``_static/favicon.svg`` (``html: favicon``), but the redirect ``index.html`` that
    Jupyter Book writes has no ``<link rel="icon">``, so a browser requests ``/favicon.ico``
    and gets a 404. The same picture, drawn at 32 pixels with Pillow (a matplotlib dependency).
    """
    if app.builder.format != "html":
        return
    target = Path(app.outdir) / "favicon.ico"
    if target.is_file():
        return
    from PIL import Image, ImageDraw

    size = 64  # drawn at 2x, saved at 16 and 32 px
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=12, fill="#1f4e79")
    curve = [(10 + 44 * t / 20, 16 + 28 * (1 - (2 * t / 20 - 1) ** 2)) for t in range(21)]
    draw.line(curve, fill="white", width=6, joint="curve")
    draw.ellipse((26, 36, 38, 48), fill="#f2a541")
    Path(app.outdir).mkdir(parents=True, exist_ok=True)
    image.save(target, sizes=[(16, 16), (32, 32)])


# --------------------------------------------------------------------------- execution cache
def package_digest(package: str = "lazylearn") -> str:
    """Return a short hash of the installed ``package``'s Python sources."""
    import hashlib
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ExtensionError(f"the book's pages import {package!r}, which is not installed")
    digest = hashlib.sha256()
    for location in spec.submodule_search_locations:
        for path in sorted(Path(location).rglob("*.py")):
            digest.update(path.relative_to(location).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _cache_per_package_version(app: Sphinx, config: Any) -> None:
    if config.nb_execution_mode != "cache" or config.nb_execution_cache_path:
        return  # an explicit cache path wins
    root = Path(app.outdir).parent / ".jupyter_cache"
    current = root / f"lazylearn-{package_digest()}"
    if root.is_dir():
        for old in root.glob("lazylearn-*"):
            if old != current:
                shutil.rmtree(old, ignore_errors=True)
    config.nb_execution_cache_path = str(current)


# --------------------------------------------------------------------------- scripts
def _dedupe_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Drop repeated scripts (the doubled sphinx-thebe config) and the unused widget state."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen = set()
    kept = []
    for js in scripts:
        attributes = getattr(js, "attributes", {})
        if attributes.get("type") == _WIDGET_STATE:
            continue  # widgets are rendered as text by _widgets_to_text
        key = (getattr(js, "filename", js) or "", json.dumps(attributes, sort_keys=True, default=str))
        if key in seen:
            continue
        seen.add(key)
        kept.append(js)
    scripts[:] = kept


# --------------------------------------------------------------------------- launch buttons
_UI_PREFIXES = {"classic": "tree", "jupyterlab": "lab/tree"}


def notebook_launch_urls(
    repo_url: str, pagename: str, branch: str, launch: dict, path_to_docs: str = ""
) -> dict[str, str]:
    """Return the Colab and JupyterHub URLs of ``pagename``'s ``.ipynb`` on ``branch``.

    ``repo_url`` is the GitHub repository, ``launch`` the theme's ``launch_buttons`` options;
    a service without a URL there gets no entry. See the module docstring.
    """
    from urllib.parse import urlencode

    parts = repo_url.rstrip("/").removesuffix(".git").split("github.com/")
    if len(parts) != 2 or parts[1].count("/") != 1:
        raise ExtensionError(f"launch buttons need a GitHub repository URL, not {repo_url!r}")
    org, repo = parts[1].split("/")
    prefix = path_to_docs.strip("/")
    path = f"{prefix}/{pagename}.ipynb" if prefix else f"{pagename}.ipynb"
    urls = {}
    colab = (launch.get("colab_url") or "").strip("/")
    if colab:
        urls["Colab"] = f"{colab}/github/{org}/{repo}/blob/{branch}/{path}"
    hub = (launch.get("jupyterhub_url") or "").strip("/")
    if hub:
        ui = _UI_PREFIXES.get(launch.get("notebook_interface", "classic"), "tree")
        folder = f"{repo}-{branch}"
        query = urlencode(
            {"repo": f"https://github.com/{org}/{repo}", "branch": branch, "targetpath": folder,
             "urlpath": f"{ui}/{folder}/{path}"},
            safe="/",
        )
        urls["JupyterHub"] = f"{hub}/hub/user-redirect/git-pull?{query}"
    return urls


def _launch_notebooks(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Point the Colab and JupyterHub launch buttons at the page's published ``.ipynb``."""
    branch = app.config.lazybook_notebooks_branch
    groups = [b for b in context.get("header_buttons") or [] if b.get("label") == "launch-buttons"]
    if not branch or not groups:
        return
    options = app.config.html_theme_options
    urls = notebook_launch_urls(
        options.get("repository_url", ""), pagename, branch,
        options.get("launch_buttons", {}), options.get("path_to_docs", ""),
    )
    for group in groups:
        for button in group.get("buttons", []):
            if button.get("text") in urls:
                button["url"] = urls[button["text"]]


# --------------------------------------------------------------------------- widgets
def tqdm_widget_text(model_id: str, state: dict) -> str | None:
    """Return tqdm's terminal text for the notebook progress bar ``model_id``, or None.

    ``state`` maps model ids to ``{"model_name": ..., "state": {...}}`` as saved in a notebook's
    ``metadata.widgets``. tqdm.notebook draws an HBox of an HTML prefix (description and
    percentage), a FloatProgress and an HTML suffix (counts, times, rate).
    """
    box = state.get(model_id)
    if not box or box.get("model_name") != "HBoxModel":
        return None
    children = [state.get(str(c).removeprefix("IPY_MODEL_")) for c in box["state"].get("children", [])]
    names = [c.get("model_name") if c else None for c in children]
    if names != ["HTMLModel", "FloatProgressModel", "HTMLModel"]:
        return None
    left, bar, right = (c["state"] for c in children)

    def text(value: Any) -> str:
        return html.unescape(str(value or "")).replace("\u2007", " ").replace("\u200b", "")

    total = float(bar.get("max") or 0)
    fraction = min(max(float(bar.get("value") or 0) / total, 0.0), 1.0) if total > 0 else 0.0
    filled = int(fraction * _BAR_WIDTH)
    drawn = "\u2588" * filled + " " * (_BAR_WIDTH - filled)
    return f"{text(left.get('value'))}|{drawn}|{text(right.get('value'))}".strip()


def _page_widget_state(app: Sphinx, docname: str) -> dict:
    try:
        from myst_nb.sphinx_ import NbMetadataCollector
    except ImportError:  # pragma: no cover - myst-nb is a Jupyter Book dependency
        return {}
    entry = NbMetadataCollector.get_js_files(app.env, docname).get("ipywidgets_state")
    if not entry:
        return {}
    body = entry[1].get("body") or "{}"
    return json.loads(body).get("state", {})


def _widgets_to_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each widget view in the page's outputs with its text (see the module docstring)."""
    views = [
        node
        for node in doctree.findall(nodes.raw)
        if node.get("format") == "html" and f'<script type="{_WIDGET_VIEW}">' in node.astext()
    ]
    if not views:
        return
    states: dict[str, dict] = {}
    for node in views:
        # the page the output came from (not ``docname`` when singlehtml assembles the book)
        source = app.env.path2doc(node.source) if node.source else None
        page = source or docname
        if page not in states:
            states[page] = _page_widget_state(app, page)
        raw = node.astext()
        payload = raw[raw.index(">") + 1 : raw.rindex("</script>")].replace("<\\/", "</")
        model_id = json.loads(payload).get("model_id", "")
        text = tqdm_widget_text(model_id, states[page])
        if text is None:
            logger.warning(
                "a Jupyter widget output (model %s) cannot be shown in the static book; "
                "print text or draw a figure instead",
                model_id,
                location=node,
            )
            node.parent.remove(node)
            continue
        block = nodes.literal_block(text, text, classes=["output", "text_plain"], language="none")
        node.replace_self(block)


#: The ids sphinx-exercise gives every exercise's and every solution's body.
_EXERCISE_BODY_IDS = ("exercise-content", "solution-content")


def _unique_exercise_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Number the repeated body ids of sphinx-exercise's exercises and solutions in one page."""
    counts = dict.fromkeys(_EXERCISE_BODY_IDS, 0)
    for section in doctree.findall(nodes.section):
        for i, node_id in enumerate(section["ids"]):
            if node_id in counts:
                counts[node_id] += 1
                section["ids"][i] = f"{node_id}-{counts[node_id]}"


def setup(app: Sphinx) -> dict:
    # the branch the Pages workflow publishes the pages' .ipynb to ("" keeps the theme's links)
    app.add_config_value("lazybook_notebooks_branch", "notebooks", "html", types=[str])
    app.connect("config-inited", _cache_per_package_version)
    app.connect("builder-inited", _copy_mathjax)
    app.connect("builder-inited", _write_favicon_ico)
    app.connect("doctree-resolved", _widgets_to_text)
    app.connect("doctree-resolved", _unique_exercise_ids)
    # after myst-nb (500), which adds the page's widget state script
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    # after sphinx-book-theme's add_launch_buttons (501)
    app.connect("html-page-context", _launch_notebooks, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
