"""Models shipped with the package, so the product works offline with no workspace.

`router/` is the category router trained on the demo world (seed 7) plus the hand-written seed tickets of
`phasegate.triage`; `python -m phasegate.bundled.build` rebuilds it deterministically.
"""

from __future__ import annotations

from pathlib import Path

ROUTER_DIR = Path(__file__).with_name("router")
