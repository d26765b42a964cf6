"""Ticket readers alone: CSV parse errors on their line, odd Zendesk types, JSON the parser chokes on."""

from __future__ import annotations

import io
from pathlib import Path

from phasegate.ingest.report import RowError
from phasegate.tickets import formats
from phasegate.tickets.schemas import TicketIn
from tests.conftest import DATA


def _split(parsed: list[formats.Parsed]) -> tuple[dict[int, str], dict[int, list[RowError]]]:
    good = {n: p.id for n, p in parsed if isinstance(p, TicketIn)}
    bad = {n: p for n, p in parsed if isinstance(p, list)}
    return good, bad


def test_csv_unterminated_quote_is_reported_and_the_rows_it_swallowed_are_read() -> None:
    """A quote left open on line 5 rejects line 5 alone; the rows it would have swallowed are kept."""
    with (DATA / "tickets_unterminated_quote.csv").open(newline="") as fh:
        good, bad = _split(list(formats.read_csv(fh)))
    assert "unterminated quote" in bad[5][0].reason
    assert set(good.values()) == {"Q-1", "Q-2", "Q-4", "Q-5", "Q-6", "Q-7", "Q-8", "Q-10"}
    assert bad[11][0].field == "(row)" and "more than the header" in bad[11][0].reason
    assert set(bad) == {5, 11}


def test_csv_quoted_newline_is_one_message_not_an_error() -> None:
    """A properly quoted message with a line break stays one ticket with the break inside its text."""
    with (DATA / "tickets_unterminated_quote.csv").open(newline="") as fh:
        q2 = next(p for _, p in formats.read_csv(fh) if isinstance(p, TicketIn) and p.id == "Q-2")
    assert q2.messages[0].text == 'my parcel, it said "delivered" but\nit never came'


def test_csv_quote_open_at_end_of_file_names_its_line() -> None:
    """A quote still open at the end of the file is reported on its line; the lines after it import."""
    good, bad = _split(list(formats.read_csv(io.StringIO('id,text\nA,"open\nB,fine\nC,also fine\n'))))
    assert good == {3: "B", 4: "C"}
    assert bad[2][0].field == "(row)" and "file ends inside the quoted field" in bad[2][0].reason


def test_zendesk_odd_field_types_map_or_are_named() -> None:
    """Numbers, nulls, nested objects, arrays and booleans where Zendesk sends other types never raise."""
    good, bad = _split(list(formats.read_zendesk((DATA / "zendesk_odd_types.json").read_text())))
    assert {n: (e[0].field) for n, e in bad.items()} == {
        5: "subject",
        7: "requester_id",
        8: "comments",
        9: "comments.0",
        10: "created_at",
        11: "created_at",
        13: "description",
    }
    assert set(good) == {1, 2, 3, 4, 6, 12, 14, 15}
    assert good[2] == "ZD-2" and good[14] == "ZD-true"


def test_zendesk_numbers_where_text_belongs_become_text() -> None:
    """A numeric subject or comment body is kept as its digits."""
    parsed = dict(formats.read_zendesk((DATA / "zendesk_odd_types.json").read_text()))
    two, fifteen = parsed[2], parsed[15]
    assert isinstance(two, TicketIn) and two.subject == "12345"
    assert isinstance(fifteen, TicketIn) and fifteen.messages[0].text == "7"


def test_jsonl_lines_the_json_parser_chokes_on_are_errors() -> None:
    """Too-deep nesting and a 5,000-digit integer are errors on their line, not exceptions."""
    lines = [
        '{"id": "A", "messages": [{"role": "customer", "text": "hi"}]}',
        "[" * 100_000 + "]" * 100_000,
        '{"id": ' + "9" * 5000 + "}",
        '{"id": "B", "messages": [{"role": "customer", "text": "hi"}]}',
    ]
    good, bad = _split(list(formats.read_jsonl(lines)))
    assert good == {1: "A", 4: "B"}
    assert set(bad) == {2, 3}
    assert all(e[0].reason.startswith("invalid JSON") for e in bad.values())


def test_a_jsonl_file_whose_first_line_is_an_array_stays_jsonl(tmp_path: Path) -> None:
    """A .jsonl file opening with a bad `[]` line is read as JSONL (found by fuzzing), not as an export."""
    path = tmp_path / "t.jsonl"
    path.write_text('[]\n{"id": "A", "messages": [{"role": "customer", "text": "hi"}]}\n', encoding="utf-8")
    assert formats.detect_format(path) == "jsonl"
    exported = tmp_path / "export.json"
    exported.write_text('[{"id": 1, "description": "hi"}]', encoding="utf-8")
    assert formats.detect_format(exported) == "zendesk"


def test_a_bad_value_in_the_requester_profile_drops_the_value_not_the_ticket() -> None:
    """A NUL in a side-loaded user's email (found by fuzzing) leaves the ticket whole, without that email."""
    export = (
        '{"tickets": [{"id": 7, "description": "hi", "requester_id": 3}],'
        ' "users": [{"id": 3, "email": "a\\u0000@example.com", "name": "Ana"}]}'
    )
    [(_line, ticket)] = list(formats.read_zendesk(export))
    assert isinstance(ticket, TicketIn) and ticket.customer is not None
    assert (ticket.id, ticket.customer.email, ticket.customer.name) == ("ZD-7", None, "Ana")
