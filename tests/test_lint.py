"""The whole tree is clean under ruff (pyflakes, import order, bugbear), with the rules in pyproject.toml."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean_on_the_whole_tree():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_does_find_a_planted_mistake(tmp_path):
    """The check can fail: an unused import and a mutable default are reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n\n\ndef f(x=[]):\n    return x\n")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--config",
                             str(ROOT / "pyproject.toml"), str(bad)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "F401" in result.stdout and "B006" in result.stdout
