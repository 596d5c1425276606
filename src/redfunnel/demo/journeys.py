"""Multi-touch journeys of the demo world (``bank/touchpoints.csv``) with known channel effects.

The bank can join a customer's touches across channels only for customers who identified
themselves (app log-in after scanning a code, a DM lead who later applied); the demo writes such
a file from :func:`redfunnel.funnel.simulate.simulate_journeys` — an unconfounded world whose
true credit shares are known — and dresses the touches with the demo's own tracking codes,
notes and campaigns. :func:`demo_truth` recomputes the truth for a seed, so the demo step can
print attribution next to it without writing the answer into the data directory.
"""

from __future__ import annotations

import csv
import random
from datetime import timedelta
from pathlib import Path

from redfunnel.demo.world import World
from redfunnel.funnel.simulate import DEFAULT_CHANNELS, SimWorld, simulate_journeys

__all__ = ["TOUCH_HEADERS", "DEMO_JOURNEY_USERS", "demo_truth", "write_touchpoints"]

TOUCH_HEADERS = ("journey_id", "time", "channel", "touch", "tracking_code", "note_id",
                 "campaign_id", "conversion_id", "product")
DEMO_JOURNEY_USERS = 12_000
DEMO_BASELINE = 0.02
_TOUCH = {"xhs": "view", "xhs_juguang": "exposure", "wechat": "view", "douyin": "view", "dm": "dm"}


def demo_truth(seed: int) -> SimWorld:
    """The simulated world behind the demo's touchpoints (same seed → same world)."""
    return simulate_journeys(seed=seed % (2**32), n_users=DEMO_JOURNEY_USERS,
                             channels=DEFAULT_CHANNELS, baseline=DEMO_BASELINE)


def write_touchpoints(world: World, root: Path) -> dict[str, int]:
    """Write ``bank/touchpoints.csv``; return its row and journey counts."""
    rng = random.Random(f"redfunnel-demo:{world.seed}:touchpoints")
    sim = demo_truth(world.seed)
    promoted = {s.campaign_id for s in world.spend if s.channel == "xhs_juguang"}
    pools: dict[str, list[tuple[str, str, str, str]]] = {"xhs": [], "xhs_juguang": [], "wechat": [],
                                                          "douyin": [], "dm": []}
    for tc in world.tracking:
        if tc.code in promoted:
            pools["xhs_juguang"].append((tc.code, tc.note_id, tc.code, tc.product))
        elif tc.channel == "xhs" and tc.note_id:
            pools["xhs"].append((tc.code, tc.note_id, "", tc.product))
        elif tc.channel in ("wechat", "douyin"):
            pools[tc.channel].append((tc.code, "", tc.code, tc.product))
    latest_start = world.now - timedelta(days=35)
    rows: list[list[object]] = []
    for path in sim.paths:
        start = latest_start - timedelta(days=rng.uniform(0, 110), minutes=rng.randrange(1440))
        jid = f"J{world.seed % 1000:03d}{path.user:06d}"
        product = ""
        for channel, day in path.touches:
            at = (start + timedelta(days=day)).replace(microsecond=0)
            code = note = campaign = ""
            if pools[channel]:
                code, note, campaign, product = rng.choice(pools[channel])
            rows.append([jid, at.isoformat(timespec="seconds"), channel, _TOUCH[channel], code, note,
                         campaign, "", ""])
        if path.converted and path.converted_at is not None:
            at = (start + timedelta(days=path.converted_at)).replace(microsecond=0)
            rows.append([jid, at.isoformat(timespec="seconds"), "app", "conversion", "", "", "",
                         f"TP{rng.getrandbits(40):010X}", product or "credit_card"])
    target = root / "bank" / "touchpoints.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(TOUCH_HEADERS)
        writer.writerows(rows)
    return {"touchpoints": len(rows), "journeys": len(sim.paths)}
