"""`phasegate kill-switch on | off` without SQLAlchemy: the switch is thrown in an emergency, so the command
writes its two rows (the switch and the audit event, with the actor) straight through the database driver,
the standard library's sqlite3 or psycopg, in one transaction.

Only the plain, common case takes this path: `on`/`off` with `--reason`, optional `--category` and
`--actor`, on a workspace whose schema is current. Anything else (`--help`, a missing or blank reason, an
unknown option, a workspace that does not exist yet or needs migrating, a URL this module does not speak)
returns None and the full command runs instead, with its own checks and messages. What is written is what
`rollout.service.set_kill_switch` writes; servers and workers read the table within a second
(`KillSwitchWatch`, the caches' data version), so the flip takes effect there as with the full command.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from phasegate.db.heads import shipped_head

GLOBAL = "*"
_OPTIONS = {"--reason": "reason", "--category": "category", "--actor": "actor"}


def parse(args: Sequence[str]) -> tuple[bool, dict[str, str]] | None:
    """(on, options) of `on|off --reason R [--category C] [--actor A]`; None for anything else."""
    if not args or args[0] not in ("on", "off"):
        return None
    values: dict[str, str] = {}
    rest = list(args[1:])
    while rest:
        flag = rest.pop(0)
        if "=" in flag and flag.startswith("--"):
            flag, value = flag.split("=", 1)
        elif rest and flag in _OPTIONS:
            value = rest.pop(0)
        else:
            return None
        if flag not in _OPTIONS or _OPTIONS[flag] in values:
            return None
        values[_OPTIONS[flag]] = value
    if not values.get("reason", "").strip():
        return None  # the full command says why a reason is needed
    return args[0] == "on", values


def _dotenv(path: Path) -> dict[str, str]:
    """`KEY=VALUE` lines of a .env file (what pydantic-settings reads beside the environment)."""
    if not path.is_file():
        return {}
    from dotenv import dotenv_values  # python-dotenv, which pydantic-settings uses for the same file

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def settings(environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> dict[str, str]:
    """PHASEGATE_* settings (lower-cased names without the prefix) from .env, then the environment."""
    found: dict[str, str] = {}
    env = dict(os.environ if environ is None else environ)
    for source in (_dotenv((cwd or Path.cwd()) / ".env"), env):
        for key, value in source.items():
            if key.upper().startswith("PHASEGATE_"):
                found[key[len("PHASEGATE_") :].lower()] = value
    return found


def database(config: Mapping[str, str]) -> tuple[str, str] | None:
    """("sqlite", path) or ("postgresql", libpq URL) of the workspace's database; None when unsupported."""
    url = config.get("database_url") or ""
    if not url:
        home = Path(config.get("home") or "phasegate-data")
        return "sqlite", str((home / "phasegate.db").resolve())
    if url.startswith("sqlite:///") and "?" not in url:
        path = unquote(url[len("sqlite:///") :])
        return ("sqlite", path) if path and path != ":memory:" else None
    for prefix in ("postgresql+psycopg://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql", "postgresql://" + url[len(prefix) :]
    return None


def actor(given: str | None) -> str:
    """Who is acting: `--actor`, else the login name (as the full command decides it)."""
    if given:
        return given
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "cli")


def _flip(conn: Any, mark: str, at: object, *, scope: str, on: bool, who: str, reason: str) -> list[str]:
    """Upsert the switch, add the audit event, return the scopes still on (one transaction, caller's)."""
    cur = conn.cursor()
    cur.execute(
        f'INSERT INTO kill_switches (scope, "on", updated_at, actor, reason) VALUES ({mark}, {mark}, {mark}, '
        f'{mark}, {mark}) ON CONFLICT (scope) DO UPDATE SET "on" = excluded."on", '
        "updated_at = excluded.updated_at, actor = excluded.actor, reason = excluded.reason",
        (scope, on, at, who, reason),
    )
    cur.execute(
        f'INSERT INTO kill_switch_events (scope, "on", at, actor, reason) VALUES ({mark}, {mark}, {mark}, '
        f"{mark}, {mark})",
        (scope, on, at, who, reason),
    )
    cur.execute('SELECT scope FROM kill_switches WHERE "on" = ' + mark, (True,))
    return sorted(str(r[0]) for r in cur.fetchall())


def _current(conn: Any) -> bool:
    """Whether the schema is at the shipped head (else the full command migrates it first)."""
    head = shipped_head()
    try:
        cur = conn.cursor()
        cur.execute("SELECT version_num FROM alembic_version")
        rows = cur.fetchall()
    except Exception:  # no alembic_version table: a database that was never migrated
        return False
    return head is not None and [r[0] for r in rows] == [head]


def _sqlite(path: str, config: Mapping[str, str], **flip: Any) -> list[str] | None:
    if not Path(path).is_file():
        return None  # a new workspace: the full command creates it
    timeout = float(config.get("sqlite_busy_timeout") or 15.0)
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        if not _current(conn):
            return None
        conn.execute("BEGIN IMMEDIATE")  # the write lock up front, so the busy timeout applies
        try:
            # SQLAlchemy's SQLite DateTime text: naive UTC, always with microseconds (sorts as text).
            at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
            still = _flip(conn, "?", at, **flip)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return still
    finally:
        conn.close()


def _postgresql(url: str, **flip: Any) -> list[str] | None:
    import psycopg

    with psycopg.connect(url, connect_timeout=10) as conn:
        if not _current(conn):
            conn.rollback()
            return None
        conn.rollback()  # the check's transaction ends; the flip has its own
        with conn.transaction():
            return _flip(conn, "%s", datetime.now(UTC).replace(tzinfo=None), **flip)


def run(args: Sequence[str]) -> int | None:
    """Run `kill-switch ARGS` on the fast path: the exit status, or None to run the full command."""
    parsed = parse(args)
    if parsed is None:
        return None
    on, values = parsed
    config = settings()
    target = database(config)
    if target is None:
        return None
    scope = values.get("category") or GLOBAL
    flip = {"scope": scope, "on": on, "who": actor(values.get("actor")), "reason": values["reason"]}
    kind, where = target
    still = _sqlite(where, config, **flip) if kind == "sqlite" else _postgresql(where, **flip)
    if still is None:
        return None
    shown = values.get("category") or "all categories"
    lines = [f"kill switch {'ON' if on else 'off'} for {shown}"]
    if not on and still:
        lines.append(f"still on for {'all categories' if GLOBAL in still else ', '.join(still)}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
