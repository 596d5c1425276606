"""Private-message conversations with the home bank's Xiaohongshu accounts.

Each account has its own service level, the hidden truth behind the SLA report: the Guangdong
branch answers within the hour in business hours, the head-office account within a few hours,
the Beijing and Shanghai branches late or never. The Guangdong branch gets a burst of questions
around its 五一 guide, as the article's interviewee describes.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from redfunnel.demo.dm_text import DM_INTENTS, script_for
from redfunnel.demo.posting import WUYI_GUIDE_AT
from redfunnel.demo.world import DmMessage

__all__ = ["DM_PLAN", "build_dms"]

# account -> (conversations, reply probability, median first-reply hours, business hours only)
DM_PLAN: dict[str, tuple[int, float, float, bool]] = {
    "中国银行": (105, 0.86, 3.0, True),
    "中国银行广东省分行": (95, 0.96, 0.4, True),
    "中国银行信用卡": (55, 0.90, 1.0, False),
    "中国银行北京市分行": (25, 0.60, 26.0, True),
    "中国银行上海市分行": (20, 0.40, 50.0, True),
}
_INTENT_WEIGHTS: dict[str, dict[str, float]] = {
    "中国银行": {"receipt": 20, "consumer_loan": 18, "gold_fee": 18, "fraud_risk": 10,
                 "complaint": 10, "card_loss": 8, "branch_hours": 6, "fx": 6, "credit_card": 4},
    "中国银行信用卡": {"credit_card": 32, "card_loss": 14, "complaint": 16, "fraud_risk": 16,
                       "consumer_loan": 12, "receipt": 5, "fx": 5},
    "branch": {"branch_hours": 24, "receipt": 20, "consumer_loan": 15, "gold_fee": 15,
               "card_loss": 9, "complaint": 8, "fraud_risk": 6, "fx": 3},
}


def _weights(account: str) -> dict[str, float]:
    return _INTENT_WEIGHTS.get(account, _INTENT_WEIGHTS["branch"])


def _waking(rng: random.Random, day: datetime) -> datetime:
    hour = rng.choices(range(7, 24), weights=[1, 3, 5, 6, 6, 6, 5, 5, 5, 5, 5, 5, 6, 7, 7, 6, 4])[0]
    return day.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60), microsecond=0)


def _in_business_hours(rng: random.Random, moment: datetime) -> datetime:
    """Push a reply that would land outside 9:00–18:00 (or on a weekend) to the next opening."""
    t = moment
    if t.hour >= 18:
        t = (t + timedelta(days=1)).replace(hour=9, minute=0)
    elif t.hour < 9:
        t = t.replace(hour=9, minute=0)
    while t.weekday() >= 5:
        t = (t + timedelta(days=1)).replace(hour=9, minute=0)
    if t != moment:
        t += timedelta(minutes=rng.uniform(2, 55))
    return t.replace(microsecond=0)


def build_dms(rng: random.Random, now: datetime, window_days: int = 210) -> list[DmMessage]:
    """About 300 conversations, messages in time order per conversation."""
    out: list[DmMessage] = []
    for account, (n_conv, reply_p, median_h, business) in DM_PLAN.items():
        weights = _weights(account)
        for _ in range(n_conv):
            if account == "中国银行广东省分行" and rng.random() < 0.22:
                day = WUYI_GUIDE_AT + timedelta(days=rng.uniform(0, 9))
                intent = rng.choice(("branch_hours", "branch_hours", "receipt", "gold_fee"))
            else:
                day = now - timedelta(days=rng.uniform(1, window_days))
                intent = rng.choices(list(weights), weights=list(weights.values()))[0]
            assert intent in DM_INTENTS
            start = _waking(rng, day)
            conv_id = f"dm_{int(start.timestamp()):08x}{rng.getrandbits(40):010x}"
            answered = rng.random() < reply_p
            t = start
            for i, (sender, text) in enumerate(script_for(rng, intent).turns):
                if sender == "brand":
                    if not answered:
                        break
                    wait = timedelta(hours=median_h * math.exp(rng.gauss(0, 0.9)))
                    t = (t + wait).replace(microsecond=0)
                    if business:
                        t = _in_business_hours(rng, t)
                elif i > 0:
                    t = (t + timedelta(minutes=rng.uniform(0.3, 25))).replace(microsecond=0)
                if t >= now:
                    break
                msg_id = "" if rng.random() < 0.05 else f"msg_{rng.getrandbits(64):016x}"
                out.append(DmMessage(conv_id, msg_id, account, sender, text, t, intent))
    out.sort(key=lambda m: (m.account, m.conversation_id, m.sent_at))
    return out
