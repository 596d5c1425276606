"""Gaps: pillars, products and audiences where peers earn high engagement and the account is absent
or weak, each with its evidence.

Peers are the other institutions' accounts of the same category on the same platform (when they
have fewer than ``MIN_PEER_NOTES`` notes, every other institution is used and the evidence says
so). A value is a gap when peers' median interactions on it are at least their overall median
(it works for them) and the account either posts it far less often than peers (share under half
of theirs, "absent"/"weak") or does worse on it than the lower end of the peers' interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from redfunnel.content.classify import LABEL_ZH
from redfunnel.content.dataset import LabelledNote
from redfunnel.content.performance import bootstrap_median

MIN_PEER_NOTES = 30
GAP_DIMENSIONS = ("pillar", "product", "segment")


def peers_of(
    notes: Sequence[LabelledNote], account_id: int
) -> tuple[list[LabelledNote], list[LabelledNote], str]:
    """The account's notes, its peers' notes and how peers were chosen."""
    own = [n for n in notes if n.account_id == account_id]
    inst = own[0].institution if own else None
    category = own[0].category if own else None
    others = [n for n in notes if n.account_id != account_id and n.institution != inst]
    same = [n for n in others if category and n.category == category]
    if len(same) >= MIN_PEER_NOTES:
        return own, same, f"同类机构（{category}）"
    return own, others, "全部其他机构（同类机构笔记不足）"


def find_gaps(notes: Sequence[LabelledNote], account_id: int, *, top: int = 8) -> dict[str, Any]:
    """Gaps ranked by how much engagement peers earn there and how far behind the account is."""
    own, peers, basis = peers_of(notes, account_id)
    if not peers:
        return {
            "account_id": account_id,
            "basis": basis,
            "notes": len(own),
            "peer_notes": 0,
            "gaps": [],
        }
    peer_overall = float(np.median([n.interactions for n in peers]))
    gaps = []
    for dim in GAP_DIMENSIONS:
        values = {getattr(n, dim) for n in peers}
        for value in values:
            if value in ("none", "general"):
                continue
            theirs = [n for n in peers if getattr(n, dim) == value]
            if len(theirs) < 5:
                continue
            mine = [n for n in own if getattr(n, dim) == value]
            med, lo, hi = bootstrap_median([n.interactions for n in theirs])
            if med < peer_overall:
                continue
            peer_share = len(theirs) / len(peers)
            own_share = len(mine) / len(own) if own else 0.0
            own_med = float(np.median([n.interactions for n in mine])) if mine else None
            if not mine:
                status = "absent"
            elif own_share < 0.5 * peer_share:
                status = "weak_share"
            elif own_med is not None and own_med < lo:
                status = "weak_engagement"
            else:
                continue
            lift = med / peer_overall if peer_overall else 1.0
            score = lift * max(peer_share - own_share, 0.02) * (1.5 if status == "absent" else 1.0)
            examples = sorted(theirs, key=lambda n: -n.interactions)[:3]
            gaps.append(
                {
                    "dimension": dim,
                    "value": value,
                    "label": LABEL_ZH[dim].get(value, value),
                    "status": status,
                    "score": round(score, 4),
                    "peer_notes": len(theirs),
                    "peer_institutions": len({n.institution for n in theirs}),
                    "peer_share": round(peer_share, 4),
                    "peer_median": med,
                    "peer_ci": [lo, hi],
                    "peer_overall_median": peer_overall,
                    "own_notes": len(mine),
                    "own_share": round(own_share, 4),
                    "own_median": own_med,
                    "examples": [
                        {
                            "title": n.title,
                            "institution": n.institution,
                            "account": n.account_name,
                            "interactions": n.interactions,
                        }
                        for n in examples
                    ],
                }
            )
    gaps.sort(key=lambda g: -g["score"])
    return {
        "account_id": account_id,
        "basis": basis,
        "notes": len(own),
        "peer_notes": len(peers),
        "peer_overall_median": peer_overall,
        "gaps": gaps[:top],
    }


STATUS_ZH = {"absent": "缺位", "weak_share": "发得少", "weak_engagement": "表现弱"}


def describe(gap: dict[str, Any]) -> str:
    """One Chinese sentence of evidence for a gap."""
    lo, hi = gap["peer_ci"]
    own = f"本账号 {gap['own_notes']} 篇" + (
        f"、中位互动 {gap['own_median']:.0f}" if gap["own_median"] is not None else ""
    )
    return (
        f"{gap['label']}：同业 {gap['peer_institutions']} 家机构发了 {gap['peer_notes']} 篇，"
        f"中位互动 {gap['peer_median']:.0f}（95%区间 {lo:.0f}–{hi:.0f}，"
        f"同业整体 {gap['peer_overall_median']:.0f}）；"
        f"{own}（{STATUS_ZH[gap['status']]}）"
    )
