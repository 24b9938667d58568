"""The HTTP API's speed, against the real server, in one run on one machine.

    python benchmarks/bench_api.py [--plans N] [--clients C] [--seconds S]

Starts ``uvicorn app:app`` (the app's own ASGI application: Streamlit, its Host
check and the API under /api) on a free localhost port, then:

* times N plans of a few practices through ``POST /api/v1/plan`` (one keep-alive
  connection of the standard library's HTTP client) and the
  same plans with the engine alone in this process (the request read into a
  Scenario, ``prepare``, ``solve_plan``, ``to_dict``), the two interleaved; the
  overhead is the difference of the medians (target: at most 2 ms), and the API's
  own part the one of its ``Server-Timing`` (from its middleware to the answer);
  a worker thread's hop is timed alone too, as the machine's load sets it;
* runs C concurrent clients (asyncio, httpx2) posting plans for S seconds and
  counts the requests sent, answered 200 and lost (any other answer or error):
  the lost count must be 0.

Not part of the test suite: timings belong here, not in assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx2

from optimizer.api.planning_routes import plan_document
from optimizer.api.schemas import PlanRequest

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2025-02-01"
BODIES: tuple[dict[str, Any], ...] = (
    {"scenario": {"year": 2025}, "as_of": AS_OF},
    {"scenario": {"year": 2025, "statuses": ["rural"]}, "as_of": AS_OF},
    {"scenario": {"year": 2024, "reporting": "group", "clinicians": 12}, "as_of": "2024-03-01"},
    {"scenario": {"year": 2026, "exclude": ["IA_BE_27"], "max_concurrent": 2}, "as_of": AS_OF},
    {"scenario": {"year": 2022, "apm": True, "target": 30}, "as_of": "2022-02-01"},
)
"""Practices planned in turn (the plan route does one solve each)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, log: Path) -> subprocess.Popen[bytes]:
    """``uvicorn app:app`` on ``port``, its output (Streamlit logs each request) in ``log``."""
    command = [sys.executable, "-m", "uvicorn", "app:app", "--port", str(port)]
    command += ["--log-level", "warning", "--no-access-log"]
    env = dict(os.environ, IA_PLANNER_TODAY=AS_OF)
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_ready(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"uvicorn exited with {proc.returncode}")
        try:
            if httpx2.get(f"{url}/api/v1/years", timeout=5).status_code == 200:
                return
        except httpx2.HTTPError:
            time.sleep(0.3)
    sys.exit("uvicorn did not answer within 120 s")


def overhead(port: int, plans: int) -> tuple[list[float], list[float], list[float]]:
    """Seconds per plan through HTTP, inside the API (its Server-Timing) and with
    the engine alone, interleaved. The HTTP
    client is the standard library's, on one keep-alive connection: httpx2 adds about
    10 ms of its own per request on this machine, which would time the client."""
    through: list[float] = []
    inside: list[float] = []
    engine: list[float] = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"content-type": "application/json"}

    def post(body: dict[str, Any]) -> bytes:
        connection.request("POST", "/api/v1/plan", body=json.dumps(body), headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            sys.exit(f"POST /api/v1/plan answered {response.status}: {data[:300]!r}")
        timing = response.getheader("server-timing", "")
        inside.append(float(timing.partition("dur=")[2]) / 1000)
        return data

    for body in BODIES * 4:  # warm both: years resolved, caches filled
        post(body)
        plan_document(PlanRequest.model_validate(body))
    inside.clear()
    for n in range(plans):
        body = BODIES[n % len(BODIES)]
        start = time.perf_counter()
        post(body)
        through.append(time.perf_counter() - start)
        start = time.perf_counter()
        plan_document(PlanRequest.model_validate(body))
        engine.append(time.perf_counter() - start)
    connection.close()
    return through, inside, engine


async def crowd(url: str, clients: int, seconds: float) -> tuple[int, int, list[str]]:
    """Requests sent, answered 200, and what went wrong with the others."""
    sent = ok = 0
    problems: list[str] = []
    stop = time.monotonic() + seconds
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx2.AsyncClient(base_url=url, timeout=120, limits=limits) as client:

        async def one(index: int) -> None:
            nonlocal sent, ok
            n = index
            while time.monotonic() < stop:
                sent += 1
                try:
                    response = await client.post("/api/v1/plan", json=BODIES[n % len(BODIES)])
                except httpx2.HTTPError as exc:
                    problems.append(f"{type(exc).__name__}: {exc}")
                else:
                    if response.status_code == 200:
                        ok += 1
                    else:
                        problems.append(f"{response.status_code}: {response.text[:200]}")
                n += 1

        await asyncio.gather(*(one(i) for i in range(clients)))
    return sent, ok, problems


def thread_hop(runs: int = 300) -> float:
    """Milliseconds a 2 ms job takes more in a worker thread than inline, at the median:
    what the server pays to run each plan off its event loop (FastAPI runs a plain
    route in a thread), on this machine at this load."""

    def job() -> None:
        start = time.perf_counter()
        while time.perf_counter() - start < 0.002:
            pass

    async def timed() -> tuple[list[float], list[float]]:
        hopped, inline = [], []
        for _ in range(runs):
            start = time.perf_counter()
            await anyio.to_thread.run_sync(job)
            hopped.append(time.perf_counter() - start)
            start = time.perf_counter()
            job()
            inline.append(time.perf_counter() - start)
        return hopped, inline

    hopped, inline = asyncio.run(timed())
    return (statistics.median(hopped) - statistics.median(inline)) * 1000


def ms(values: list[float]) -> str:
    low, _, high = (q * 1000 for q in statistics.quantiles(values, n=4))
    return f"{statistics.median(values) * 1000:7.2f} ms  (p25 {low:.2f}, p75 {high:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    os.environ["IA_PLANNER_TODAY"] = AS_OF
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = Path(tempfile.gettempdir()) / "bench_api_server.log"
    proc = start_server(port, log)
    try:
        wait_ready(url, proc)
        through, inside, engine = overhead(port, args.plans)
        extra = (statistics.median(through) - statistics.median(engine)) * 1000
        own = (statistics.median(inside) - statistics.median(engine)) * 1000
        print(f"POST /api/v1/plan, {args.plans} plans of {len(BODIES)} practices (uvicorn app:app)")
        print(f"  through HTTP     {ms(through)}")
        print(f"  inside the API   {ms(inside)}  (Server-Timing: body read to answer)")
        print(f"  engine alone     {ms(engine)}")
        print(f"  HTTP overhead    {extra:7.2f} ms at the median (target <= 2 ms)")
        print(f"  API's own part   {own:7.2f} ms (validation, routing, JSON)")
        print(
            f"  thread hop       {thread_hop():7.2f} ms (a 2 ms job in a worker thread, not inline)"
        )
        print(f"  load average     {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        sent, ok, problems = asyncio.run(crowd(url, args.clients, args.seconds))
        print(f"  (the server's log: {log})")
        print(f"{args.clients} concurrent clients for {args.seconds:g} s:")
        print(f"  sent {sent}, answered 200: {ok}, lost: {sent - ok} ({sent / args.seconds:.0f}/s)")
        for problem in sorted(set(problems))[:5]:
            print(f"  ! {problem}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
