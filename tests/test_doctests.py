"""Every ``Examples:`` block in lazylearn's docstrings runs and prints what it shows."""
import doctest
import importlib
import pkgutil

import pytest

import lazylearn

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(lazylearn.__path__, prefix="lazylearn.")
    if not m.name.startswith(("lazylearn.cli", "lazylearn.grading.runner", "lazylearn.__main__"))
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                             verbose=False, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples in {name} failed"


def test_the_package_has_examples():
    attempted = 0
    for name in MODULES:
        finder = doctest.DocTestFinder()
        attempted += sum(len(t.examples) for t in finder.find(importlib.import_module(name)))
    assert attempted > 50, f"only {attempted} docstring examples in lazylearn"


def test_readme_example_runs_and_prints_what_the_readme_says(capsys):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("## The package", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)
    promised = re.search(r"prints `(.*?)`", section).group(1)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == promised
