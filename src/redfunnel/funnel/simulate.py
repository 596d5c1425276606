"""Simulated customer journeys with known causal channel effects (the attribution truth checks).

Each user has a latent purchase intent. Each channel touches a user with some probability, a
number of times, and every touch raises the conversion probability by the channel's hazard
(noisy-OR): ``P(convert) = 1 - (1 - baseline·intent) · Π (1 - hazard_c)^touches_c``. The truth
is the user-level exact Shapley split of each user's *expected incremental* conversion
probability, summed over users — what a perfect attribution method should return.

In a *confounded* world the intent-targeted channels (DM replies, brand search) reach mostly
high-intent users and come last before the conversion, which is what makes path-based methods
over-credit them (``reference/roi-attribution.md`` §3). The demo world writes one unconfounded
world as ``bank/touchpoints.csv`` so attribution on the demo can be compared with its truth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from redfunnel.funnel.attribution import Journey

__all__ = ["ChannelTruth", "SimWorld", "DEFAULT_CHANNELS", "simulate_journeys"]


@dataclass(frozen=True)
class ChannelTruth:
    """One channel's reach, touch frequency and causal per-touch uplift."""

    name: str
    reach: float
    extra_touches: float
    hazard: float
    intent_targeted: bool = False


DEFAULT_CHANNELS: tuple[ChannelTruth, ...] = (
    ChannelTruth("xhs", 0.55, 1.0, 0.030),
    ChannelTruth("xhs_juguang", 0.30, 0.6, 0.022),
    ChannelTruth("wechat", 0.35, 0.5, 0.018),
    ChannelTruth("douyin", 0.30, 0.5, 0.012),
    ChannelTruth("dm", 0.10, 0.2, 0.015, intent_targeted=True),
)


@dataclass
class UserPath:
    """One simulated user's touches (channel, day) and conversion, for writing files."""

    user: int
    touches: list[tuple[str, float]]
    converted: bool
    converted_at: float | None


@dataclass
class SimWorld:
    """Observed journeys (users with at least one touch) and the truth behind them."""

    channels: tuple[ChannelTruth, ...]
    journeys: list[Journey]
    paths: list[UserPath]
    truth_credit: dict[str, float]
    truth_shares: dict[str, float] = field(default_factory=dict)
    observed_conversions: int = 0
    incremental_conversions: float = 0.0

    @property
    def incremental_fraction(self) -> float:
        """Expected incremental conversions ÷ observed conversions of touched users."""
        return self.incremental_conversions / self.observed_conversions if self.observed_conversions else 0.0


def _shapley_truth(log_q: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Per-user exact Shapley of ``v(T) = keep · (1 - Π_{c∈T} q_c)`` over all K channels."""
    n_users, k = log_q.shape
    masks = np.arange(1 << k)
    bits = ((masks[:, None] >> np.arange(k)) & 1).astype(float)
    value = keep[:, None] * (1 - np.exp(log_q @ bits.T))
    sizes = bits.sum(axis=1).astype(int)
    out = np.zeros((n_users, k))
    for i in range(k):
        without = masks[(masks >> i) & 1 == 0]
        w = np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k)
                      for s in sizes[without]])
        out[:, i] = (value[:, without | (1 << i)] - value[:, without]) @ w
    return out


def simulate_journeys(
    seed: int = 1,
    n_users: int = 60_000,
    channels: tuple[ChannelTruth, ...] = DEFAULT_CHANNELS,
    baseline: float = 0.004,
    confounded: bool = False,
    window_days: float = 30.0,
) -> SimWorld:
    """Draw a world; ``confounded`` makes intent drive the intent-targeted channels' reach."""
    rng = np.random.default_rng(seed)
    k = len(channels)
    intent = rng.lognormal(mean=-0.32, sigma=0.8, size=n_users)  # mean ≈ 1
    touches = np.zeros((n_users, k), dtype=int)
    for c, ch in enumerate(channels):
        reach = np.full(n_users, ch.reach)
        if confounded and ch.intent_targeted:
            reach = np.minimum(0.95, ch.reach * 2.5 * intent ** 1.5)
        reached = rng.random(n_users) < reach
        touches[:, c] = np.where(reached, 1 + rng.poisson(ch.extra_touches, n_users), 0)
    hazards = np.array([ch.hazard for ch in channels])
    if confounded:
        # intent-targeted channels also work better on the people they pick: still causal
        pass
    log_q = touches * np.log1p(-hazards)[None, :]
    base = np.minimum(0.5, baseline * intent)
    p_none = 1 - base
    p_conv = 1 - p_none * np.exp(log_q.sum(axis=1))
    converted = rng.random(n_users) < p_conv
    touched = touches.sum(axis=1) > 0
    truth_matrix = _shapley_truth(log_q[touched], p_none[touched])
    truth_credit = {ch.name: float(truth_matrix[:, c].sum()) for c, ch in enumerate(channels)}
    total = sum(truth_credit.values())
    journeys: list[Journey] = []
    paths: list[UserPath] = []
    for u in np.nonzero(touched)[0]:
        events: list[tuple[float, str]] = []
        for c, ch in enumerate(channels):
            for _ in range(touches[u, c]):
                if confounded and ch.intent_targeted:
                    t = float(rng.uniform(window_days - 4, window_days - 0.5))
                else:
                    t = float(rng.uniform(0, window_days - 2))
                events.append((t, ch.name))
        events.sort()
        conv_at = events[-1][0] + float(rng.exponential(0.5)) if converted[u] else None
        labels = tuple(e[1] for e in events)
        times = tuple(e[0] for e in events)
        journeys.append(Journey(labels, times, bool(converted[u]), conv_at))
        paths.append(UserPath(int(u), [(name, t) for t, name in events], bool(converted[u]), conv_at))
    observed = int(converted[touched].sum())
    return SimWorld(channels, journeys, paths, truth_credit,
                    {name: v / total for name, v in truth_credit.items()}, observed, total)
