"""`phasegate brief TICKET_ID`: the phase-1 brief in the terminal, or as one JSON object."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table

from phasegate.assist.schemas import Brief
from phasegate.cli_support import console, err_console, workspace

_MARK = {
    "ok": "[green]✔[/green]",
    "warn": "[yellow]![/yellow]",
    "block": "[red]✖[/red]",
    "info": "[blue]i[/blue]",
}


def brief(
    ticket_id: Annotated[str, typer.Argument(help="The ticket id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the brief as one JSON object.")] = False,
) -> None:
    """The read-only brief of a ticket: summary, account, flags with sources, articles, resolution paths."""
    from phasegate.assist import flows

    ws = workspace()
    with ws.sessions() as session:
        try:
            result = flows.build(session, ticket_id=ticket_id, home=ws.home)
        except flows.TicketNotFound:
            err_console.print(f"no ticket {ticket_id!r}")
            raise typer.Exit(code=1) from None
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    render(result)


def render(b: Brief) -> None:
    """The brief as rich panels and tables."""
    conf = f" ({b.category_confidence:.0%}, {b.category_source})" if b.category_confidence is not None else ""
    console.print(
        f"[bold]{b.ticket_id}[/bold]  {b.category or 'uncategorised'}{conf}  "
        f"as of {b.as_of:%Y-%m-%d %H:%M} UTC",
        highlight=False,
    )
    s = b.summary
    lines = [f"[bold]Wants[/bold]: {s.wants}"]
    lines += [f"[bold]Tried[/bold]: {t}" for t in s.tried] or ["[bold]Tried[/bold]: nothing yet"]
    lines += [f"[bold]Open[/bold]: {o}" for o in s.open]
    console.print(Panel("\n".join(lines), title=f"Conversation ({s.turns} turns, {s.engine})"))
    a = b.account
    who = a.name or a.email or a.customer_id or "unknown customer"
    tags = [t for t, on in (("VIP", a.vip), ("AI opt-in", a.ai_opt_in), ("member", a.member)) if on]
    head = f"{who}  {', '.join(tags)}  lifetime {a.currency} {a.lifetime_value:.2f}, {a.order_count} orders"
    orders = Table("order", "status", "placed", "total", "tracking", box=None)
    for o in a.orders:
        track = "; ".join(f"{t.carrier or ''} {t.number or ''} {t.status}".strip() for t in o.tracking)
        placed = f"{o.placed_at:%Y-%m-%d}" if o.placed_at else ""
        orders.add_row(o.id, o.status, placed, f"{o.total or ''}", track)
    extra = []
    if a.open_returns:
        extra.append("open returns: " + ", ".join(f"{r.id} ({r.status})" for r in a.open_returns))
    if a.open_refunds:
        extra.append("open refunds: " + ", ".join(f"{r.id} {r.amount} ({r.status})" for r in a.open_refunds))
    pc = a.prior_contacts
    extra.append(
        f"prior contacts on this issue: {len(pc.on_issue)} ({pc.ai_contacts_on_issue} with AI); "
        f"{len(pc.last_90_days)} tickets in 90 days"
    )
    console.print(Panel.fit(head, title="Account"))
    console.print(orders)
    console.print("\n".join(extra), highlight=False)
    flags = Table("", "flag", "value", "source", title="Policy flags", show_lines=False)
    for f in b.flags:
        src = [str(d) for d in f.source.data] + [str(x) for x in f.source.facts]
        if f.source.article:
            src.append(f"article '{f.source.article.title}' > {f.source.article.heading}")
        flags.add_row(_MARK[f.status], f.label, f.text, "\n".join(src))
    console.print(flags)
    for fact in b.catalog:
        console.print(f"[bold]Catalog[/bold]: {fact['statement']}  ({fact['source']})", highlight=False)
    arts = Table(
        "article", "heading", "support", title=f"Knowledge base (hit: {'yes' if b.kb_hit else 'no'})"
    )
    for hit in b.articles[:5]:
        arts.add_row(f"{hit['title']} [{hit['article_id']}]", hit["heading"], f"{hit['support']:.2f}")
    console.print(arts)
    paths = Table("conf.", "path", "rationale", title="Suggested resolution paths")
    for p in b.paths:
        paths.add_row(f"{p.confidence:.0%}", p.title, p.rationale)
    console.print(paths)
    for r in b.ruled_out:
        console.print(f"[dim]ruled out: {r.title} ({r.reason})[/dim]", highlight=False)
