"""Reads sit behind services: routes never query, and outside `service.py` modules (plus the schema's own
modules) only the listed, not yet moved modules build or run SQL. Adding a query elsewhere fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import phasegate

SRC = Path(phasegate.__file__).parent
#: Query builders from sqlalchemy that make a statement.
BUILDERS = {"select", "update", "delete", "insert", "text", "union", "union_all", "exists"}
#: Session and connection methods that run one.
RUNNERS = {"execute", "scalars", "scalar", "query"}

#: Modules that still query outside a service, each for a stated reason; shrink it, never grow it.
NOT_YET_MOVED = {
    # Left to the work that owns them this wave (sign-in sessions and throttling, the conversation engine,
    # the demo world); the intake responder reads conversations, whose service belongs to that engine.
    "auth/sessions.py",
    "conversations/commerce.py",
    "conversations/outbox.py",
    "conversations/verification.py",
    "intake/responders.py",
    "world/persist.py",
    "world/stats.py",
}


#: Modules that talk to the database through the DB-API driver on purpose, not SQLAlchemy: `kill-switch on`
#: writes its row through sqlite3/psycopg so it returns in well under a second (no SQLAlchemy import).
RAW_DRIVER = {"rollout/kill_fast.py"}


def _module(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def _exempt(name: str) -> bool:
    """The schema's own modules and the services."""
    return (
        name.startswith("db/")
        or name.endswith(("/service.py", "/models.py"))
        or name == "service.py"
        or name in RAW_DRIVER
    )


def queries(path: Path) -> list[str]:
    """Where `path` builds or runs a query: `line: call` for each sqlalchemy builder imported and called,
    each `.execute/.scalars/.scalar/.query(...)`, and each `x.get(Model, key)`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    builders: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            builders |= {a.asname or a.name for a in node.names if a.name in BUILDERS}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name) and f.id in builders:
            found.append(f"{node.lineno}: {f.id}(")
        elif isinstance(f, ast.Attribute) and f.attr in RUNNERS:
            found.append(f"{node.lineno}: .{f.attr}(")
        elif (
            isinstance(f, ast.Attribute)
            and f.attr == "get"
            and len(node.args) == 2
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id[:1].isupper()
        ):
            found.append(f"{node.lineno}: .get({node.args[0].id}, …)")
    return found


def offenders() -> dict[str, list[str]]:
    """Every non-exempt module that queries, with where."""
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        name = _module(path)
        if not _exempt(name) and (where := queries(path)):
            out[name] = where
    return out


def test_routes_never_query() -> None:
    """No console or API route module builds or runs a query: they call services."""
    found = offenders()
    routes = {
        name: where
        for name, where in found.items()
        if (name.startswith("web/routes/") or name.endswith("/routes.py") or name == "web/routes.py")
        and name not in NOT_YET_MOVED
    }
    assert routes == {}


def test_only_the_listed_modules_query_outside_services() -> None:
    """Outside services and the schema, only `NOT_YET_MOVED` queries; a module cleaned up leaves the list."""
    found = offenders()
    new = {name: where for name, where in found.items() if name not in NOT_YET_MOVED}
    assert new == {}, "query through a service.py function instead"
    cleaned = sorted(NOT_YET_MOVED - set(found))
    assert cleaned == [], "these no longer query: remove them from NOT_YET_MOVED"


def test_the_detector_sees_each_kind_of_query(tmp_path: Path) -> None:
    """Builders, runners and `session.get(Model, key)` are caught; `request.session.get("uid")` is not."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from sqlalchemy import select as sel\n"
        "def f(db, request, Ticket):\n"
        "    q = sel(Ticket)\n"
        "    db.scalars(q)\n"
        "    db.get(Ticket, 'T-1')\n"
        "    request.session.get('uid')\n"
        "    return request.session.get('uid', None)\n"
    )
    assert queries(sample) == ["3: sel(", "4: .scalars(", "5: .get(Ticket, …)"]
