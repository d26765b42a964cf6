"""The world is a consumer of the product, never a part of it; its text lives in data files, not code."""

from __future__ import annotations

import ast
from pathlib import Path

import phasegate

SRC = Path(phasegate.__file__).parent
WORLD = SRC / "world"
#: Build-time scripts (`python -m ...`) that train the shipped router on the demo world; nothing imports them.
BUILD_SCRIPTS = {SRC / "bundled" / "build.py", SRC / "bundled" / "build_encoder.py"}
TABLE_LINES = 50


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return out


def _product_modules() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py")) if WORLD not in p.parents]


def _is_world(name: str) -> bool:
    return name == "phasegate.world" or name.startswith("phasegate.world.")


def test_product_never_imports_the_world() -> None:
    """No module outside world/ imports phasegate.world (cli.py names it only as a lazy command string)."""
    offenders = [
        f"{p.relative_to(SRC)}:{line} imports {name}"
        for p in _product_modules()
        if p not in BUILD_SCRIPTS
        for line, name in _imports(ast.parse(p.read_text(encoding="utf-8")))
        if _is_world(name)
    ]
    assert offenders == []


def test_build_scripts_are_not_imported_by_the_product() -> None:
    """The build scripts allowed to read the world are entry points: no product module imports them."""
    scripts = {"phasegate.bundled.build", "phasegate.bundled.build_encoder"}
    offenders = [
        f"{p.relative_to(SRC)}:{line} imports {name}"
        for p in _product_modules()
        if p not in BUILD_SCRIPTS
        for line, name in _imports(ast.parse(p.read_text(encoding="utf-8")))
        if name in scripts or any(name.startswith(f"{s}.") for s in scripts)
    ]
    assert offenders == []


def _strings_share(node: ast.expr) -> float:
    leaves = [n for n in ast.walk(node) if isinstance(n, (ast.Constant, ast.JoinedStr))]
    strings = [n for n in leaves if isinstance(n, ast.JoinedStr) or isinstance(n.value, str)]
    return len(strings) / len(leaves) if leaves else 0.0


def _text_tables(tree: ast.AST) -> list[tuple[int, int]]:
    """(line, span) of every tuple/list/dict/set display over TABLE_LINES lines made mostly of strings."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Dict, ast.Set)) and node.end_lineno is not None:
            span = node.end_lineno - node.lineno + 1
            if span > TABLE_LINES and _strings_share(node) > 0.5:
                found.append((node.lineno, span))
    return found


def test_world_code_holds_no_text_table() -> None:
    """No .py file under world/ holds a literal string table over 50 lines: those live in world/data/."""
    offenders = [
        f"{p.relative_to(SRC)}:{line} spans {span} lines"
        for p in sorted(WORLD.rglob("*.py"))
        for line, span in _text_tables(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_text_table_measure_catches_a_table() -> None:
    """The measure flags a 60-line tuple of strings and passes a 60-line tuple of numbers."""
    strings = "T = (\n" + "".join(f'    "line {i}",\n' for i in range(60)) + ")\n"
    numbers = "N = (\n" + "".join(f"    {i},\n" for i in range(60)) + ")\n"
    assert _text_tables(ast.parse(strings)) == [(1, 62)]
    assert _text_tables(ast.parse(numbers)) == []
