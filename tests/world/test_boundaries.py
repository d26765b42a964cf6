"""The world is a consumer of the product, never a part of it; its text lives in data files, not code."""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Callable
from pathlib import Path

import phasegate

SRC = Path(phasegate.__file__).parent
WORLD = SRC / "world"
#: Build-time scripts (`python -m ...`) that train the shipped router on the demo world; nothing imports them.
BUILD_SCRIPTS = {SRC / "bundled" / "build.py", SRC / "bundled" / "build_encoder.py"}
TABLE_LINES = 50
#: World modules still over a limit below, each with the reason; an entry must go once its file is under.
TABLES_PENDING: dict[str, str] = {}
PROSE_PENDING = {
    "replies.py": "answers are code branches, a sentence each with the case's facts; partly retired next",
}


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
    """Share of the literal values (dict keys aside: a name -> number table is no text) that are text."""
    keys = {id(k) for d in ast.walk(node) if isinstance(d, ast.Dict) for k in d.keys if k is not None}
    leaves = [n for n in ast.walk(node) if isinstance(n, (ast.Constant, ast.JoinedStr)) and id(n) not in keys]
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
    """The measure flags a 60-line tuple of strings and passes a 60-line tuple (or name map) of numbers."""
    strings = "T = (\n" + "".join(f'    "line {i}",\n' for i in range(60)) + ")\n"
    numbers = "N = (\n" + "".join(f"    {i},\n" for i in range(60)) + ")\n"
    rates = "R = {\n" + "".join(f'    "k{i}": {i / 10},\n' for i in range(60)) + "}\n"
    assert _text_tables(ast.parse(strings)) == [(1, 62)]
    assert _text_tables(ast.parse(numbers)) == [] and _text_tables(ast.parse(rates)) == []


def _module_table_lines(tree: ast.Module) -> int:
    """Lines of all module-level assignments of a text display: many short tables add up to one long one."""
    total = 0
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, (ast.Tuple, ast.List, ast.Dict, ast.Set)) and _strings_share(value) > 0.5:
            total += (value.end_lineno or value.lineno) - value.lineno + 1
    return total


def _prose_lines(tree: ast.Module) -> int:
    """Lines inside multi-line string literals (f-strings included) that are code, not docstrings."""
    docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    inner = {id(c) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for c in ast.walk(n) if c is not n}
    lines: set[int] = set()
    for n in ast.walk(tree):
        text = isinstance(n, ast.JoinedStr) or (isinstance(n, ast.Constant) and isinstance(n.value, str))
        if text and id(n) not in docs and id(n) not in inner and (n.end_lineno or n.lineno) > n.lineno:
            lines.update(range(n.lineno, (n.end_lineno or n.lineno) + 1))
    return len(lines)


def _over(measure: Callable[[ast.Module], int], pending: dict[str, str]) -> tuple[list[str], list[str]]:
    over, stale = [], []
    for p in sorted(WORLD.rglob("*.py")):
        name = str(p.relative_to(WORLD))
        lines = measure(ast.parse(p.read_text(encoding="utf-8")))
        if lines > TABLE_LINES and name not in pending:
            over.append(f"{name}: {lines} lines")
        elif lines <= TABLE_LINES and name in pending:
            stale.append(f"{name} is down to {lines} lines: remove it from the pending list")
    return over, stale


def test_world_modules_hold_no_text_tables_that_add_up() -> None:
    """No world module's text tables add up to over 50 lines (people, catalog, noise, signals moved out)."""
    assert _over(_module_table_lines, TABLES_PENDING) == ([], [])


def test_world_modules_hold_no_long_prose() -> None:
    """No world module holds over 50 lines of multi-line strings: the help-center articles are data files."""
    assert _over(_prose_lines, PROSE_PENDING) == ([], [])


def test_prose_and_table_measures_catch_what_they_should() -> None:
    """Article-like f-strings count, docstrings do not; five 12-line string tables add up, numbers do not."""
    article = 'def a(f):\n    """Doc\n    string."""\n    return f"""# T\n{f.x}\n' + "line\n" * 60 + '"""\n'
    assert _prose_lines(ast.parse(article)) == 63  # from the opening line to the closing quotes
    assert _prose_lines(ast.parse('"""Module\n\ndocstring."""\nX = "one line"\n')) == 0
    tables = "".join(f"T{t} = (\n" + '    "x",\n' * 10 + ")\n" for t in range(5))
    assert _module_table_lines(ast.parse(tables)) == 60
    assert _module_table_lines(ast.parse("N = (\n" + "    1,\n" * 60 + ")\n")) == 0


def test_world_data_files_ship_in_the_wheel() -> None:
    """Every file under world/data matches a package-data pattern of pyproject.toml, so installs have it."""
    pyproject = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["phasegate"]
    shipped = {p for pattern in patterns for p in SRC.glob(pattern)}
    data = {p for p in (WORLD / "data").rglob("*") if p.is_file()}
    assert sorted(str(p.relative_to(SRC)) for p in data - shipped) == []
    assert len(list((WORLD / "data" / "helpcenter").glob("*.md"))) >= 40
