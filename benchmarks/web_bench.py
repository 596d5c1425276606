#!/usr/bin/env python3
"""Web load benchmark: 20 concurrent users on loopback against the demo world scaled to 100k notes.

Run from the repository root (see ``benchmarks/README.md``)::

    .venv/bin/python benchmarks/web_bench.py                # 100k notes, 20 connections
    .venv/bin/python benchmarks/web_bench.py --quick        # the demo world as is, 10 connections
    .venv/bin/python benchmarks/web_bench.py --keep         # keep the workspace; then re-run with
    .venv/bin/python benchmarks/web_bench.py --home DIR     # …the same store, no rebuild

What it does:

1. Builds the demo world (``write_demo_world`` + the normal ingest), the inbox threads and one
   login per role (``redfunnel.web.demo``), then scales the notes to ``--notes`` with one
   set-based ``INSERT … SELECT`` per copy: every Xiaohongshu note copied under a new key, its
   publication moved back by two weeks per copy, so cadence windows and rankings see a long
   history instead of duplicates on the same day.
2. Starts ``redfunnel serve`` as its own process on 127.0.0.1 (a real uvicorn server; the load
   generator runs in this process, so they do not share a GIL), logs in ``--users`` sessions
   through the login form (roles in turn: admin, manager, compliance, 广东 operator, viewer)
   and opens every page once to fill the per-store-version caches; the cold first-request time
   of each page is printed.
3. Load, with Debian's ``wrk`` when installed (``apt-get install wrk``; ``--driver httpx`` uses
   an ``asyncio`` + ``httpx`` generator instead): per page, ``--users`` connections spread over
   one wrk thread per role, each thread holding that role's session (admin, manager, compliance,
   the 广东 operator and the viewer; the viewer is left out of the inbox and the approval queue,
   which it may not open), for ``--seconds``; a Lua ``done`` hook
   prints p50, p95 and max latency and the error count (connect, read, write, timeout, non-2xx).
   Each page is requested a few times per user first, so every worker process and every scope
   has its caches filled; the first of those requests is printed as "cold". The server's CPU
   time (all its processes, from ``/proc``) per request is printed too: on a shared machine it
   is the figure that does not depend on what else runs.
4. Baseline in the same run and under the same concurrency: ``/static/app.css`` (the server's
   floor: routing, middleware, a small file) and ``/api/me`` (a session lookup and the scope
   query, no analysis). The ratio of each page's p95 to the ``/api/me`` p95 is printed.

Targets: p95 ≤ 200 ms for the dashboard pages; errors 0. Exit status is 0 whatever the figures;
1 only when the run is invalid (the server did not start, or a login failed).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 200.0
DASHBOARD = ["/", "/landscape", "/accounts", "/content", "/calendar", "/inbox", "/compliance",
             "/funnel", "/reports"]
EXTRA = ["/api/overview", "/api/sections/landscape", "/api/inbox/threads"]
BASELINES = ["/static/app.css", "/api/me"]
LOGIN_ORDER = ["demo-admin", "demo-manager", "demo-compliance", "demo-gd-operator", "demo-viewer"]


def build_world(home: Path, notes: int) -> dict[str, Any]:
    """The demo world ingested, inbox built, demo logins made, notes scaled to ``notes``."""
    from sqlalchemy import func, select, text

    from redfunnel.demo import write_demo_world
    from redfunnel.demo.world import DEMO_NOW
    from redfunnel.ingest.pipeline import ingest_paths
    from redfunnel.store import open_store
    from redfunnel.store.models import Note
    from redfunnel.web.demo import ensure_demo_users, write_logins

    started = time.perf_counter()
    write_demo_world(home / "demo-data")
    engine = open_store(f"sqlite:///{home / 'redfunnel.db'}")
    results = ingest_paths(engine, [home / "demo-data"])
    if any(r.rejected for r in results):
        raise SystemExit("invalid run: a demo file was rejected")
    try:
        from redfunnel.inbox.threads import build_threads

        build_threads(engine, now=DEMO_NOW, actor="bench")
    except ModuleNotFoundError:
        pass
    logins = ensure_demo_users(engine)
    write_logins(home, logins)
    t = Note.__table__
    with engine.connect() as conn:
        base = conn.execute(select(func.count()).select_from(t)).scalar_one()
        xhs = conn.execute(select(func.count()).select_from(t).where(t.c.platform == "xhs")).scalar_one()
    columns = [c.name for c in t.columns if c.name != "id"]
    copies = 0
    with engine.begin() as conn:
        total = base
        while total < notes:
            copies += 1
            shifted = {"note_key": f"note_key || '-c{copies}'",
                       "published_at": f"datetime(published_at, '-{14 * copies} days')",
                       "row_hash": "substr(row_hash, 1, 28) || printf('%04d', " + str(copies) + ")"}
            select_list = ", ".join(shifted.get(c, c) for c in columns)
            limit = min(xhs, notes - total)
            conn.execute(text(f"INSERT INTO note ({', '.join(columns)}) SELECT {select_list} "
                              f"FROM note WHERE platform = 'xhs' AND note_key NOT LIKE '%-c%' "
                              f"ORDER BY id LIMIT {limit}"))
            total += limit
        conn.execute(text("ANALYZE"))
    with engine.connect() as conn:
        final = conn.execute(select(func.count()).select_from(t)).scalar_one()
    engine.dispose()
    return {"notes": final, "demo_notes": base, "copies": copies, "logins": logins,
            "seconds": time.perf_counter() - started}


def start_server(home: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REDFUNNEL_HOME": str(home)}
    proc = subprocess.Popen([str(REPO / ".venv" / "bin" / "redfunnel"), "--home", str(home), "serve",
                             "--host", "127.0.0.1", "--port", str(port), "--no-warm",
                             "--workers", str(workers)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"invalid run: server exited: {proc.stderr.read().decode()[-500:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("invalid run: server did not start within 60 s")


async def login(client: httpx.AsyncClient, name: str, password: str) -> None:
    page = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if token is None:
        raise SystemExit("invalid run: no login form")
    done = await client.post("/login", data={"name": name, "password": password,
                                             "csrf_token": token.group(1)})
    if done.status_code != 303:
        raise SystemExit(f"invalid run: login of {name} failed ({done.status_code})")


async def warm(client: httpx.AsyncClient, pages: list[str]) -> None:
    for path in pages:
        await client.get(path)


def visible(name: str, pages: list[str]) -> list[str]:
    """The pages a demo user's role may open (the viewer has no inbox or approval queue)."""
    if name == "demo-viewer":
        return [p for p in pages if "inbox" not in p and "compliance" not in p]
    return pages


async def user_loop(client: httpx.AsyncClient, pages: list[str], rounds: int,
                    samples: dict[str, list[float]], errors: dict[str, int], offset: int) -> None:
    order = pages[offset % len(pages):] + pages[:offset % len(pages)]
    for _ in range(rounds):
        for path in order:
            started = time.perf_counter()
            try:
                response = await client.get(path)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            samples.setdefault(path, []).append((time.perf_counter() - started) * 1000)
            if not ok:
                errors[path] = errors.get(path, 0) + 1


async def run_load(base: str, users: int, rounds: int, logins: dict[str, str],
                   pages: list[str]) -> tuple[dict[str, list[float]], dict[str, int], float,
                                              dict[str, float]]:
    clients = []
    names = []
    for i in range(users):
        name = LOGIN_ORDER[i % len(LOGIN_ORDER)]
        client = httpx.AsyncClient(base_url=base, timeout=120, follow_redirects=False,
                                   limits=httpx.Limits(max_connections=1))
        await login(client, name, logins[name])
        clients.append(client)
        names.append(name)
    cold: dict[str, float] = {}
    for path in pages:  # cold: the first request builds the page's sections for this store
        started = time.perf_counter()
        await clients[0].get(path)
        cold[path] = (time.perf_counter() - started) * 1000
    for _ in range(2):  # every worker process and every scope fills its caches
        await asyncio.gather(*(warm(c, visible(n, pages)) for c, n in zip(clients, names, strict=True)))
    samples: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    started = time.perf_counter()
    await asyncio.gather(*(user_loop(c, visible(n, pages), rounds, samples, errors, i)
                           for i, (c, n) in enumerate(zip(clients, names, strict=True))))
    wall = time.perf_counter() - started
    for client in clients:
        await client.aclose()
    return samples, errors, wall, cold


WRK_SCRIPT = r"""
local cookies = {%(cookies)s}
local counter = 1
function setup(thread)
  thread:set("cookie", cookies[((counter - 1) %% #cookies) + 1])
  counter = counter + 1
end
function init(args)
  wrk.headers["Cookie"] = cookie
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%.3f %%.3f %%.3f %%d\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def server_cpu_seconds(root_pid: int) -> float:
    """User+system CPU seconds of the server process and its worker processes (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / ticks
    family, frontier = {root_pid}, [root_pid]
    while frontier:
        current = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == current and pid not in family:
                family.add(pid)
                frontier.append(pid)
    return sum(times.get(pid, 0.0) for pid in family)


async def sessions(base: str, users: int, logins: dict[str, str]) -> dict[str, list[str]]:
    """Log ``users`` sessions in; returns the session cookies per user name."""
    cookies: dict[str, list[str]] = {}
    for i in range(users):
        name = LOGIN_ORDER[i % len(LOGIN_ORDER)]
        async with httpx.AsyncClient(base_url=base, timeout=120) as client:
            await login(client, name, logins[name])
            cookies.setdefault(name, []).append(f"rf_session={client.cookies.get('rf_session')}")
    return cookies


def run_wrk(base: str, users: int, seconds: int, logins: dict[str, str], pages: list[str],
            server_pid: int) -> tuple[dict[str, tuple[int, float, float, float, int]],
                                      dict[str, float], dict[str, float]]:
    """One wrk run per page: ``users`` connections over 4 threads, each thread one user's session
    (the roles in turn; the viewer's sessions are left out of pages it may not open)."""
    cookies = asyncio.run(sessions(base, users, logins))
    out: dict[str, tuple[int, float, float, float, int]] = {}
    cold: dict[str, float] = {}
    cpu: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in pages:
            names = [n for n in cookies if path in visible(n, [path])]
            jar = [cookies[n][0] for n in names]  # one session per role: one wrk thread each
            for name in names:  # fill each worker's cache for each scope before measuring
                for _ in range(3):
                    started = time.perf_counter()
                    httpx.get(base + path, headers={"Cookie": cookies[name][0]}, timeout=300)
                    cold.setdefault(path, (time.perf_counter() - started) * 1000)
            script = Path(tmp) / "bench.lua"
            script.write_text(WRK_SCRIPT % {"cookies": ", ".join(f'"{c}"' for c in jar)})
            before = server_cpu_seconds(server_pid)
            done = subprocess.run(["wrk", f"-t{len(jar)}", f"-c{users}", f"-d{seconds}s", "--timeout", "10s",
                                   "-s", str(script), base + path], capture_output=True, text=True)
            spent = server_cpu_seconds(server_pid) - before
            line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT")), None)
            if line is None:
                raise SystemExit(f"invalid run: wrk printed no result for {path}: {done.stderr[-300:]}")
            n, p50, p95, worst, errors = line.split()[1:]
            out[path] = (int(n), float(p50), float(p95), float(worst), int(errors))
            cpu[path] = 1000 * spent / max(int(n), 1)
    return out, cold, cpu


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                        help="server worker processes (default: 2, or 1 on a single CPU)")
    parser.add_argument("--quick", action="store_true", help="the demo world as is, 10 users, 3 rounds")
    parser.add_argument("--driver", choices=["auto", "wrk", "httpx"], default="auto",
                        help="load generator: Debian's wrk (default when installed) or asyncio+httpx")
    parser.add_argument("--seconds", type=int, default=10, help="wrk: seconds per page")
    parser.add_argument("--keep", action="store_true", help="keep the workspace (path printed)")
    parser.add_argument("--home", type=Path, help="reuse a workspace built by an earlier --keep run")
    args = parser.parse_args(argv)
    if args.quick:
        args.notes, args.users, args.rounds = 0, 10, 3

    from redfunnel.web.server import free_port

    home = args.home or Path(tempfile.mkdtemp(prefix="redfunnel-web-bench-"))
    print(f"redfunnel web benchmark · {platform.python_version()} · {os.cpu_count()} CPUs · {home}")
    if args.home and (home / "redfunnel.db").exists():
        from redfunnel.web.demo import ensure_demo_users, write_logins
        from redfunnel.store import open_store

        engine = open_store(f"sqlite:///{home / 'redfunnel.db'}")
        logins = ensure_demo_users(engine)
        write_logins(home, logins)
        engine.dispose()
        world = {"notes": "(reused)", "seconds": 0.0, "logins": logins, "copies": "-"}
    else:
        world = build_world(home, args.notes)
    print(f"store: {world['notes']} notes ({world['copies']} copies of the demo's XHS notes), "
          f"built in {world['seconds']:.1f} s")
    passwords = {name: password for name, _role, password in world["logins"]}
    port = args.port or free_port()
    load_before = os.getloadavg()[0]
    server = start_server(home, port, args.workers)
    driver = args.driver if args.driver != "auto" else ("wrk" if shutil.which("wrk") else "httpx")
    pages = DASHBOARD + EXTRA + BASELINES
    try:
        if driver == "wrk":
            stats, cold, cpu = run_wrk(f"http://127.0.0.1:{port}", args.users, args.seconds,
                                       passwords, pages, server.pid)
        else:
            samples, errors, wall, cold = asyncio.run(
                run_load(f"http://127.0.0.1:{port}", args.users, args.rounds, passwords, pages))
            stats = {p: (len(v), statistics.median(v), quantile(v, 0.95), max(v), errors.get(p, 0))
                     for p, v in samples.items()}
            cpu = {}
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    total = sum(v[0] for v in stats.values())
    base_p95 = stats["/api/me"][2]
    how = (f"wrk, {args.users} connections for {args.seconds} s per page" if driver == "wrk" else
           f"asyncio+httpx, {args.users} users × {args.rounds} rounds")
    print(f"\n{how}: {total} requests; server: {args.workers} worker process(es); "
          f"load average before the run: {load_before:.1f} on {os.cpu_count()} CPUs")
    print(f"{'page':<28}{'cold ms':>9}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
          f"{'p95/api-me':>12}{'cpu ms/req':>11}{'errors':>8}  target")
    worst = 0.0
    for path in pages:
        n, p50, p95, top, errs = stats[path]
        target = ""
        if path in DASHBOARD:
            worst = max(worst, p95)
            target = "ok" if p95 <= TARGET_P95_MS else f"MISS (> {TARGET_P95_MS:.0f} ms)"
        cpu_ms = f"{cpu[path]:.1f}" if path in cpu else "-"
        print(f"{path:<28}{cold.get(path, 0):>9.0f}{n:>7}{p50:>9.1f}{p95:>9.1f}{top:>9.1f}"
              f"{p95 / base_p95 if base_p95 else 0:>12.1f}{cpu_ms:>11}{errs:>8}  {target}")
    print(f"\nworst dashboard p95: {worst:.1f} ms (target ≤ {TARGET_P95_MS:.0f} ms); "
          f"errors: {sum(v[4] for v in stats.values())} (target 0)")
    if not args.keep and not args.home:
        shutil.rmtree(home, ignore_errors=True)
    elif args.keep:
        print(f"workspace kept: {home}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
