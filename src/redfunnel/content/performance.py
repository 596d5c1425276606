"""What earns engagement: median interactions by pillar, product, segment, format, weekday and
hour, with bootstrap intervals, for one account and for its peers.

Why medians with bootstrap intervals: note engagement is heavy-tailed (one viral note outweighs a
hundred ordinary ones), so means mislead and normal-theory intervals do not apply; a percentile
bootstrap of the median is honest for any shape. Peers are the other institutions' accounts of
the same category (股份制 vs 股份制, 城商行 vs 城商行) on the same platform.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from redfunnel.content.dataset import WEEKDAYS_ZH, LabelledNote

DIMENSIONS: dict[str, Callable[[LabelledNote], str | None]] = {
    "pillar": lambda n: n.pillar,
    "product": lambda n: n.product,
    "segment": lambda n: n.segment,
    "format": lambda n: n.format,
    "weekday": lambda n: WEEKDAYS_ZH[n.local_time.weekday()] if n.local_time else None,
    "hour": lambda n: f"{n.local_time.hour:02d}时" if n.local_time else None,
}
DIMENSION_ZH = {
    "pillar": "内容支柱",
    "product": "产品线",
    "segment": "人群",
    "format": "形式",
    "weekday": "星期",
    "hour": "发布时段",
}


def bootstrap_median(
    values: Sequence[float], *, b: int = 1000, level: float = 0.95, seed: int = 0
) -> tuple[float, float, float]:
    """Median and its percentile-bootstrap interval (deterministic for a given seed)."""
    x = np.asarray(values, dtype=float)
    if len(x) == 0:
        return (float("nan"), float("nan"), float("nan"))
    med = float(np.median(x))
    if len(x) == 1:
        return (med, med, med)
    rng = np.random.default_rng(seed)
    meds = np.empty(b)
    step = max(1, 2_000_000 // len(x))
    for start in range(0, b, step):
        k = min(step, b - start)
        meds[start : start + k] = np.median(x[rng.integers(0, len(x), size=(k, len(x)))], axis=1)
    alpha = (1 - level) / 2
    lo, hi = np.quantile(meds, [alpha, 1 - alpha])
    return (med, float(lo), float(hi))


def by_dimension(
    notes: Sequence[LabelledNote], dimension: str, *, min_notes: int = 1, seed: int = 0
) -> list[dict[str, Any]]:
    """One row per value of ``dimension``: notes, median interactions and its 95% interval."""
    groups: dict[str, list[int]] = defaultdict(list)
    key = DIMENSIONS[dimension]
    for n in notes:
        k = key(n)
        if k is not None:
            groups[k].append(n.interactions)
    rows = []
    for value, xs in groups.items():
        if len(xs) < min_notes:
            continue
        med, lo, hi = bootstrap_median(xs, seed=seed)
        rows.append({"value": value, "notes": len(xs), "median": med, "ci_low": lo, "ci_high": hi})
    rows.sort(key=lambda r: (-r["median"], -r["notes"]))
    return rows


def performance(
    notes: Sequence[LabelledNote],
    *,
    dimensions: Sequence[str] = tuple(DIMENSIONS),
    min_notes: int = 1,
) -> dict[str, list[dict[str, Any]]]:
    """``by_dimension`` for every dimension."""
    return {d: by_dimension(notes, d, min_notes=min_notes) for d in dimensions}


def account_vs_peers(
    all_notes: Sequence[LabelledNote],
    account_id: int,
    *,
    dimensions: Sequence[str] = tuple(DIMENSIONS),
    min_notes: int = 1,
) -> dict[str, Any]:
    """The account's medians next to its peers' (same category, other institutions).

    ``ratio`` is account median / peer median (None when the peers' median is 0); intervals are
    given for both sides so a reader can see when a difference is within noise.
    """
    own = [n for n in all_notes if n.account_id == account_id]
    if not own:
        return {"account_id": account_id, "notes": 0, "peers": 0, "dimensions": {}}
    category, institution = own[0].category, own[0].institution
    peers = [
        n
        for n in all_notes
        if n.account_id != account_id and n.category == category and n.institution != institution
    ]
    out: dict[str, Any] = {
        "account_id": account_id,
        "category": category,
        "notes": len(own),
        "peers": len(peers),
        "peer_accounts": len({n.account_id for n in peers}),
        "dimensions": {},
    }
    for d in dimensions:
        mine = {r["value"]: r for r in by_dimension(own, d)}
        theirs = {r["value"]: r for r in by_dimension(peers, d, min_notes=min_notes)}
        rows = []
        for value in sorted(
            set(mine) | set(theirs), key=lambda v: -(theirs.get(v, {}).get("median") or 0)
        ):
            m, t = mine.get(value), theirs.get(value)
            rows.append(
                {
                    "value": value,
                    "notes": m["notes"] if m else 0,
                    "median": m["median"] if m else None,
                    "ci": [m["ci_low"], m["ci_high"]] if m else None,
                    "peer_notes": t["notes"] if t else 0,
                    "peer_median": t["median"] if t else None,
                    "peer_ci": [t["ci_low"], t["ci_high"]] if t else None,
                    "ratio": (m["median"] / t["median"]) if m and t and t["median"] else None,
                }
            )
        out["dimensions"][d] = rows
    return out
