"""What the rollout commands share: who is acting, reading a policy file, failing with a clear message."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import NoReturn

import typer

from phasegate.cli_support import err_console
from phasegate.policy import Policy, PolicyError, parse_policy


def actor(given: str | None = None) -> str:
    """Who is acting: `--actor`, else the login name."""
    if given:
        return given
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, as in some containers
        return os.environ.get("USER", "cli")


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error on stderr and exit."""
    err_console.print(f"[red]error[/red]: {message}", highlight=False)
    raise typer.Exit(code=code)


def read_policy(path: Path) -> tuple[str, Policy]:
    """A policy file's text and its validated policy; exits 2 naming the field when it is not valid."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"{path}: {exc.strerror}", code=2)
    try:
        return text, parse_policy(text)
    except PolicyError as exc:
        fail(f"{path}: invalid policy: {exc}", code=2)
