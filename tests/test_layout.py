"""The test suite's own house rule: test modules share code through helpers.py and conftest.py,
never by importing each other (a test module's import runs its module-level set-up twice and
ties unrelated tests together)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_test_module_imports_another() -> None:
    found = []
    for path in sorted(TESTS.rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            found += [f"{path.relative_to(TESTS)}: {n}" for n in names if n.startswith("test_")]
    assert found == []


def test_every_test_module_has_its_own_name() -> None:
    """pytest imports test modules by their file name: two of one name cannot both be collected."""
    names = [path.name for path in TESTS.rglob("test_*.py")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
