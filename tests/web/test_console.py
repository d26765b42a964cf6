"""The console over HTTP on a live server: sign-in, roles, CSRF, dashboard numbers, inbox, replies, phases."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest
from sqlalchemy import select

from phasegate.drafts.models import Draft
from phasegate.metrics import report
from phasegate.metrics.models import Resolution
from phasegate.tickets.models import Ticket
from tests.web.conftest import Live, client_for, csrf_from, run_cli, sign_in
from tests.web.world import AGENT, LEAD


def anonymous(live: Live) -> httpx.Client:
    """A client with no session."""
    return client_for(live)


def test_everything_but_login_and_health_needs_sign_in(live: Live) -> None:
    """Pages redirect to /login with `next`, the API answers 401; /login, /healthz and assets are open."""
    c = anonymous(live)
    for path in ("/dashboard", "/inbox", "/tickets/T-ESC", "/phases", "/kb/gaps", "/docs"):
        r = c.get(path)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path
    assert c.get("/api/tickets").status_code == 401
    assert c.get("/inbox", headers={"HX-Request": "true"}).headers["HX-Redirect"].startswith("/login")
    assert c.get("/login").status_code == 200
    assert c.get("/healthz").json()["status"] == "ok"
    assert c.get("/static/htmx.min.js").status_code == 200


def test_sign_in_refuses_wrong_password_and_missing_csrf(live: Live) -> None:
    """A wrong password re-shows the form with 400; a post without the form's token is refused 403."""
    c = anonymous(live)
    token = csrf_from(c.get("/login").text)
    bad = c.post("/login", data={"username": LEAD[0], "password": "wrong-password", "csrf_token": token})
    assert bad.status_code == 400 and "Wrong username or password" in bad.text
    forged = c.post("/login", data={"username": LEAD[0], "password": LEAD[1]})
    assert forged.status_code == 403
    assert c.get("/dashboard").status_code == 303


def test_next_only_goes_to_local_paths(live: Live) -> None:
    """After sign-in `next` is followed on this site only (no open redirect)."""
    for target, expected in (("/inbox?status=all", "/inbox?status=all"), ("//evil.example/", "/dashboard")):
        c = anonymous(live)
        token = csrf_from(c.get("/login").text)
        r = c.post(
            "/login", data={"username": AGENT[0], "password": AGENT[1], "csrf_token": token, "next": target}
        )
        assert r.headers["location"] == expected


def test_unsafe_requests_need_the_session_token(live: Live) -> None:
    """A signed-in POST without the CSRF token is refused; with the header or form field it passes."""
    c = sign_in(live, *AGENT)
    assert c.post("/logout").status_code == 403
    token = csrf_from(c.get("/dashboard").text)
    assert c.post("/logout", headers={"X-CSRF-Token": token}).status_code == 303
    assert c.get("/dashboard").status_code == 303  # signed out


def test_tampered_cookie_is_not_a_session(live: Live) -> None:
    """A session cookie with a broken signature signs nobody in."""
    c = sign_in(live, *AGENT)
    cookie = c.cookies["phasegate_session"]
    c.cookies.set("phasegate_session", cookie[:-4] + ("AAAA" if not cookie.endswith("AAAA") else "BBBB"))
    assert c.get("/dashboard").status_code == 303


def test_dashboard_tiles_match_report_json(live: Live) -> None:
    """The tiles' numbers are the report's, formatted; the alarms of the trend world are shown."""
    c = sign_in(live, *LEAD)
    html = c.get("/dashboard").text
    with live.workspace.sessions() as session:
        doc = report.as_json(report.build_for(session, live.settings))

    def cell(tile: str, segment: str) -> str:
        m = re.search(rf'data-testid="{tile}-{segment}".*?<td class="value">([^<]*)</td>', html, re.S)
        assert m, (tile, segment)
        return m.group(1)

    for seg in ("ai", "ai_escalated", "ai_assisted", "human", "baseline"):
        value = doc["cost_per_resolved"][seg]["value"]
        assert cell("cost", seg) == ("–" if value is None else f"${value:,.2f}")
        mean = doc["csat"][seg]["mean"]
        assert cell("csat", seg) == ("–" if mean is None else f"{mean:.2f}")
    assert cell("escalation", "ai") == f"{doc['escalation_rate']['ai']['value'] * 100:.1f}%"
    assert 'data-alarm="cost_down_csat_down"' in html and 'data-alarm="ai_csat_below"' in html
    assert html.count('<svg class="chart"') == 4 and "http" not in re.sub(r'xmlns="[^"]+"', "", _svgs(html))


def _svgs(html: str) -> str:
    return "".join(re.findall(r"<svg.*?</svg>", html, re.S))


def test_report_cli_and_dashboard_agree(live: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    """`phasegate report --json` on the served workspace gives the numbers the dashboard shows."""
    doc = json.loads(run_cli(live, ["report", "--json"], monkeypatch))
    html = sign_in(live, *LEAD).get("/dashboard").text
    ai_cost = doc["cost_per_resolved"]["ai"]["value"]
    assert f"${ai_cost:,.2f}" in html


def test_agent_cannot_reach_phases_and_sees_no_link(live: Live) -> None:
    """Agents get 403 on /phases and no nav link; a lead has the link."""
    agent = sign_in(live, *AGENT)
    assert agent.get("/phases").status_code == 403
    assert 'href="/phases"' not in agent.get("/dashboard").text
    assert 'href="/phases"' in sign_in(live, *LEAD).get("/dashboard").text


def test_inbox_puts_open_escalations_first_and_filters_with_htmx(live: Live) -> None:
    """Open escalations lead the inbox, longest waiting first; an HTMX filter request returns rows only."""
    c = sign_in(live, *AGENT)
    page = c.get("/inbox").text
    ids = re.findall(r'data-ticket="([^"]+)"', page)
    escalations = [i for i in ("T-BROWSER", "T-ESC") if i in ids]  # T-BROWSER (older) may be resolved by now
    assert ids[: len(escalations)] == escalations and "T-ESC" in ids and {"T-DRAFT", "T-PLAIN"} <= set(ids)
    assert "frustration" in page and "route-human" in page
    part = c.get("/inbox", params={"route": "draft"}, headers={"HX-Request": "true"}).text
    assert "<html" not in part and re.findall(r'data-ticket="([^"]+)"', part) == ["T-DRAFT"]
    esc = c.get("/inbox", params={"escalated": "true", "status": "all"}, headers={"HX-Request": "true"}).text
    escalated = set(re.findall(r'data-ticket="([^"]+)"', esc))
    assert {"T-ESC", "T-BROWSER"} <= escalated and not escalated & {"T-DRAFT", "T-PLAIN"}


def test_inbox_search_and_saved_views(live: Live) -> None:
    """Search finds a ticket by customer name, email, order id and message text; views differ per role."""
    c = sign_in(live, *AGENT)

    def found(**params: str) -> list[str]:
        page = c.get("/inbox", params={"status": "all", **params}, headers={"HX-Request": "true"}).text
        return re.findall(r'data-ticket="([^"]+)"', page)

    assert found(q="vera ip") == ["T-ESC"]
    assert found(q="vera@example.com") == ["T-ESC"]
    assert found(q="A-10045") == ["T-ESC"]
    assert found(q="third time") == ["T-ESC"]
    agent_page = c.get("/inbox").text
    assert "My drafts to review" in view_ids(agent_page) and "Resolved by the AI" not in view_ids(agent_page)
    assert "<kbd>j</kbd>" in agent_page
    drafts_view = view_ids(agent_page)["My drafts to review"]
    drafts = re.findall(r'data-ticket="([^"]+)"', c.get("/inbox", params={"view": drafts_view}).text)
    assert drafts == ["T-DRAFT"]
    lead = sign_in(live, *LEAD).get("/inbox", params={"view": drafts_view}).text
    assert "Resolved by the AI" in view_ids(lead) and "My drafts to review" not in view_ids(lead)
    # An agent's view is not a lead's: the lead gets the default filters.
    assert re.search(r'class="current" aria-current="page">All open<', lead)


def view_ids(page: str) -> dict[str, str]:
    """The saved views listed on an inbox page, name to id."""
    return {html.unescape(name): vid for vid, name in re.findall(r'data-view="(\d+)"[^>]*>([^<]+)</a>', page)}


def test_saving_a_view_from_the_inbox_then_deleting_it(live: Live) -> None:
    """An agent saves the current filters and search under a name (HTMX post, redirected to the view), finds
    it listed for them alone, and deletes it; a bad name comes back as a message, not an error page."""
    c = sign_in(live, *AGENT)
    token = csrf_from(c.get("/inbox").text)
    form = {"csrf_token": token, "name": "Vera's escalations", "status": "all", "escalated": "true"}
    form["q"] = "vera"
    r = c.post("/inbox/views", data=form, headers={"HX-Request": "true"})
    assert r.status_code == 204 and r.headers["HX-Redirect"].startswith("/inbox?view=")
    page = c.get(r.headers["HX-Redirect"]).text
    assert "Saved “Vera’s escalations” as your view." in html.unescape(page).replace("'", "’")
    assert re.findall(r'data-ticket="([^"]+)"', page) == ["T-ESC"]
    vid = view_ids(page)["Vera's escalations"]
    assert re.search(rf'data-view="{vid}"[^>]*class="current"', page)
    assert 'value="vera"' in page
    assert "Vera's escalations" not in view_ids(sign_in(live, *LEAD).get("/inbox").text)
    bad = c.post("/inbox/views", data={**form, "name": " "})
    assert bad.status_code == 303 and "q=vera" in bad.headers["location"]
    assert "Give the view a name." in c.get(bad.headers["location"]).text
    assert c.post(f"/inbox/views/{vid}/delete", data={"csrf_token": token}).status_code == 303
    assert "Vera's escalations" not in view_ids(c.get("/inbox").text)
    no_token = {k: v for k, v in form.items() if k != "csrf_token"}
    assert c.post("/inbox/views", data=no_token).status_code == 403


def test_a_lead_edits_the_default_views_of_a_role(live: Live) -> None:
    """A lead saves a view for every agent, which agents see and cannot delete; the lead removes it again."""
    lead = sign_in(live, *LEAD)
    page = lead.get("/inbox").text
    assert 'data-testid="role-views"' in page and '<option value="agent">every agent</option>' in page
    token = csrf_from(page)
    form = {"csrf_token": token, "name": "Draft queue", "route": "draft", "for_role": "agent"}
    assert lead.post("/inbox/views", data=form).status_code == 303
    agent = sign_in(live, *AGENT)
    agent_page = agent.get("/inbox").text
    vid = view_ids(agent_page)["Draft queue"]
    assert 'data-testid="role-views"' not in agent_page and 'name="for_role"' not in agent_page
    refused = agent.post(f"/inbox/views/{vid}/delete", data={"csrf_token": csrf_from(agent_page)})
    assert "Only a lead or an admin" in agent.get(refused.headers["location"]).text
    assert lead.post(f"/inbox/views/{vid}/delete", data={"csrf_token": token}).status_code == 303
    assert "Draft queue" not in view_ids(agent.get("/inbox").text)


def test_reply_stores_message_resolves_and_measures_the_draft(live: Live) -> None:
    """Sending from the ticket page stores an agent message, resolves, records handle time and draft edits."""
    c = sign_in(live, *AGENT)
    page = c.get("/tickets/T-DRAFT").text
    assert "Hi Sam, I have updated" in page  # the phase-2 draft prefills the reply
    opened = re.search(r'name="opened" value="([^"]+)"', page)
    assert opened
    r = c.post(
        "/tickets/T-DRAFT/reply",
        data={
            "csrf_token": csrf_from(page),
            "opened": opened.group(1),
            "text": "Hi Sam, I have updated the shipping address of A-20001 to 12 Elm St. Thanks!",
        },
    )
    assert r.status_code == 303
    assert "Reply stored" in c.get(r.headers["location"]).text
    with live.workspace.sessions() as s:
        t = s.get(Ticket, "T-DRAFT")
        assert t is not None and t.status == "resolved" and t.handled_by == "ai_assisted"
        assert t.handle_seconds is not None and 0 <= t.handle_seconds < 60
        assert t.messages[-1].role == "agent" and t.messages[-1].author == AGENT[0]
        draft = s.scalars(select(Draft).where(Draft.ticket_id == "T-DRAFT")).one()
        assert draft.sent_text is not None and draft.edit_ratio is not None and 0 < draft.edit_ratio < 0.2
        assert draft.accepted is True
        assert s.scalars(select(Resolution).where(Resolution.ticket_id == "T-DRAFT")).one().agent == AGENT[0]
    again = c.post("/tickets/T-DRAFT/reply", data={"csrf_token": csrf_from(page), "text": "more"})
    assert again.status_code == 409


def test_unknown_ticket_is_a_404_page(live: Live) -> None:
    """A missing ticket renders a not-found page, not a stack trace."""
    r = sign_in(live, *AGENT).get("/tickets/NOPE")
    assert r.status_code == 404 and "No ticket NOPE" in r.text


def test_lead_promotes_only_with_evidence_or_a_written_override(live: Live) -> None:
    """The rollout refuses an unearned promotion; an override with a reason moves it and is logged."""
    c = sign_in(live, *LEAD)
    page = c.get("/phases").text
    assert 'data-category="address_update"' in page and "eval_items" in page
    token = csrf_from(page)
    refused = c.post("/phases/promote", data={"csrf_token": token, "category": "address_update"})
    assert refused.status_code == 303
    assert "Refused" in c.get("/phases").text
    c.post(
        "/phases/promote",
        data={"csrf_token": token, "category": "address_update", "override": "true", "reason": "pilot week"},
    )
    after = c.get("/phases").text
    assert "address_update moved to phase 3" in after and "pilot week" in after
    c.post("/phases/demote", data={"csrf_token": token, "category": "address_update", "reason": "undo pilot"})
    assert "address_update moved to phase 2" in c.get("/phases").text


def test_kill_switch_needs_confirmation_and_a_lead(live: Live) -> None:
    """Without the confirmation box nothing changes; agents are refused; a lead's flip is audited."""
    from phasegate.rollout import service as rollout

    lead = sign_in(live, *LEAD)
    token = csrf_from(lead.get("/phases").text)
    form = {"csrf_token": token, "scope": "product_question", "on": "true", "reason": "bad answers"}
    lead.post("/phases/kill-switch", data=form)
    assert "Tick the confirmation" in lead.get("/phases").text
    agent = sign_in(live, *AGENT)
    agent_form = {**form, "csrf_token": csrf_from(agent.get("/dashboard").text), "confirm": "true"}
    assert agent.post("/phases/kill-switch", data=agent_form).status_code == 403
    with live.workspace.sessions() as s:
        assert "product_question" not in rollout.kill_state(s).categories
    lead.post("/phases/kill-switch", data={**form, "confirm": "true"})
    with live.workspace.sessions() as s:
        assert "product_question" in rollout.kill_state(s).categories
    lead.post("/phases/kill-switch", data={**form, "on": "false", "reason": "fixed"})
    with live.workspace.sessions() as s:
        assert not rollout.kill_state(s).any_on
        assert [e.on for e in rollout.kill_switch_events(s)][:2] == [False, True]


def test_broken_policy_is_refused_and_the_running_one_kept(live: Live) -> None:
    """A malformed policy names the field; the version in force does not change."""
    c = sign_in(live, *LEAD)
    token = csrf_from(c.get("/phases").text)
    c.post("/phases/policy", data={"csrf_token": token, "text": "thresholds: {confidence: 7}", "reason": "x"})
    page = c.get("/phases").text
    assert "Refused" in page and "confidence" in page


def test_kb_gaps_page_explains_a_missing_help_center(live: Live) -> None:
    """With no articles ingested the page says how to add them instead of failing."""
    r = sign_in(live, *AGENT).get("/kb/gaps")
    assert r.status_code == 200 and "phasegate kb ingest" in r.text


def test_phases_page_shows_each_scheduled_jobs_last_run(live: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    """After `phasegate scheduler run --once`, /phases lists the demotion check and the KB-gap refresh with
    their last run and outcome."""
    out = run_cli(live, ["scheduler", "run", "--once"], monkeypatch)
    assert "demotion-check: ok:" in out and "kb-gap-refresh: ok: no help-center articles" in out
    page = sign_in(live, *LEAD).get("/phases").text
    row = re.search(r'<tr data-job="demotion-check">(.*?)</tr>', page, re.S)
    assert row is not None and "phase-3 categories checked" in row.group(1) and "never" not in row.group(1)
    assert 'data-job="kb-gap-refresh"' in page
    status = json.loads(run_cli(live, ["scheduler", "status", "--json"], monkeypatch))
    assert {j["name"]: j["runs"] for j in status}.items() >= {("demotion-check", 1), ("kb-gap-refresh", 1)}


def test_policy_editor_applies_the_safety_floors(live: Live) -> None:
    """The console refuses a policy below the floors (nothing replaced) unless a risk is accepted."""
    c = sign_in(live, *LEAD)
    page = c.get("/phases").text
    before = re.findall(r"Policy history \((\d+) versions\)", page)
    in_force = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert in_force is not None
    token = csrf_from(page)
    c.post("/phases/policy", data={"csrf_token": token, "text": "never_autonomous: []", "reason": "x"})
    page = c.get("/phases").text
    assert "Refused" in page and "safety floors" in page and "never_autonomous" in page
    assert re.findall(r"Policy history \((\d+) versions\)", page) == before
    c.post(
        "/phases/policy",
        data={
            "csrf_token": csrf_from(page),
            "text": "never_autonomous: []",
            "reason": "x",
            "accept_risk": "pilot on a sandbox store",
        },
    )
    page = c.get("/phases").text
    assert "is in force" in page and "risk accepted" in page and "pilot on a sandbox store" in page
    # The live server is shared by the session: put the policy that was in force back.
    restore = {"csrf_token": csrf_from(page), "text": html.unescape(in_force.group(1)) or "{}", "reason": "x"}
    posted = c.post("/phases/policy", data=restore)
    assert posted.status_code == 303, posted.text[:300]
    after = c.get("/phases").text
    assert "is in force" in after, re.findall(r"data-testid=\"flash\">([^<]*)", after)
