"""The brief and the knowledge base over HTTP: JSON endpoints and the HTML fragment (SQLite workspace)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from phasegate.auth import service as users
from phasegate.config import Settings
from phasegate.web.app import create_app
from tests.assist.conftest import seed


class Client:
    """A synchronous face on httpx's ASGI transport (starlette's TestClient is deprecated with httpx)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.cookies = httpx.Cookies()

    def get(self, path: str, params: dict[str, Any] | None = None) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://test", cookies=self.cookies
            ) as client:
                return await client.get(path, params=params)

        return asyncio.run(go())

    def sign_in(self, username: str, password: str) -> None:
        """Sign in through /login (the console requires it for every page and API) and keep the cookie."""

        async def go() -> None:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                form = (await client.get("/login")).text
                token = re.search(r'name="csrf_token" value="([^"]+)"', form)
                assert token
                data = {"username": username, "password": password, "csrf_token": token.group(1)}
                assert (await client.post("/login", data=data)).status_code == 303
                self.cookies = client.cookies

        asyncio.run(go())


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Client:
    """An app on a seeded workspace."""
    home: Path = tmp_path_factory.mktemp("ws")
    app = create_app(Settings(home=home))
    with app.state.workspace.sessions() as session:
        seed(session, home)
        users.create(session, username="agent", password="agent-password", role="agent")
        session.commit()
    client = Client(app)
    client.sign_in("agent", "agent-password")
    return client


def test_brief_json(client: Client) -> None:
    """GET /api/tickets/{id}/brief returns the brief with its flags and paths."""
    response = client.get("/api/tickets/T-31/brief")
    assert response.status_code == 200
    data = response.json()
    window = next(f for f in data["flags"] if f["code"] == "return_window")
    assert window["value"]["open"] is False and window["source"]["article"]["id"] == "returns"
    assert data["paths"] and data["summary"]["wants"]


def test_brief_of_an_unknown_ticket_is_404(client: Client) -> None:
    """A missing ticket is a 404 naming it."""
    response = client.get("/api/tickets/NOPE/brief")
    assert response.status_code == 404 and "NOPE" in response.json()["detail"]


def test_brief_fragment_renders_flags_and_paths(client: Client) -> None:
    """The HTML partial shows every flag row and the suggested paths."""
    response = client.get("/tickets/T-29/brief")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert 'data-flag="return_window"' in html and 'data-flag="final_sale"' in html
    assert "Suggested resolution paths" in html and "Clearance Logo Tee" in html


def test_kb_search(client: Client) -> None:
    """GET /api/kb/search returns passages with article, heading and score, and catalog facts."""
    data = client.get("/api/kb/search", params={"q": "can the enamel mug go in the dishwasher"}).json()
    assert data["passages"][0]["article_id"] == "product-care" and data["passages"][0]["heading"]
    assert data["facts"][0]["product_id"] == "P-MUG"
    assert client.get("/api/kb/search", params={"q": ""}).status_code == 422


def test_kb_gaps(client: Client) -> None:
    """GET /api/kb/gaps reports the scan and its clusters without recording anything."""
    data = client.get("/api/kb/gaps").json()
    assert data["scanned"] == 6 and 0 <= data["hit_rate"] <= 1 and isinstance(data["clusters"], list)
