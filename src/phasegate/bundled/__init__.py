"""Models shipped with the package, so the product works offline with no workspace.

`router/` is the category router trained on the demo world (seed 7), Bitext's train split mapped to the
taxonomy and the hand-written seed tickets of `phasegate.triage`, its confidence calibrated on held-out
outside text (bundled/build.py); `python -m phasegate.bundled.build` rebuilds it (needs shared benchmarks).
"""

from __future__ import annotations

from pathlib import Path

ROUTER_DIR = Path(__file__).with_name("router")
