#!/usr/bin/env python3
"""Landscape benchmark: rankings, cadence and growth on a generated store of industry size.

Run from the repository root (see ``benchmarks/README.md``)::

    .venv/bin/python benchmarks/landscape_bench.py --quick --databases sqlite
    scripts/with-postgres.sh .venv/bin/python benchmarks/landscape_bench.py

What it does:

1. Generates, from a fixed seed, a store of 500 institution accounts (linked to registry banks,
   with roles and regions), 26 fortnightly follower snapshots each, 500,000 notes with account-
   specific cadences (steady, slowing, stopped) and 10 count snapshots per note (5,000,000), written
   with ``redfunnel.store.bulk.insert_rows`` in batches.
2. Times ``redfunnel.landscape.rankings.compute_landscape`` (every account row: followers,
   30/90-day growth, tier, percentile, posts, median gaps now and before, band, status, recent
   median interactions, 爆文率, content mix, plus institution matrices), best of ``--repeat`` runs.
3. Baseline in the same run on the same database: one hand-written SQL query computing the same
   follower ranking and cadence bands (latest snapshot, median gap of the trailing 90 days, 停更
   rule), best of ``--repeat`` runs. Its ranking and bands must equal redfunnel's, or the run is
   invalid (exit status 1).
4. Prints seconds, the ratio to the baseline, and the targets (< 5 s on SQLite, ≤ 2× baseline).

Exit status is 0 whatever the figures are; 1 only when the benchmark is invalid.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

TARGET_SQLITE_SECONDS = 5.0
TARGET_BASELINE_RATIO = 2.0
AS_OF = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
DEFAULT_SEED = 20261120
BATCH = 50_000
ROLES = ("主账号", "主账号", "主账号", "信用卡", "分行", "分行", "产品", "客服", "IP")
REGIONS = (None, None, "广东", "北京", "上海", "浙江", "江苏", "四川", "湖北", "山东")


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------


def _note_times(rng: random.Random, kind: str, count: int) -> list[datetime]:
    """``count`` publish times ending near AS_OF following one cadence kind."""
    mean_gap = max(0.2, 1100 / count)  # about three years of history
    times: list[datetime] = []
    t = AS_OF - timedelta(days=rng.uniform(0, 2))
    if kind == "stopped":
        t -= timedelta(days=rng.uniform(61, 240))
    for i in range(count):
        gap = rng.expovariate(1 / mean_gap)
        if kind == "slowing" and i < count // 20:
            gap *= 12  # the newest posts are far apart
        times.append(t)
        t -= timedelta(days=gap)
    return times


def generate(url: str, accounts: int, notes: int, per_note: int, seed: int) -> dict[str, int]:
    """Fill the store at ``url`` (already migrated and seeded); returns row counts."""
    from sqlalchemy import select

    from redfunnel.store import models, open_store
    from redfunnel.store.bulk import insert_rows

    rng = random.Random(seed)
    engine = open_store(url)
    inst = models.Institution.__table__
    with engine.connect() as conn:
        banks = list(
            conn.execute(select(inst.c.id, inst.c.short_name).where(inst.c.category != "其他"))
        )
    now = AS_OF
    acc_rows, snap_rows = [], []
    weights = [math.exp(rng.gauss(0, 0.8)) for _ in range(accounts)]
    total_w = sum(weights)
    counts = [max(1, round(notes * w / total_w)) for w in weights]
    counts[0] += notes - sum(counts)
    kinds = rng.choices(["steady", "slowing", "stopped"], weights=[80, 10, 10], k=accounts)
    for i in range(accounts):
        inst_id, short = banks[i % len(banks)]
        key = f"acc{i:05d}"
        role = rng.choice(ROLES)
        acc_rows.append(
            {
                "platform": "xhs",
                "account_key": key,
                "name": f"{short}{role}{i}",
                "user_id": key,
                "institution_id": inst_id,
                "match_confidence": 1.0,
                "match_status": "confirmed",
                "role": role,
                "region": rng.choice(REGIONS) if role == "分行" else None,
                "source_kind": "bench",
                "imported_at": now,
                "row_hash": "x",
                "last_seen_at": now,
            }
        )
        followers = float(int(math.exp(rng.gauss(8.5, 1.6))))
        for k in range(26):
            snap_rows.append(
                {
                    "platform": "xhs",
                    "account_key": key,
                    "captured_at": now - timedelta(days=14 * k),
                    "followers": int(followers),
                    "followers_is_floor": False,
                    "source_kind": "bench",
                    "imported_at": now,
                }
            )
            followers = max(1.0, followers * (1 - rng.uniform(0, 0.02)))
    note_cols = [
        "platform",
        "note_key",
        "account_key",
        "note_type",
        "title",
        "published_at",
        "likes",
        "collects",
        "comments",
        "shares",
        "likes_is_floor",
        "collects_is_floor",
        "comments_is_floor",
        "shares_is_floor",
        "counts_estimated",
        "source_kind",
        "imported_at",
        "row_hash",
        "last_seen_at",
    ]
    snap_cols = [
        "platform",
        "note_key",
        "captured_at",
        "likes",
        "collects",
        "comments",
        "shares",
        "likes_is_floor",
        "collects_is_floor",
        "comments_is_floor",
        "shares_is_floor",
        "source_kind",
        "imported_at",
    ]
    acc_cols = list(acc_rows[0])
    asnap_cols = list(snap_rows[0])
    written = {"accounts": 0, "account_snapshots": 0, "notes": 0, "note_snapshots": 0}
    with engine.begin() as conn:
        insert_rows(conn, models.Account.__table__, acc_cols, acc_rows)
        insert_rows(conn, models.AccountSnapshot.__table__, asnap_cols, snap_rows)
    written["accounts"], written["account_snapshots"] = len(acc_rows), len(snap_rows)
    note_buf: list[dict[str, Any]] = []
    snap_buf: list[dict[str, Any]] = []

    def flush() -> None:
        with engine.begin() as conn:
            insert_rows(conn, models.Note.__table__, note_cols, note_buf)
            insert_rows(conn, models.NoteSnapshot.__table__, snap_cols, snap_buf)
        written["notes"] += len(note_buf)
        written["note_snapshots"] += len(snap_buf)
        note_buf.clear()
        snap_buf.clear()

    serial = 0
    for i in range(accounts):
        key = f"acc{i:05d}"
        for published in _note_times(rng, kinds[i], counts[i]):
            serial += 1
            likes = int(math.exp(rng.gauss(4, 1.5)))
            floor = likes >= 100_000
            if floor:
                likes = 100_000
            note_key = f"n{serial:08d}"
            note_buf.append(
                {
                    "platform": "xhs",
                    "note_key": note_key,
                    "account_key": key,
                    "note_type": "视频" if rng.random() < 0.2 else "图文",
                    "title": f"笔记{serial}",
                    "published_at": published,
                    "likes": likes,
                    "collects": likes // 3,
                    "comments": likes // 20,
                    "shares": likes // 30,
                    "likes_is_floor": floor,
                    "collects_is_floor": False,
                    "comments_is_floor": False,
                    "shares_is_floor": False,
                    "counts_estimated": False,
                    "source_kind": "bench",
                    "imported_at": now,
                    "row_hash": "x",
                    "last_seen_at": now,
                }
            )
            for k in range(per_note):
                share = (k + 1) / per_note
                snap_buf.append(
                    {
                        "platform": "xhs",
                        "note_key": note_key,
                        "captured_at": published + timedelta(days=3 * (k + 1)),
                        "likes": int(likes * share),
                        "collects": int(likes * share) // 3,
                        "comments": int(likes * share) // 20,
                        "shares": int(likes * share) // 30,
                        "likes_is_floor": False,
                        "collects_is_floor": False,
                        "comments_is_floor": False,
                        "shares_is_floor": False,
                        "source_kind": "bench",
                        "imported_at": now,
                    }
                )
            if len(snap_buf) >= BATCH * max(1, per_note // 2) or len(note_buf) >= BATCH:
                flush()
    if note_buf:
        flush()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return written


# --------------------------------------------------------------------------------------------
# The baseline: one hand-written query for the follower ranking and cadence bands
# --------------------------------------------------------------------------------------------

BASELINE_SQL = """
WITH latest AS (
  SELECT s.platform, s.account_key, s.followers,
         ROW_NUMBER() OVER (PARTITION BY s.platform, s.account_key ORDER BY s.captured_at DESC, s.id DESC) AS rn
  FROM account_snapshot s
  WHERE s.followers IS NOT NULL AND s.captured_at <= :as_of
),
gaps AS (
  SELECT n.platform, n.account_key, n.published_at,
         {days} AS gap
  FROM note n
  WHERE n.published_at IS NOT NULL AND n.published_at <= :as_of
),
ordered AS (
  SELECT platform, account_key, gap,
         ROW_NUMBER() OVER (PARTITION BY platform, account_key ORDER BY gap) AS rn,
         COUNT(*) OVER (PARTITION BY platform, account_key) AS cnt
  FROM gaps WHERE published_at > :t90 AND gap IS NOT NULL
),
med AS (
  SELECT platform, account_key, AVG(gap) AS median_gap
  FROM ordered WHERE rn = (cnt + 1) / 2 OR rn = (cnt + 2) / 2
  GROUP BY platform, account_key
),
last_post AS (
  SELECT platform, account_key, MAX(published_at) AS last_at
  FROM note WHERE published_at IS NOT NULL AND published_at <= :as_of
  GROUP BY platform, account_key
)
SELECT a.name, l.followers,
       RANK() OVER (ORDER BY l.followers DESC) AS follower_rank,
       CASE WHEN lp.last_at IS NULL OR lp.last_at <= :t60 THEN '停更'
            WHEN m.median_gap <= 4 THEN '隔几日'
            WHEN m.median_gap <= 10 THEN '周更'
            WHEN m.median_gap <= 20 THEN '半月更'
            WHEN m.median_gap <= 45 THEN '月更'
            ELSE '不定期' END AS band
FROM account a
JOIN institution i ON i.id = a.institution_id
LEFT JOIN latest l ON l.platform = a.platform AND l.account_key = a.account_key AND l.rn = 1
LEFT JOIN med m ON m.platform = a.platform AND m.account_key = a.account_key
LEFT JOIN last_post lp ON lp.platform = a.platform AND lp.account_key = a.account_key
WHERE a.platform = 'xhs' AND a.match_status IN ('confirmed', 'auto')
ORDER BY l.followers DESC, a.name
"""

DAYS = {
    "sqlite": "julianday(n.published_at) - julianday(LAG(n.published_at) OVER "
    "(PARTITION BY n.platform, n.account_key ORDER BY n.published_at))",
    "postgresql": "EXTRACT(EPOCH FROM n.published_at - LAG(n.published_at) OVER "
    "(PARTITION BY n.platform, n.account_key ORDER BY n.published_at)) / 86400.0",
}


def run_baseline(url: str) -> tuple[float, list[tuple[Any, ...]]]:
    from sqlalchemy import text

    from redfunnel.store import open_store

    engine = open_store(url)
    sql = text(BASELINE_SQL.replace("{days}", DAYS[engine.dialect.name]))

    def bound(moment: datetime) -> Any:
        if engine.dialect.name == "sqlite":
            return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        return moment

    params = {
        "as_of": bound(AS_OF),
        "t90": bound(AS_OF - timedelta(days=90)),
        "t60": bound(AS_OF - timedelta(days=60)),
    }
    start = time.perf_counter()
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(sql, params)]
    seconds = time.perf_counter() - start
    engine.dispose()
    return seconds, rows


def run_redfunnel(url: str) -> tuple[float, list[tuple[Any, ...]]]:
    from redfunnel.landscape.rankings import compute_landscape
    from redfunnel.store import open_store

    engine = open_store(url)
    start = time.perf_counter()
    land = compute_landscape(engine, now=AS_OF)
    seconds = time.perf_counter() - start
    engine.dispose()
    rows = [(a["account"], a["followers"], a["rank"], a["cadence_band"]) for a in land.accounts]
    return seconds, rows


# --------------------------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------------------------


def _pg_url(admin_url: str, name: str) -> str:
    head, _, _ = admin_url.rpartition("/")
    return f"{head}/{name}"


def _admin(admin_url: str, statement: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(statement))
    engine.dispose()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--accounts", type=int, default=500)
    p.add_argument("--notes", type=int, default=500_000)
    p.add_argument("--snapshots-per-note", type=int, default=10)
    p.add_argument(
        "--quick", action="store_true", help="50 accounts, 50,000 notes, 500,000 snapshots"
    )
    p.add_argument("--databases", default="sqlite,postgres", help="comma list of sqlite,postgres")
    p.add_argument("--repeat", type=int, default=3, help="timed runs per query (best is reported)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--workdir", default=None)
    p.add_argument(
        "--keep", action="store_true", help="keep the SQLite database (its path is printed)"
    )
    args = p.parse_args(argv)
    if args.quick:
        args.accounts, args.notes = 50, 50_000
    args.databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    for d in args.databases:
        if d not in ("sqlite", "postgres"):
            p.error(f"unknown database {d!r}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    admin_url = os.environ.get("REDFUNNEL_TEST_PG_URL")
    databases = list(args.databases)
    if "postgres" in databases and not admin_url:
        databases.remove("postgres")
        print(
            "NOTICE: PostgreSQL skipped: REDFUNNEL_TEST_PG_URL is not set "
            "(run through scripts/with-postgres.sh)",
            flush=True,
        )
    base = Path(args.workdir) if args.workdir else Path(tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="redfunnel-landscape-bench-", dir=base))
    results: list[dict[str, Any]] = []
    invalid: list[str] = []
    snaps = args.notes * args.snapshots_per_note
    print(
        f"landscape benchmark: {args.accounts:,} accounts, {args.notes:,} notes, {snaps:,} note snapshots, "
        f"seed {args.seed}; Python {platform.python_version()}, {os.cpu_count()} CPUs",
        flush=True,
    )
    for kind in databases:
        pg_name = None
        if kind == "sqlite":
            url = f"sqlite:///{folder / 'landscape.db'}"
        else:
            assert admin_url
            pg_name = f"rf_landscape_bench_{uuid.uuid4().hex[:8]}"
            _admin(admin_url, f'CREATE DATABASE "{pg_name}"')
            url = _pg_url(admin_url, pg_name)
        try:
            start = time.perf_counter()
            written = generate(url, args.accounts, args.notes, args.snapshots_per_note, args.seed)
            gen_s = time.perf_counter() - start
            print(f"[{kind}] generated {written} in {gen_s:.1f} s", flush=True)
            ours, base_runs = [], []
            ours_rows: list[tuple[Any, ...]] = []
            base_rows: list[tuple[Any, ...]] = []
            for i in range(args.repeat):
                s, ours_rows = run_redfunnel(url)
                ours.append(s)
                b, base_rows = run_baseline(url)
                base_runs.append(b)
                print(f"[{kind}] run {i + 1}: redfunnel {s:.2f} s, baseline {b:.2f} s", flush=True)
            if ours_rows != [tuple(r) for r in base_rows]:
                diff = next(
                    ((a, b) for a, b in zip(ours_rows, base_rows, strict=False) if a != tuple(b)),
                    None,
                )
                invalid.append(
                    f"{kind}: ranking/bands differ from the baseline (first difference {diff}; "
                    f"{len(ours_rows)} vs {len(base_rows)} rows)"
                )
            results.append(
                {
                    "db": kind,
                    "ours": min(ours),
                    "base": min(base_runs),
                    "rows": len(ours_rows),
                    "gen": gen_s,
                }
            )
        finally:
            if pg_name and admin_url:
                _admin(admin_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    print()
    print(
        f"{'database':<10} {'accounts':>8} {'redfunnel s':>12} {'baseline s':>11} {'ratio':>6}  targets"
    )
    for r in results:
        ratio = r["ours"] / r["base"] if r["base"] else float("inf")
        marks = [
            f"≤{TARGET_BASELINE_RATIO:g}× baseline {'✓' if ratio <= TARGET_BASELINE_RATIO else '✗'}"
        ]
        if r["db"] == "sqlite":
            marks.insert(
                0,
                f"<{TARGET_SQLITE_SECONDS:g} s {'✓' if r['ours'] < TARGET_SQLITE_SECONDS else '✗'}",
            )
        print(
            f"{r['db']:<10} {r['rows']:>8,} {r['ours']:>12.2f} {r['base']:>11.2f} {ratio:>6.2f}  {', '.join(marks)}"
        )
    for line in invalid:
        print(f"INVALID: {line}")
    if args.keep:
        print(f"kept: {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
