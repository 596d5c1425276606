"""The funnel domain's demo step: register the demo's tracking codes, a demo holdout, and check
attribution on the demo's touchpoints against the truth the demo world was drawn from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from redfunnel.funnel.attribution import attribute
from redfunnel.funnel.funnel import STAGE_NAMES_ZH, funnel
from redfunnel.funnel.incrementality import record_holdout
from redfunnel.funnel.journeys import load_journeys
from redfunnel.funnel.models import HoldoutTest
from redfunnel.funnel.tracking import discover_codes

__all__ = ["run"]

DEMO_HOLDOUT = "DEMO-聚光-人群留出-2026Q3"


def run(engine: Engine, *, data_dir: Path, home: Path, seed: int) -> dict[str, Any]:
    """Discover codes, record the demo holdout once, and compare attribution with the truth."""
    from redfunnel.demo.journeys import demo_truth

    found = discover_codes(engine, actor="demo")
    with engine.connect() as conn:
        exists = conn.execute(select(HoldoutTest.__table__.c.id)
                              .where(HoldoutTest.__table__.c.test_key == DEMO_HOLDOUT)).first()
    if not exists:
        record_holdout(engine, test_key=DEMO_HOLDOUT, channel="xhs_juguang", design="audience",
                       treated_units=8000, treated_conversions=328, control_units=8000,
                       control_conversions=160, attributed=260,
                       note="演示数据：聚光投放人群随机留出 8000 人作对照；归因数为实验组中路径归因记给聚光的转化",
                       actor="demo")
    total = funnel(engine, "total")
    stages = total[0].counts if total else {}
    result = attribute(load_journeys(engine, "channel"))
    truth = demo_truth(seed).truth_shares
    errors = {m: round(100 * sum(abs(result.shares[m].get(c, 0.0) - s) for c, s in truth.items())
                       / len(truth), 1) for m in result.shares}
    return {
        "tracking_codes": found,
        "funnel": {STAGE_NAMES_ZH[s]: int(v) for s, v in stages.items() if v is not None},
        "journeys": int(result.journeys),
        "shares_pct": {
            "markov": {c: round(100 * v, 1) for c, v in result.shares["markov"].items()},
            "shapley": {c: round(100 * v, 1) for c, v in result.shares["shapley"].items()},
            "last": {c: round(100 * v, 1) for c, v in result.shares["last"].items()},
            "truth": {c: round(100 * v, 1) for c, v in truth.items()},
        },
        "share_mae_vs_truth_pp": errors,
    }
