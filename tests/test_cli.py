"""The root `phasegate` command: every sub-command still exists, and lazy loading changes no help text."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer._click.formatting import HelpFormatter
from typer.testing import CliRunner

from phasegate.cli import LAZY_COMMANDS, LazyGroup, app, load_command

EXPECTED = [
    "triage",
    "report",
    "brief",
    "serve",
    "demo",
    "import",
    "tickets",
    "router",
    "policy",
    "phase",
    "kill-switch",
    "eval",
    "user",
    "world",
    "kb",
    "review",
    "converse",
    "scheduler",
    "integration",
    "worker",
]
HELP_ENV = {"COLUMNS": "100", "TERM": "dumb"}


def _root() -> LazyGroup:
    root = typer.main.get_command(app)
    assert isinstance(root, LazyGroup)
    return root


def test_every_command_is_listed_in_order() -> None:
    """The root group lists the same commands as before lazy loading, in the same order."""
    assert _root().list_commands(typer.Context(_root())) == EXPECTED


def test_each_lazy_entry_shows_its_commands_own_help() -> None:
    """The one-line help in LAZY_COMMANDS is the help its real command declares."""
    for name, target, help_text in LAZY_COMMANDS:
        if not target:
            continue
        real = load_command(name, target)
        assert real.name == name
        assert (real.short_help or real.help or "").split("\n\n")[0].strip() == help_text, name


def _rendered_help(root: LazyGroup, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    root.format_help(typer.Context(root, info_name="root"), HelpFormatter())
    return capsys.readouterr().out


def test_root_help_is_the_same_lazy_or_loaded(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`phasegate --help` renders the same before and after every command is really loaded."""
    for key, value in HELP_ENV.items():
        monkeypatch.setenv(key, value)
    root = _root()
    lazy = _rendered_help(root, capsys)
    for name in EXPECTED:
        assert root.load(name) is not None
        assert type(root.commands[name]).__name__ != "_Placeholder", name
    assert _rendered_help(root, capsys) == lazy
    assert "kill-switch" in lazy


def test_sub_command_help_resolves_the_real_command() -> None:
    """`phasegate policy --help` lists the policy sub-commands, so resolution loads the real group."""
    result = CliRunner().invoke(app, ["policy", "--help"], env=HELP_ENV)
    assert result.exit_code == 0
    for sub in ("show", "validate", "apply"):
        assert sub in result.output


def test_unknown_command_is_still_an_error() -> None:
    """An unknown command fails with click's usage error, not an import error."""
    result = CliRunner().invoke(app, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_version_imports_no_heavy_module() -> None:
    """`phasegate --version` imports neither the database layer, scipy, sklearn nor argon2."""
    probe = (
        "import sys\nfrom phasegate.cli import main\nsys.argv = ['phasegate', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlalchemy', 'scipy', 'sklearn', 'argon2', 'numpy') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_an_eagerly_registered_command_is_kept() -> None:
    """A command added with `@app.command()` and not in LAZY_COMMANDS is still listed and runs."""
    extra = typer.Typer(cls=LazyGroup)

    @extra.command("ping")
    def ping() -> None:
        """Answer pong."""
        typer.echo("pong")

    @extra.command("serve")
    def serve() -> None:
        """Stand-in for the eager serve command the table names."""

    @extra.command("demo")
    def demo() -> None:
        """Stand-in for the eager demo command the table names."""

    result = CliRunner().invoke(extra, ["ping"])
    assert result.exit_code == 0 and result.output.strip() == "pong"
