"""The decision core stays pure: importing it loads no web, database or network library."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ("fastapi", "starlette", "sqlalchemy", "httpx", "uvicorn", "alembic", "psycopg", "requests")


def test_policy_package_imports_no_framework_database_or_network_code() -> None:
    """A fresh interpreter importing phasegate.policy has none of the forbidden modules loaded."""
    code = (
        "import json, sys; import phasegate.policy, phasegate.policy.triggers, phasegate.policy.decide; "
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = {name.split(".")[0] for name in json.loads(out.stdout)}
    assert not loaded & set(FORBIDDEN)
