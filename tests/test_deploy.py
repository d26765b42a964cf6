"""The Dockerfile and docker-compose.yml match the app (checked offline; no Docker engine here): services,
real `phasegate` commands, known settings, health checks, a non-root image that installs every data file."""

from __future__ import annotations

import fnmatch
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from phasegate.cli import LAZY_COMMANDS, app
from phasegate.config import Settings
from phasegate.connectors.chatwoot import ChatwootSettings
from phasegate.connectors.zendesk import ZendeskSettings

ROOT = Path(__file__).resolve().parents[1]
#: Variables that are not phasegate settings but are read by what the image runs.
OTHER_VARIABLES = {"FORWARDED_ALLOW_IPS"}  # uvicorn's trusted proxies


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) per Dockerfile instruction, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    logical = re.sub(r"\\\n\s*", " ", text)
    lines = [line.strip() for line in logical.splitlines() if line.strip() and not line.startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def _setting_names() -> set[str]:
    names = {f"PHASEGATE_{field.upper()}" for field in Settings.model_fields}
    names |= {f"PHASEGATE_ZENDESK_{field.upper()}" for field in ZendeskSettings.model_fields}
    names |= {f"PHASEGATE_CHATWOOT_{field.upper()}" for field in ChatwootSettings.model_fields}
    return names


def _help(args: list[str]) -> str:
    result = CliRunner().invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def test_compose_has_postgres_web_and_worker(compose: dict[str, Any]) -> None:
    """The three services exist; web and worker run the image built here and wait for a healthy database."""
    services = compose["services"]
    assert {"postgres", "web", "worker"} <= set(services)
    assert services["postgres"]["image"].startswith("postgres:")
    for name in ("web", "worker"):
        assert services[name]["build"] == "."
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    # The web container migrates on start; the worker starts once it answers its health check.
    assert services["worker"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_service_commands_are_real_phasegate_commands(compose: dict[str, Any]) -> None:
    """`phasegate serve` and `phasegate worker` (and the worker's health check) exist with those options."""
    known = {name for name, _, _ in LAZY_COMMANDS}
    for name, expected in (("web", "serve"), ("worker", "worker")):
        command = compose["services"][name]["command"]
        assert command[0] == "phasegate" and command[1] == expected and expected in known
        _help(command[1:])
    check = compose["services"]["worker"]["healthcheck"]["test"]
    assert check[:3] == ["CMD", "phasegate", "worker"]
    options = _help(check[2:3])
    assert all(option in options for option in check[3:] if option.startswith("--"))


def test_environment_names_are_settings_the_app_reads(compose: dict[str, Any]) -> None:
    """Every variable set for web and worker is a phasegate setting (a typo would be silently ignored)."""
    known = _setting_names() | OTHER_VARIABLES
    for name in ("web", "worker"):
        env = compose["services"][name]["environment"]
        unknown = sorted(set(env) - known)
        assert not unknown, f"{name}: not read by phasegate: {unknown}"
        assert "PHASEGATE_SECRET_KEY" in env and "PHASEGATE_COOKIE_SECURE" in env


def test_database_url_points_at_the_postgres_service(compose: dict[str, Any]) -> None:
    """The URL names the postgres service, its database and user, with the psycopg driver."""
    env = compose["services"]["web"]["environment"]
    db = compose["services"]["postgres"]["environment"]
    url = env["PHASEGATE_DATABASE_URL"]
    assert url.startswith("postgresql+psycopg://")
    assert f"@postgres:5432/{db['POSTGRES_DB']}" in url and f"//{db['POSTGRES_USER']}:" in url
    Settings(database_url=url.replace("${POSTGRES_PASSWORD:-phasegate}", "pw"))  # the validator accepts it


def test_web_health_check_calls_the_health_route(compose: dict[str, Any]) -> None:
    """The web check requests /healthz on the port the service publishes."""
    web = compose["services"]["web"]
    check = " ".join(web["healthcheck"]["test"])
    assert "/healthz" in check
    published = web["ports"][0].split(":")[-1]
    assert f":{published}/healthz" in check
    from phasegate.web.pages import router

    assert "/healthz" in {getattr(route, "path", "") for route in router.routes}


def test_dockerfile_installs_the_package_and_runs_as_a_user(dockerfile: list[tuple[str, str]]) -> None:
    """pip installs the package (not editable), the process runs as a non-root user, `serve` by default."""
    runs = " ".join(args for op, args in dockerfile if op == "RUN")
    assert re.search(r"pip install \.(\s|$)", runs) and "-e " not in runs
    users = [args for op, args in dockerfile if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert "useradd" in runs and users[-1] in runs
    cmd = [args for op, args in dockerfile if op == "CMD"][-1]
    assert shlex.split(cmd.strip("[]").replace(",", " ")) == ["phasegate", "serve"]
    env = " ".join(args for op, args in dockerfile if op == "ENV")
    port = re.search(r"PHASEGATE_PORT=(\d+)", env)
    assert port and ("EXPOSE", port.group(1)) in dockerfile
    health = [args for op, args in dockerfile if op == "HEALTHCHECK"][-1]
    assert "/healthz" in health and "PHASEGATE_PORT" in health


def test_package_data_ships_every_non_python_file() -> None:
    """`pip install .` in the image ships every template, asset, migration and model the app reads."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["phasegate"]
    package = ROOT / "src" / "phasegate"
    missing = []
    for path in package.rglob("*"):
        if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(package).as_posix()
        # setuptools' "**/" also matches the package's own folder.
        if not any(
            fnmatch.fnmatch(relative, p) or (p.startswith("**/") and fnmatch.fnmatch(relative, p[3:]))
            for p in patterns
        ):
            missing.append(relative)
    assert not missing, f"not in [tool.setuptools.package-data]: {missing}"
