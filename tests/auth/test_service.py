"""Users: argon2 hashes, refused inputs, authentication, the per-workspace secret and the demo lead."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from phasegate.auth import service
from phasegate.auth.service import AuthError
from phasegate.cli import app
from phasegate.config import Settings, get_settings
from phasegate.workspace import open_workspace


def test_passwords_are_argon2_hashed_and_verified() -> None:
    """The stored hash is argon2id, never the password, and only the right password verifies."""
    h = service.hash_password("correct horse")
    assert h.startswith("$argon2id$") and "correct horse" not in h
    assert service.verify_password(h, "correct horse")
    assert not service.verify_password(h, "wrong horse")
    assert not service.verify_password("not-a-hash", "correct horse")


def test_create_refuses_bad_role_short_password_odd_and_taken_names(db: Session) -> None:
    """Each refusal names its reason; a valid user is created once."""
    with pytest.raises(AuthError, match="role"):
        service.create(db, username="ana", password="longenough", role="boss")
    with pytest.raises(AuthError, match="at least 8"):
        service.create(db, username="ana", password="short", role="agent")
    with pytest.raises(AuthError, match="username"):
        service.create(db, username="a b", password="longenough", role="agent")
    service.create(db, username="ana", password="longenough", role="agent")
    with pytest.raises(AuthError, match="exists"):
        service.create(db, username="ana", password="longenough", role="lead")


def test_authenticate_accepts_only_active_users_with_the_right_password(db: Session) -> None:
    """Right password: the user; wrong password, unknown name or deactivated user: None."""
    user = service.create(db, username="lee", password="s3cret-pass", role="lead")
    assert service.authenticate(db, username="lee", password="s3cret-pass") is user
    assert service.authenticate(db, username="lee", password="nope-nope") is None
    assert service.authenticate(db, username="nobody", password="s3cret-pass") is None
    user.active = False
    assert service.authenticate(db, username="lee", password="s3cret-pass") is None


def test_only_lead_and_admin_manage_the_rollout() -> None:
    """Agents may not change phases, policy or the kill switch."""
    assert [r for r in service.ROLES if service.can_manage_rollout(r)] == ["lead", "admin"]


def test_secret_key_is_generated_once_per_workspace_and_private(tmp_path: Path) -> None:
    """Without a configured key, one is written to the workspace (mode 600) and reused."""
    settings = Settings(home=tmp_path)
    key = service.secret_key(settings)
    assert len(key) > 40 and service.secret_key(settings) == key
    assert stat.S_IMODE((tmp_path / ".secret_key").stat().st_mode) == 0o600
    assert service.secret_key(Settings(home=tmp_path, secret_key="configured")) == "configured"


def test_demo_user_is_a_lead_whose_credentials_stay_stable(tmp_path: Path) -> None:
    """ensure_demo_user creates a lead, returns the same password next time, and repairs a changed one."""
    ws = open_workspace(Settings(home=tmp_path))
    name, password = service.ensure_demo_user(ws)
    assert service.ensure_demo_user(ws) == (name, password)
    with ws.sessions() as session:
        user = service.authenticate(session, username=name, password=password)
        assert user is not None and user.role == "lead"
        service.set_password(session, user=user, password="changed-by-someone")
        session.commit()
    name2, password2 = service.ensure_demo_user(ws)
    assert name2 == name and password2 != password
    with ws.sessions() as session:
        assert service.authenticate(session, username=name, password=password2) is not None
    assert stat.S_IMODE((tmp_path / "demo-credentials").stat().st_mode) == 0o600


def test_cli_user_add_with_option_and_prompt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`phasegate user add` takes --password or asks twice, hidden; a bad role exits non-zero."""
    monkeypatch.setenv("PHASEGATE_HOME", str(tmp_path))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        ok = runner.invoke(app, ["user", "add", "lee", "--role", "lead", "--password", "long-password"])
        assert ok.exit_code == 0 and "lee added as lead" in ok.output
        prompted = runner.invoke(app, ["user", "add", "ana"], input="another-pass\nanother-pass\n")
        assert prompted.exit_code == 0, prompted.output
        assert runner.invoke(
            app, ["user", "add", "x1", "--role", "boss", "--password", "long-password"]
        ).exit_code
        dup = runner.invoke(app, ["user", "add", "lee", "--password", "long-password"])
        assert dup.exit_code == 1 and "exists" in dup.output
        listing = runner.invoke(app, ["user", "list"])
        assert "lee" in listing.output and "agent" in listing.output
        with open_workspace(Settings(home=tmp_path)).sessions() as session:
            user = service.authenticate(session, username="ana", password="another-pass")
            assert user is not None and user.role == "agent"
    finally:
        get_settings.cache_clear()


def test_demo_note_names_working_credentials(tmp_path: Path) -> None:
    """The demo's post-build line carries a username and password that sign in."""
    ws = open_workspace(Settings(home=tmp_path))
    note = service.demo_user_note(ws, None)
    username, password = note.split(": ", 1)[1].split("  ")[0].split(" / ")
    with ws.sessions() as session:
        assert service.authenticate(session, username=username, password=password) is not None
