"""The console in a real browser (Debian's headless Chromium): sign-in, the dashboard against `phasegate
report`, an agent's reply, the kill switch reaching the next decisions, roles; screenshots for the README."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from phasegate.rollout import service as rollout
from phasegate.rollout.flows.triage import TriageRun
from phasegate.tickets.models import Message, Ticket
from phasegate.tickets.schemas import MessageIn, TicketIn
from phasegate.triage.schemas import Analysis
from tests.web.conftest import SCREENSHOTS, Live, run_cli
from tests.web.world import AGENT, LEAD

pytestmark = pytest.mark.browser


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot for docs/screenshots (shown in the README)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_in(page: Page, live: Live, who: tuple[str, str], path: str = "/dashboard") -> None:
    """Open `path`, get sent to the sign-in form, sign in, land on `path`."""
    page.goto(live.url + path)
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label("Username").fill(who[0])
    page.get_by_label("Password").fill(who[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("whoami")).to_contain_text(who[0])


@pytest.fixture
def report_json(live: Live, monkeypatch: pytest.MonkeyPatch) -> dict:
    """`phasegate report --json` run on the served workspace."""
    return json.loads(run_cli(live, ["report", "--json"], monkeypatch))


def test_sign_in_then_dashboard_tiles_match_report(page: Page, live: Live, report_json: dict) -> None:
    """Sign in; the three tiles show exactly the numbers `phasegate report --json` gives."""
    page.goto(live.url + "/login")
    shot(page, "login")
    sign_in(page, live, LEAD)
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    for tile in ("cost", "csat", "escalation"):
        expect(page.get_by_test_id(f"tile-{tile}")).to_be_visible()
    for seg in ("ai", "ai_escalated", "ai_assisted", "human", "baseline"):
        cost = report_json["cost_per_resolved"][seg]["value"]
        want = "–" if cost is None else f"${cost:,.2f}"
        expect(page.get_by_test_id(f"cost-{seg}").locator("td.value")).to_have_text(want)
        mean = report_json["csat"][seg]["mean"]
        want = "–" if mean is None else f"{mean:.2f}"
        expect(page.get_by_test_id(f"csat-{seg}").locator("td.value")).to_have_text(want)
    rate = report_json["escalation_rate"]["ai"]["value"]
    expect(page.get_by_test_id("escalation-ai").locator("td.value")).to_have_text(f"{rate * 100:.1f}%")
    expect(page.get_by_test_id("alarms")).to_contain_text("AI CSAT materially below")
    expect(page.locator("svg.chart")).to_have_count(4)
    shot(page, "dashboard")


def test_agent_opens_ticket_sees_flags_and_replies(page: Page, live: Live) -> None:
    """An agent finds the escalated ticket in the inbox, sees why it came to a human, and resolves it."""
    sign_in(page, live, AGENT, "/inbox")
    expect(page.locator("tr[data-ticket=T-ESC]")).to_be_visible()
    shot(page, "inbox")
    page.locator("form.filters select[name=route]").select_option("human")
    expect(page.locator("tr[data-ticket=T-PLAIN]")).to_have_count(0)  # filtered by HTMX, no reload
    page.get_by_role("link", name="T-BROWSER").click()
    flags = page.get_by_test_id("flags")
    expect(flags.locator("[data-trigger=never_autonomous]")).to_be_visible()
    expect(flags.locator("[data-flag=vip]")).to_be_visible()
    shot(page, "ticket")
    page.get_by_label("Your reply").fill(
        "Hi Nia, yes: the jacket is within the 30-day window. A label is on its way."
    )
    page.get_by_role("button", name="Send and resolve").click()
    expect(page.get_by_test_id("sent")).to_be_visible()
    expect(page.get_by_test_id("conversation")).to_contain_text("A label is on its way")
    with live.workspace.sessions() as s:
        t = s.get(Ticket, "T-BROWSER")
        assert t is not None and t.status == "resolved" and t.handled_by == "ai_escalated"
        assert t.handle_seconds is not None and t.messages[-1].author == AGENT[0]


def test_lead_kill_switch_shows_in_the_next_decisions(page: Page, live: Live) -> None:
    """A lead turns the kill switch on in the console; the next decision goes to a human, `kill_switch`."""
    sign_in(page, live, LEAD, "/phases")
    form = page.get_by_test_id("kill-switch")
    form.get_by_label("Reason").fill("drafts quoting the wrong policy")
    form.get_by_role("button", name="Turn on").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Tick the confirmation")  # refused, nothing changed
    form.get_by_label("Reason").fill("drafts quoting the wrong policy")
    form.get_by_label("I understand").check()
    form.get_by_role("button", name="Turn on").click()
    expect(page.get_by_test_id("kill-state")).to_contain_text("ON everywhere")
    shot(page, "phases")
    try:
        # The next ticket of a phase-3 category goes through the rollout's live triage run, which reads the
        # switches from the workspace; the analysis is fixed so the test is about routing, not the router.
        with live.workspace.sessions() as s:
            s.add(
                Ticket(
                    id="T-NEXT",
                    category="product_question",
                    subject="Is it waterproof?",
                    messages=[Message(seq=0, role="customer", text="Is the jacket waterproof?")],
                )
            )
            s.commit()
        run = TriageRun(
            analyzer=lambda tickets, _policy: [
                Analysis(category="product_question", confidence=0.97) for _ in tickets
            ],
            sessions=live.workspace.sessions,
            source="intake",
        )
        ask = TicketIn(id="T-NEXT", messages=[MessageIn(role="customer", text="Is the jacket waterproof?")])
        [decision] = run.decide_batch([ask])
        assert decision.route == "human" and "kill_switch" in [t.code for t in decision.triggers]
        assert run.stored == 1
        page.goto(live.url + "/inbox?q=T-NEXT")
        row = page.locator("tr[data-ticket=T-NEXT]")
        expect(row).to_contain_text("kill_switch")
        expect(row.locator(".route-human")).to_be_visible()
    finally:
        with live.workspace.sessions() as s:
            rollout.set_kill_switch(s, on=False, actor=LEAD[0], reason="test over")
            s.commit()


def test_agent_cannot_reach_phases(page: Page, live: Live) -> None:
    """Agents have no Phases link and get a 403 page when they type the address."""
    sign_in(page, live, AGENT)
    expect(page.locator("header nav")).not_to_contain_text("Phases")
    response = page.goto(live.url + "/phases")
    assert response is not None and response.status == 403
    expect(page.get_by_test_id("error-detail")).to_contain_text("Only a lead or an admin")
    page.goto(live.url + "/kb/gaps")
    shot(page, "kb-gaps")


def test_simulator_resolves_a_tracking_lookup_and_hands_off_another(page: Page, live: Live) -> None:
    """In the simulator an agent's customer gets their tracking from the store; a second conversation that
    drifts to harm is handed off, and the agent sees the hand-off packet on the ticket. (The shared world is
    put back afterwards: its dashboard tests read a window that ends at the newest ticket.)"""
    from sqlalchemy import delete, select

    from phasegate.conversations.models import Conversation, Handoff, OutboxMessage, VerificationCode
    from phasegate.rollout.models import CategoryPhase
    from phasegate.store import service as store
    from phasegate.store.schemas import CustomerIn, OrderIn

    with live.workspace.sessions() as s:
        store.upsert_customers(s, [CustomerIn(id="C-SIM", email="sim@example.com", name="Sam Imre")])
        order = {
            "id": "TR-777001",
            "customer_id": "C-SIM",
            "status": "shipped",
            "total": 40,
            "items": [{"name": "Ridgeline Rain Jacket", "price": 40}],
            "shipments": [
                {"carrier": "UPS", "tracking_number": "1Z999AA10123457001", "status": "in_transit"}
            ],
        }
        store.upsert_orders(s, [OrderIn.model_validate(order)])
        phase_row = s.get(CategoryPhase, "order_status")
        before = phase_row.phase if phase_row is not None else None
        if phase_row is None:
            s.add(CategoryPhase(category="order_status", phase=3, since=datetime.now(UTC)))
        else:
            phase_row.phase = 3
        s.commit()
    try:
        sign_in(page, live, AGENT, "/simulator")
        page.get_by_label("Customer id").fill("C-SIM")
        page.get_by_label("Customer message").fill("Hi, where is my order TR-777001?")
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_test_id("sim-status")).to_contain_text("resolved")
        expect(page.get_by_test_id("sim-conversation")).to_contain_text("1Z999AA10123457001")
        expect(page.locator("[data-action=tracking_lookup][data-status=done]")).to_be_visible()

        page.goto(live.url + "/simulator")
        page.get_by_label("Customer id").fill("C-SIM")
        page.get_by_label("Customer message").fill("Where is my order TR-777001?")
        page.get_by_role("button", name="Send").click()
        page.get_by_label("Customer's next message").fill(
            "It came, and the zipper sparked and burned my hand. I had to go to urgent care."
        )
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_test_id("sim-status")).to_contain_text("escalated")
        expect(page.get_by_test_id("sim-conversation")).to_contain_text(
            "passing this conversation to a person"
        )
        page.get_by_test_id("sim-ticket").click()
        packet = page.get_by_test_id("handoff")
        expect(packet).to_contain_text("never_autonomous")
        expect(packet.get_by_test_id("handoff-facts")).to_contain_text("TR-777001")
        expect(packet).to_contain_text("Sam Imre")
        shot(page, "handoff")
    finally:
        with live.workspace.sessions() as s:
            phase_row = s.get(CategoryPhase, "order_status")
            if phase_row is not None and before is None:
                s.delete(phase_row)
            elif phase_row is not None and before is not None:
                phase_row.phase = before
            for ticket in s.scalars(select(Ticket).where(Ticket.id.like("CV-SIM-%"))):
                s.delete(ticket)
            for conv in s.scalars(select(Conversation).where(Conversation.id.like("SIM-%"))):
                s.delete(conv)
            for table in (Handoff, VerificationCode, OutboxMessage):
                s.execute(delete(table).where(table.conversation_id.like("SIM-%")))
            s.commit()


def test_inbox_keyboard_search_and_views(page: Page, live: Live) -> None:
    """j/k move the selection, `/` focuses the search (customer name finds the ticket), j selects the first
    row, Enter opens it; the saved view "Open escalations" narrows to escalations with their age shown."""
    sign_in(page, live, AGENT, "/inbox")
    expect(page.get_by_test_id("keys")).to_contain_text("j/k")
    page.get_by_test_id("views").get_by_role("link", name="Open escalations").click()
    expect(page.locator("tr[data-ticket=T-PLAIN]")).to_have_count(0)
    expect(page.locator("tr[data-ticket=T-ESC] [data-testid=waiting]")).to_be_visible()
    for key in ("j", "j", "k"):  # down, down (or stay on the last row), back up: the first row again
        page.keyboard.press(key)
    expect(page.locator("tr[data-ticket]").first).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("/")
    expect(page.locator("form.filters input[name=q]")).to_be_focused()
    page.keyboard.type("Vera Ip")
    expect(page.locator("tr[data-ticket]")).to_have_count(1)
    expect(page.locator("tr[data-ticket=T-ESC]")).to_be_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    expect(page.locator("tr[data-ticket=T-ESC]")).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tickets/T-ESC$"))


def test_inbox_saves_the_current_search_as_a_view_and_deletes_it(page: Page, live: Live) -> None:
    """An agent searches, saves the filters as they are now under a name, lands on that view (highlighted,
    search kept), and deletes it again."""
    sign_in(page, live, AGENT, "/inbox")
    page.locator("form.filters input[name=q]").press_sequentially("Vera Ip")
    expect(page.locator("tr[data-ticket]")).to_have_count(1)
    page.get_by_test_id("save-view").get_by_placeholder("view name").fill("Vera")
    page.get_by_role("button", name="Save view").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Saved “Vera” as your view.")
    views = page.get_by_test_id("views")
    expect(views.get_by_role("link", name="Vera", exact=True)).to_have_attribute("aria-current", "page")
    expect(page.locator("form.filters input[name=q]")).to_have_value("Vera Ip")
    expect(page.locator("tr[data-ticket=T-ESC]")).to_be_visible()
    expect(page.locator("tr[data-ticket]")).to_have_count(1)
    page.get_by_role("button", name="Delete view Vera").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Deleted “Vera”.")
    expect(views.get_by_role("link", name="Vera", exact=True)).to_have_count(0)


def test_phases_measures_eval_precision_shows_the_policy_and_no_negative_time(page: Page, live: Live) -> None:
    """/phases measures eval precision with the bundled router (as `phase status` does), shows the full policy
    in force, and a category demoted today reads 0 weeks in phase, never negative time."""
    sign_in(page, live, LEAD, "/phases")
    row = page.locator("tr[data-category=address_update]")
    expect(row).to_contain_text("eval_precision")
    expect(row).not_to_contain_text("no router to measure with")
    expect(row).to_contain_text("eval items routed here confidently")
    policy = page.get_by_test_id("policy-text")
    for field in ("allowlist:", "never_autonomous:", "thresholds:", "confidence:"):
        expect(policy).to_have_value(re.compile(re.escape(field)))
    row.locator("form[action='/phases/promote'] input[name=reason]").fill("pilot")
    row.get_by_label("override").check()
    row.get_by_role("button", name="To 3").click()
    expect(page.get_by_test_id("flash")).to_contain_text("address_update moved to phase 3")
    row = page.locator("tr[data-category=address_update]")
    row.locator("form[action='/phases/demote'] input[name=reason]").fill("AI CSAT fell")
    row.get_by_role("button", name="To 2").click()
    expect(page.get_by_test_id("flash")).to_contain_text("address_update moved to phase 2")
    weeks = page.locator("tr[data-category=address_update] ul.criteria li").filter(has_text="weeks_in_phase")
    expect(weeks).to_contain_text("weeks_in_phase: 0.0")
    expect(weeks).to_contain_text("began after the newest ticket")
    assert "−" not in weeks.inner_text() and "-" not in weeks.inner_text().split("(")[0]


def test_kb_hit_rate_is_the_same_on_the_dashboard_and_kb_gaps(page: Page, live: Live) -> None:
    """One definition of the KB hit rate: the dashboard (default 4 weeks) and /kb/gaps (28 days) agree."""
    from phasegate.metrics import service as metrics

    sign_in(page, live, LEAD, "/dashboard")
    on_dashboard = page.get_by_test_id("kb-hit-rate").inner_text().split()[0]
    with live.workspace.sessions() as s:
        hits, checked = metrics.kb_hits(s)
    assert checked > 0 and 0 < hits < checked  # the world has both kinds, so the figure means something
    page.goto(live.url + "/kb/gaps")
    on_gaps = page.get_by_test_id("kb-hit-rate").inner_text().split()[0]
    assert on_gaps == on_dashboard and on_dashboard.endswith("%")
