"""Console under load: 32 signed-in users (a quarter of them leads) request the main pages concurrently
for a bounded time over real HTTP on 127.0.0.1, against `phasegate serve` in its own process on the demo
world. Reports errors and latency percentiles (target: 0 errors, p99 under 2 s).

    python bench/bench_console_load.py                      # builds the demo at --scale (default 1) once
    python bench/bench_console_load.py --home WORKSPACE     # or use an existing workspace
    python bench/bench_console_load.py --users 32 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from phasegate.config import Settings
from phasegate.web import loadtest
from phasegate.workspace import open_workspace

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _build_demo(home: Path, scale: float) -> None:
    marker = home / "world.json"
    if marker.exists():
        return
    env = {**os.environ, "PHASEGATE_HOME": str(home)}
    env.pop("PHASEGATE_DATABASE_URL", None)
    print(f"building the demo world (scale {scale}) into {home} ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "phasegate", "demo", "--no-serve", "--scale", str(scale)], env=env, check=True
    )


def _wait_for_warming(url: str, *, limit: float) -> None:
    """Until the server's first brief-warming pass is done (`brief_warm_passes_total` on /metrics), at most
    `limit` seconds; at once when warming is off (`PHASEGATE_WARM_BRIEFS=0`)."""
    if os.environ.get("PHASEGATE_WARM_BRIEFS", "").strip() == "0":
        return
    began = time.monotonic()
    while time.monotonic() - began < limit:
        try:
            text = httpx.get(f"{url}/metrics", timeout=10).text
        except httpx.HTTPError:
            text = ""
        if "phasegate_brief_warm_passes_total" in text:
            print(f"briefs warmed {time.monotonic() - began:.0f} s after the server answered", flush=True)
            return
        time.sleep(1.0)
    print(f"brief warming not done after {limit:.0f} s: measuring anyway", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path, help="An existing workspace (default: build the demo).")
    parser.add_argument("--scale", type=float, default=1.0, help="Demo world size when building one.")
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    parser.add_argument("--cold", action="store_true", help="No warm-up pass: time the caches' first builds.")
    parser.add_argument(
        "--server-src",
        type=Path,
        help="Serve another checkout's src/ (a before/after comparison); the driver stays this one.",
    )
    args, _ = parser.parse_known_args()  # run_all passes its own arguments to every script

    home = args.home or Path(tempfile.gettempdir()) / f"phasegate-load-demo-{args.scale:g}"
    if args.home is None:
        _build_demo(home, args.scale)
    settings = Settings(home=home)
    ws = open_workspace(settings)
    with ws.sessions() as session:
        accounts = loadtest.create_users(session, args.users)
        tickets = loadtest.ticket_ids(session)
    port = _free_port()
    env = {
        **os.environ,
        "PHASEGATE_HOME": str(home),
        "PHASEGATE_PORT": str(port),
        "PHASEGATE_LOG_LEVEL": "WARNING",
    }
    if args.server_src is not None:
        # Ahead of the editable install on the path: the server imports that checkout's phasegate.
        env["PYTHONPATH"] = str(args.server_src.resolve())
    server = subprocess.Popen(
        [sys.executable, "-m", "phasegate", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.3)
        if not args.cold:
            # A server that has been up has warmed its briefs (PHASEGATE_WARM_BRIEFS): wait for its first
            # pass, as /metrics reports it (bounded; returns at once when warming is off).
            _wait_for_warming(url, limit=180.0)
            # A server that has been up has its caches warm: one sequential pass over the pages first.
            loadtest.run(url, accounts[:1], tickets[:5], seconds=0.0, warm_up=True)
        load_before = os.getloadavg()
        result = loadtest.run(url, accounts, tickets, seconds=args.seconds)
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures = result.as_dict() | {
        "users": args.users,
        "warm_up": not args.cold,
        "workspace": str(home),
        "cpus": os.cpu_count(),
        "loadavg_1m_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"{args.users} users, {figures['seconds']} s, {figures['requests']} requests "
            f"({figures['rps']}/s), errors {figures['errors']} {figures['error_kinds'] or ''}, "
            f"{'after a warm-up pass' if not args.cold else 'cold caches'}"
        )
        print(f"machine: {figures['cpus']} CPUs, 1-min load average {figures['loadavg_1m_before_after']}\n")
        print("| page | requests | p50 ms | p99 ms | max ms |")
        print("|---|---:|---:|---:|---:|")
        for page, values in sorted(result.by_page.items()):
            print(
                f"| {page} | {len(values)} | {result.percentile(50, values) * 1000:.0f} | "
                f"{result.percentile(99, values) * 1000:.0f} | {max(values) * 1000:.0f} |"
            )
        print(
            f"| **all** | {figures['requests']} | {figures['p50_ms']} | {figures['p99_ms']} | "
            f"{figures['max_ms']} |"
        )
        ok = figures["errors"] == 0 and figures["p99_ms"] < 2000
        print(f"\ntarget (0 errors, p99 < 2000 ms): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
