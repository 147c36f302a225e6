"""The package's modules depend on each other one way: each imports only from lower layers.

``_validation`` -> ``nn`` (and ``nn.functional``) -> ``losses`` -> ``optim`` -> ``train``;
``grading`` and ``cli`` on top, and nothing below them imports them.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "lazylearn"

LAYERS = [
    {"_validation", "_guard"},
    {"nn", "init", "data", "metrics", "regularization", "testing"},
    {"losses"},
    {"optim"},
    {"train", "plot"},
    {"experiments"},
    {"grading"},
    {"course", "cli"},
    {"__main__", "__init__"},
]
LAYER = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _imports(path: Path, package: str) -> set[str]:
    """The top-level lazylearn modules a file imports (absolute or relative)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                names = [".".join(base + ([node.module] if node.module else []))]
                if not node.module:  # from . import x
                    names = [".".join(base + [alias.name]) for alias in node.names]
            else:
                names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {name.split(".")[1] for name in names if name.startswith("lazylearn.")}
    return found


def _top(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def test_every_module_has_a_layer():
    tops = {_top(path) for path in PACKAGE.rglob("*.py")}
    assert tops <= set(LAYER), f"modules without a layer in LAYERS: {sorted(tops - set(LAYER))}"


def test_modules_import_only_from_lower_layers():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        top = _top(path)
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for imported in _imports(path, package) - {top}:
            if LAYER.get(imported, len(LAYERS)) >= LAYER[top] and top != "__init__":
                wrong.append(f"{path.relative_to(PACKAGE.parent)} imports lazylearn.{imported}")
    assert not wrong, "imports against the layering:\n" + "\n".join(wrong)


def test_the_check_finds_an_upward_import(tmp_path):
    """The check can fail: nn importing train is reported."""
    fake = tmp_path / "lazylearn" / "nn"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("from lazylearn.train import fit\nfrom ..losses import MSELoss\n")
    assert _imports(fake / "bad.py", "lazylearn.nn") == {"train", "losses"}
    assert all(LAYER[name] >= LAYER["nn"] for name in {"train", "losses"})
