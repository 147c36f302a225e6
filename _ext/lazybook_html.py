"""Sphinx extension for the book's HTML: local MathJax, text progress bars, a clean console.

Loaded by ``_config.yml`` (``sphinx: local_extensions``). It fixes, at their source in the
build, four things a reader's browser would otherwise show on a stock Jupyter Book 1.0.4 page:

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

``Got invalid theme mode``
    pydata-sphinx-theme's head script sets ``data-mode`` to ``localStorage.mode`` or to the
    ``default_mode`` template variable, which is empty unless configured; on a first visit the
    theme's JavaScript then rejects the empty mode with a console error. ``_config.yml`` sets
    ``html_context: {default_mode: auto}``.

Progress bars as text
    ``tqdm.auto`` in a Jupyter kernel draws an ipywidgets progress bar. A static page cannot
    show a widget without loading the widget manager from a CDN, and the output's
    ``text/plain`` form is the bar as it was when first displayed (``0%``). The notebook's saved
    widget state holds the bar's final values, so ``_widgets_to_text`` replaces each tqdm
    widget with the text bar tqdm prints in a terminal (``epochs: 100%|##########| 50/50 ...``).
    Any other widget is reported as a warning (an error under ``-W``).
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

__all__ = ["setup", "mathjax_source", "tqdm_widget_text"]

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
    state = _page_widget_state(app, docname)
    for node in views:
        raw = node.astext()
        payload = raw[raw.index(">") + 1 : raw.rindex("</script>")].replace("<\\/", "</")
        model_id = json.loads(payload).get("model_id", "")
        text = tqdm_widget_text(model_id, state)
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


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _copy_mathjax)
    app.connect("doctree-resolved", _widgets_to_text)
    # after myst-nb (500), which adds the page's widget state script
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
