"""The HTTP API's speed, against the real server, in one run on one machine.

    python benchmarks/bench_api.py [--plans N] [--clients C] [--seconds S]

Starts the app as it is served, ``streamlit run app.py`` (Streamlit, its checks and
the API under /api, on one uvicorn server) on a free localhost port, waits for its warm-up, then:

* times N plans of a few practices through ``POST /api/v1/plan`` with two HTTP
  clients, each on one keep-alive connection: one that sends each request in one
  write, as curl and wrk do, and the standard library's ``http.client`` (which
  writes the headers and the body apart, so the server wakes twice, and parses the
  answer's headers with the e-mail parser); and the same plans with the engine alone
  in this process (the request read into a Scenario, ``prepare``, ``solve_plan``,
  ``to_dict``); the three interleaved. The overhead is the difference of the
  medians (target: at most 2 ms); the API's own part is the one of its
  ``Server-Timing`` (from its body read to its answer); the server's CPU time per
  plan (from /proc, which the machine's other work does not lengthen) is set beside
  the engine's in this process;
* times the machine's floor beside them: a bare ASGI app on its own uvicorn that
  busy-waits as long as the engine takes and answers as much, through the one-write
  client: what any Python server on this machine adds to a job that long;
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2

from optimizer.api.planning_routes import plan_document
from optimizer.api.schemas import PlanRequest
from optimizer.ui.server_start import READY

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


FLOOR_BODY = b'{"plan": "' + b"x" * 5000 + b'"}'


async def floor_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The machine's floor: a bare ASGI app that works as long as the engine (a busy
    wait of the milliseconds in its query, ``/?ms=1.7``) and answers 5 kB, as a plan
    is, on its own uvicorn.
    What it adds to its wait is what any Python server on this machine adds to a job
    that long (the parsing, the writes, a client's core woken after it)."""
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    while (await receive()).get("more_body"):
        pass
    wait = float(scope["query_string"].decode().partition("=")[2] or 0) / 1000
    start = time.perf_counter()
    while time.perf_counter() - start < wait:
        pass
    spent = f"app;dur={(time.perf_counter() - start) * 1000:.2f}".encode()
    headers = [(b"content-type", b"application/json"), (b"server-timing", spent)]
    headers.append((b"content-length", str(len(FLOOR_BODY)).encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": FLOOR_BODY})


def start_floor(port: int, log: Path) -> subprocess.Popen[bytes]:
    """``floor_app`` on its own uvicorn (httptools, uvloop, as the app's) on ``port``."""
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(ROOT / "benchmarks")]
    command += ["bench_api:floor_app", "--port", str(port), "--log-level", "warning"]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def wait_floor(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the floor's uvicorn exited with {proc.returncode}")
        try:
            OneWrite(port).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("the floor's uvicorn did not answer within 60 s")


def start_server(port: int, log: Path) -> subprocess.Popen[bytes]:
    """``streamlit run app.py`` on ``port``, as the app is served (README,
    ``deploy/serve-team.sh``), its output in ``log``."""
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port)]
    env = dict(os.environ, IA_PLANNER_TODAY=AS_OF)
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    """Until the server answers and its warm-up thread is done (its ready line is in
    the log): a plan timed while the warm-up reads the tables would time the warm-up."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server exited with {proc.returncode}")
        try:
            answered = httpx2.get(f"{url}/api/v1/years", timeout=5).status_code == 200
        except httpx2.HTTPError:
            answered = False
        if answered and READY in log.read_text(errors="replace"):
            return
        time.sleep(0.3)
    sys.exit("the server did not answer within 120 s")


class OneWrite:
    """An HTTP/1.1 client on one keep-alive connection that sends each request in
    one write and reads the answer by its Content-Length."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.stream = self.sock.makefile("rb")

    def post(self, path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.sock.sendall(head.encode() + body)
        status = int(self.stream.readline().split()[1])
        headers: dict[str, str] = {}
        while (line := self.stream.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        return status, headers, self.stream.read(int(headers.get("content-length", "0")))

    def close(self) -> None:
        self.stream.close()
        self.sock.close()


class Stdlib:
    """The standard library's ``http.client`` on one keep-alive connection (with
    TCP_NODELAY, as requests and httpx set)."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.connect()
        self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def post(self, path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        self.connection.request("POST", path, body=body, headers=JSON)
        response = self.connection.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def close(self) -> None:
        self.connection.close()


JSON = {"content-type": "application/json"}


def server_cpu(pid: int) -> float:
    """Seconds of CPU the process ``pid`` has used (user and system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def overhead(port: int, floor_port: int, plans: int) -> dict[str, list[float]]:
    """Seconds per plan through each client, inside the API (its Server-Timing), with
    the engine alone, and through the floor; interleaved (the order turns each round)."""
    clients: dict[str, OneWrite | Stdlib] = {
        "one write": OneWrite(port),
        "http.client": Stdlib(port),
    }
    floor = OneWrite(floor_port)
    times: dict[str, list[float]] = {name: [] for name in (*clients, "inside", "engine")}
    times["floor"] = []
    waits: list[float] = []
    last = [0.0]  # the engine's latest time: the floor's next wait
    bodies = [json.dumps(body).encode() for body in BODIES]

    def post(name: str, n: int) -> None:
        status, headers, data = clients[name].post("/api/v1/plan", bodies[n % len(bodies)])
        if status != 200:
            sys.exit(f"POST /api/v1/plan answered {status}: {data[:300]!r}")
        times["inside"].append(float(headers["server-timing"].partition("dur=")[2]) / 1000)

    def engine(n: int) -> None:
        start = time.perf_counter()
        plan_document(PlanRequest.model_validate(BODIES[n % len(BODIES)]))
        last[0] = time.perf_counter() - start

    def bare(n: int) -> None:
        waits.append(last[0])
        floor.post(f"/?ms={last[0] * 1000:.3f}", bodies[n % len(bodies)])

    steps: list[tuple[str, Callable[[int], None]]] = [
        *((name, lambda n, name=name: post(name, n)) for name in clients),
        ("engine", engine),
        ("floor", bare),
    ]
    for n in range(len(BODIES) * 4):  # warm all: years resolved, caches filled
        for _, step in steps:
            step(n)
    times["inside"].clear()
    for n in range(plans):
        for name, step in steps[n % len(steps) :] + steps[: n % len(steps)]:
            start = time.perf_counter()
            step(n)
            times[name].append(time.perf_counter() - start)
    for client in (*clients.values(), floor):
        client.close()
    times["floor wait"] = waits[-plans:]
    return times


def cpu_per_plan(port: int, pid: int, plans: int) -> tuple[float, float]:
    """Milliseconds of the server's CPU per plan through the one-write client, and of
    this process's CPU per plan with the engine alone."""
    client = OneWrite(port)
    bodies = [json.dumps(body).encode() for body in BODIES]
    before = server_cpu(pid)
    for n in range(plans):
        client.post("/api/v1/plan", bodies[n % len(bodies)])
    served = (server_cpu(pid) - before) / plans * 1000
    client.close()
    before = time.process_time()
    for n in range(plans):
        plan_document(PlanRequest.model_validate(BODIES[n % len(BODIES)]))
    return served, (time.process_time() - before) / plans * 1000


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
    floor_port = free_port()
    floor_proc = None
    try:
        wait_ready(url, proc, log)
        floor_proc = start_floor(floor_port, log.with_name("bench_api_floor.log"))
        wait_floor(floor_port, floor_proc)
        times = overhead(port, floor_port, args.plans)
        engine = statistics.median(times["engine"])
        practices = f"{args.plans} plans of {len(BODIES)} practices"
        print(f"POST /api/v1/plan, {practices} (streamlit run app.py)")
        print(f"  engine alone       {ms(times['engine'])}")
        for name in ("one write", "http.client"):
            extra = (statistics.median(times[name]) - engine) * 1000
            print(f"  HTTP, {name:<12} {ms(times[name])}  overhead {extra:.2f} ms (target <= 2)")
        own = (statistics.median(times["inside"]) - engine) * 1000
        print(f"  inside the API     {ms(times['inside'])}  its own part {own:.2f} ms")
        added = [t - w for t, w in zip(times["floor"], times["floor wait"], strict=True)]
        floor = statistics.median(added) * 1000
        print(f"  floor, one write   {ms(times['floor'])}  (a bare ASGI app: adds {floor:.2f} ms")
        print("                     to a wait as long as the engine's last plan)")
        served, alone = cpu_per_plan(port, proc.pid, args.plans)
        print(f"  CPU per plan       server {served:.2f} ms, engine alone {alone:.2f} ms")
        print(f"  load average       {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        sent, ok, problems = asyncio.run(crowd(url, args.clients, args.seconds))
        print(f"  (the server's log: {log})")
        print(f"{args.clients} concurrent clients for {args.seconds:g} s:")
        print(f"  sent {sent}, answered 200: {ok}, lost: {sent - ok} ({sent / args.seconds:.0f}/s)")
        for problem in sorted(set(problems))[:5]:
            print(f"  ! {problem}")
    finally:
        for running in (proc, floor_proc):
            if running is not None:
                running.terminate()
                running.wait(timeout=30)


if __name__ == "__main__":
    main()
