"""Phase-2 drafts: throughput of the built-in drafter, and how close its drafts are to what agents sent.

Builds the demo world (seed 7; `--scale` of its size) in a temporary SQLite workspace, then re-drafts every
ticket of its phase-2 history with the product's own path (`phasegate.drafts.flows.draft_ticket`: brief,
prompt, built-in composer, guardrails) and compares each draft with the reply the agent sent (chrF, from
sacrebleu: `pip install -e '.[bench]'`). The baseline is retrieval only: the brief's top help-center passage
in the same greeting and sign-off. Nothing is tuned on these tickets; the composer never sees the replies.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from phasegate.config import Settings
from phasegate.drafts import flows, guardrails, prompt
from phasegate.drafts.composer import BuiltinProvider, compose
from phasegate.drafts.models import Draft
from phasegate.knowledge import index
from phasegate.rollout import service as rollout
from phasegate.workspace import open_workspace
from phasegate.world import persist
from phasegate.world.generate import generate


def _baseline(material: dict[str, object]) -> str:
    """Retrieval only: the top passage's opening sentences, in the same greeting and sign-off."""
    voice = material.get("voice") or {}
    assert isinstance(voice, dict)
    passages = material.get("passages") or []
    assert isinstance(passages, list)
    body = guardrails.plain_text(str(passages[0]["text"])) if passages else ""
    lead = " ".join(guardrails.sentences(body)[:3])
    parts = [
        str(voice.get("greeting", "")),
        lead,
        str(voice.get("closing", "")),
        str(voice.get("sign_off", "")),
    ]
    return "\n\n".join(p for p in parts if p)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=0.1, help="share of the demo world (1 = full demo)")
    parser.add_argument("--seed", type=int, default=7)
    args, _ = parser.parse_known_args()
    try:
        from sacrebleu.metrics import CHRF
    except ImportError:
        print("sacrebleu is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 1
    chrf = CHRF()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        ws = open_workspace(Settings(home=home))
        world = generate(seed=args.seed, scale=args.scale)
        with ws.sessions() as s, s.begin():
            persist.persist(world, s)
            rollout.ensure_policy(s, actor="bench")
        persist.write_files(world, home)
        with ws.sessions() as s:
            index.rebuild(s, home)
        with ws.sessions() as s:
            history = list(s.execute(select(Draft.ticket_id, Draft.ai_text, Draft.sent_text)).all())
        history = [(t, ai, sent) for t, ai, sent in history if sent]
        provider = BuiltinProvider()
        ours: list[float] = []
        base: list[float] = []
        world_drafter: list[float] = []
        unsupported = 0
        claims = 0
        compose_seconds = 0.0
        draft_seconds = 0.0
        with ws.sessions() as s:
            for ticket_id, world_ai, sent in history:
                t0 = time.perf_counter()
                outcome = flows.draft_ticket(s, ticket_id=ticket_id, home=home, provider=provider, force=True)
                draft_seconds += time.perf_counter() - t0
                draft = s.get(Draft, outcome.draft_id)
                assert draft is not None and draft.guardrails is not None
                unsupported += int(draft.guardrails["unsupported"])
                claims += int(draft.guardrails["claims"])
                ours.append(chrf.sentence_score(draft.ai_text, [sent]).score)
                world_drafter.append(chrf.sentence_score(world_ai, [sent]).score)
                # The baseline and the composer alone, on the same material the draft was written from.
                brief = flows.assist_flows.build(s, ticket_id=ticket_id, home=home)
                material = prompt.material_of(
                    brief,
                    voice=rollout.policy_in_force(s).policy.voice,
                    brand=world.facts.name,
                    first_name=(brief.account.name or "").split()[0] if brief.account.name else None,
                )
                base.append(chrf.sentence_score(_baseline(material), [sent]).score)
                t0 = time.perf_counter()
                compose(material)
                compose_seconds += time.perf_counter() - t0
            s.rollback()
    n = len(history)
    print(
        f"demo world seed {args.seed} scale {args.scale}: {n} phase-2 tickets with the agent's sent reply\n"
    )
    print("| drafter | chrF vs sent reply (mean) | median |")
    print("|---|---|---|")
    print(f"| built-in composer (phasegate) | {statistics.mean(ours):.1f} | {statistics.median(ours):.1f} |")
    print(f"| retrieval only (top passage) | {statistics.mean(base):.1f} | {statistics.median(base):.1f} |")
    print(
        f"| the world generator's own drafts (reference: agents' replies are edits of these) | "
        f"{statistics.mean(world_drafter):.1f} | {statistics.median(world_drafter):.1f} |"
    )
    print()
    print(f"end-to-end drafts per second (brief + compose + guardrails + store): {n / draft_seconds:.1f}")
    print(f"composer alone, drafts per second: {n / compose_seconds:.0f}")
    print(f"claims checked: {claims}, unsupported: {unsupported}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
