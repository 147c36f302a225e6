"""``jupyter-book`` with a faster start: ``python tools/jb.py build . -W -n --keep-going``.

Every Jupyter Book 1 command imports ``jsonschema`` (to check ``_config.yml``) before it reads
anything. ``jsonschema`` then imports the optional package ``rfc3987_syntax`` if it is installed
(``jupyter-events``, which nbgrader's Jupyter server needs, installs it), and that import compiles
38 grammars: about 2 s of a rebuild that otherwise takes 4-5 s. Its only use is the ``iri`` and
``iri-reference`` string formats, which neither Jupyter Book's configuration schema nor the
notebook schema uses, so this launcher marks the module as absent (``jsonschema`` handles the
``ImportError`` itself) and then runs Jupyter Book's own command line unchanged.
"""
import sys

sys.modules.setdefault("rfc3987_syntax", None)  # `import rfc3987_syntax` now raises ImportError

from jupyter_book.cli.main import main  # noqa: E402  (must come after the line above)

if __name__ == "__main__":
    sys.exit(main())
