"""Multi-touch attribution: seven ways of sharing conversions among the touches before them.

Rule-based methods (first, last, linear, time-decay, position-based) only look at converting
journeys; the Markov removal effect and coalition Shapley also learn from journeys that did not
convert, which is why they are the ones checked against a simulated truth
(``tests/funnel/test_truth.py``). All of them are *descriptive credit*: they share out every
observed conversion, including those that would have happened anyway, so none of them is a
causal ROI (``redfunnel.funnel.incrementality`` scales credit by holdout results). Showing them
side by side, with their disagreement, is the honest way to present them.

Pure numpy; the Markov chain is solved analytically (no random walks), Shapley is exact over
at most :data:`MAX_SHAPLEY_PLAYERS` labels (2^12 coalitions).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "METHODS", "MAX_SHAPLEY_PLAYERS", "Journey", "AttributionResult", "attribute", "first_touch",
    "last_touch", "linear", "time_decay", "position_based", "markov_removal", "shapley",
    "group_labels",
]

MAX_SHAPLEY_PLAYERS = 12
OTHER_LABEL = "其他"
METHODS = ("first", "last", "linear", "time_decay", "position", "markov", "shapley")
METHOD_NAMES_ZH = {
    "first": "首次触点", "last": "末次触点", "linear": "线性", "time_decay": "时间衰减",
    "position": "位置（40/20/40）", "markov": "马尔可夫移除效应", "shapley": "Shapley 联盟",
}


@dataclass(frozen=True)
class Journey:
    """Touches of one (pseudonymous) customer in time order, and whether and when they converted.

    ``times`` are in days on any common clock; ``converted_at`` is on the same clock. ``weight``
    lets identical journeys be passed once (e.g. aggregated paths).
    """

    labels: tuple[str, ...]
    times: tuple[float, ...] = ()
    converted: bool = False
    converted_at: float | None = None
    weight: float = 1.0

    def __post_init__(self) -> None:
        if self.times and len(self.times) != len(self.labels):
            raise ValueError("times and labels differ in length")


Credits = dict[str, float]


def _converting(journeys: Iterable[Journey]) -> Iterable[Journey]:
    return (j for j in journeys if j.converted and j.labels)


def first_touch(journeys: Sequence[Journey]) -> Credits:
    """All credit to the first touch."""
    out: Credits = defaultdict(float)
    for j in _converting(journeys):
        out[j.labels[0]] += j.weight
    return dict(out)


def last_touch(journeys: Sequence[Journey]) -> Credits:
    """All credit to the last touch before conversion."""
    out: Credits = defaultdict(float)
    for j in _converting(journeys):
        out[j.labels[-1]] += j.weight
    return dict(out)


def linear(journeys: Sequence[Journey]) -> Credits:
    """Equal credit to every touch (a label touched twice gets two shares)."""
    out: Credits = defaultdict(float)
    for j in _converting(journeys):
        for label in j.labels:
            out[label] += j.weight / len(j.labels)
    return dict(out)


def time_decay(journeys: Sequence[Journey], half_life_days: float = 7.0) -> Credits:
    """Credit halves for every ``half_life_days`` a touch lies before the conversion.

    Journeys without times fall back to position: the last touch is "now" and each earlier touch
    one day older, so the method still works on plain paths.
    """
    out: Credits = defaultdict(float)
    for j in _converting(journeys):
        n = len(j.labels)
        if j.times:
            end = j.converted_at if j.converted_at is not None else j.times[-1]
            ages = [max(0.0, end - t) for t in j.times]
        else:
            ages = [float(n - 1 - i) for i in range(n)]
        weights = [0.5 ** (a / half_life_days) for a in ages]
        total = sum(weights)
        for label, w in zip(j.labels, weights, strict=True):
            out[label] += j.weight * w / total
    return dict(out)


def position_based(journeys: Sequence[Journey], first: float = 0.4, last: float = 0.4) -> Credits:
    """U-shaped: ``first`` and ``last`` to the ends, the rest evenly to the middle touches.

    One touch gets everything; two touches split first:last in proportion (50/50 by default).
    """
    out: Credits = defaultdict(float)
    for j in _converting(journeys):
        n = len(j.labels)
        if n == 1:
            out[j.labels[0]] += j.weight
        elif n == 2:
            out[j.labels[0]] += j.weight * first / (first + last)
            out[j.labels[1]] += j.weight * last / (first + last)
        else:
            out[j.labels[0]] += j.weight * first
            out[j.labels[-1]] += j.weight * last
            for label in j.labels[1:-1]:
                out[label] += j.weight * (1 - first - last) / (n - 2)
    return dict(out)


def _markov_conversion_probability(
    q: np.ndarray, start: np.ndarray, to_conv: np.ndarray, removed: int | None = None
) -> float:
    """P(reach conversion from start) of the absorbing chain, optionally with one state removed.

    Removing a state makes every path into it end without conversion: its row and column of
    the transient matrix and its conversion probability are zeroed.
    """
    q, start, to_conv = q.copy(), start.copy(), to_conv.copy()
    if removed is not None:
        q[:, removed] = 0.0
        q[removed, :] = 0.0
        to_conv[removed] = 0.0
        start[removed] = 0.0
    n = q.shape[0]
    x = np.linalg.solve(np.eye(n) - q, to_conv)
    return float(start @ x)


def markov_removal(journeys: Sequence[Journey]) -> Credits:
    """First-order Markov chain removal effect, solved analytically.

    States are the labels; every journey starts in ``start`` and ends in ``conversion`` or
    ``null``. A label's removal effect is the relative drop in P(conversion) when it is removed;
    conversions are shared in proportion to the removal effects.
    """
    labels = sorted({label for j in journeys for label in j.labels})
    if not labels:
        return {}
    index = {label: i for i, label in enumerate(labels)}
    n = len(labels)
    counts = np.zeros((n, n))
    start = np.zeros(n)
    conv = np.zeros(n)
    null = np.zeros(n)
    total_conv = 0.0
    for j in journeys:
        if not j.labels:
            continue
        path = [index[label] for label in j.labels]
        start[path[0]] += j.weight
        for a, b in zip(path, path[1:], strict=False):
            counts[a, b] += j.weight
        if j.converted:
            conv[path[-1]] += j.weight
            total_conv += j.weight
        else:
            null[path[-1]] += j.weight
    out_total = counts.sum(axis=1) + conv + null
    out_total[out_total == 0] = 1.0
    q = counts / out_total[:, None]
    to_conv = conv / out_total
    start_p = start / start.sum()
    base = _markov_conversion_probability(q, start_p, to_conv)
    if base <= 0:
        return dict.fromkeys(labels, 0.0)
    effects = np.array([1 - _markov_conversion_probability(q, start_p, to_conv, i) / base
                        for i in range(n)])
    effects = np.clip(effects, 0.0, None)
    if effects.sum() == 0:
        return dict.fromkeys(labels, 0.0)
    shares = effects / effects.sum()
    return {label: float(total_conv * s) for label, s in zip(labels, shares, strict=True)}


def _popcount(masks: np.ndarray) -> np.ndarray:
    counts = np.zeros_like(masks)
    m = masks.copy()
    while m.any():
        counts += m & 1
        m >>= 1
    return counts


def shapley(journeys: Sequence[Journey], prior_strength: float = 10.0) -> Credits:
    """Coalition Shapley credit over the sets of labels journeys touched (at most 12 labels).

    The value of a coalition T is the conversion rate of journeys that touched exactly T,
    shrunk towards the best rate among its observed sub-coalitions (``prior_strength``
    pseudo-journeys), so thinly observed coalitions do not swing the result and unobserved ones
    inherit from their parts. The empty coalition is worth the rate of journeys without any
    touch if the data has them, else 0 (then the baseline is shared out like every path method
    does). Each observed coalition S shares ``n_S * (v(S) - v(∅))`` among its members by exact
    Shapley; credits are then scaled to the number of observed conversions.
    """
    labels = sorted({label for j in journeys for label in j.labels})
    if len(labels) > MAX_SHAPLEY_PLAYERS:
        raise ValueError(f"Shapley supports at most {MAX_SHAPLEY_PLAYERS} labels; group them first")
    if not labels:
        return {}
    k = len(labels)
    bit = {label: 1 << i for i, label in enumerate(labels)}
    size = 1 << k
    n_obs = np.zeros(size)
    conv_obs = np.zeros(size)
    for j in journeys:
        mask = 0
        for label in j.labels:
            mask |= bit[label]
        n_obs[mask] += j.weight
        if j.converted:
            conv_obs[mask] += j.weight
    total_conv = conv_obs.sum()
    if total_conv == 0:
        return dict.fromkeys(labels, 0.0)
    masks = np.arange(size)
    observed = n_obs > 0
    raw = np.where(observed, conv_obs / np.where(observed, n_obs, 1.0), -np.inf)
    empty_value = raw[0] if observed[0] else 0.0
    raw[0] = empty_value
    # best raw rate over all sub-coalitions including itself (sum-over-subsets DP with max)
    best = raw.copy()
    for i in range(k):
        has = (masks >> i) & 1 == 1
        best[has] = np.maximum(best[has], best[masks[has] ^ (1 << i)])
    proper = np.full(size, empty_value)
    for i in range(k):
        has = (masks >> i) & 1 == 1
        proper[has] = np.maximum(proper[has], best[masks[has] ^ (1 << i)])
    denominator = np.where(observed, n_obs + prior_strength, 1.0)
    value = np.where(observed, (conv_obs + prior_strength * proper) / denominator, proper)
    value[0] = empty_value
    pops = _popcount(masks)
    credit = np.zeros(k)
    fact = [math.factorial(i) for i in range(k + 1)]
    for s in np.nonzero(observed)[0]:
        s = int(s)
        if s == 0:
            continue
        m = int(pops[s])
        subs = masks[(masks & ~s) == 0]
        for i in range(k):
            if not s >> i & 1:
                continue
            without = subs[(subs >> i) & 1 == 0]
            t = pops[without]
            weights = np.array([fact[x] * fact[m - x - 1] / fact[m] for x in t])
            phi = float(np.sum(weights * (value[without | (1 << i)] - value[without])))
            credit[i] += n_obs[s] * phi
    credit = np.clip(credit, 0.0, None)
    if credit.sum() == 0:
        return dict.fromkeys(labels, 0.0)
    credit = credit / credit.sum() * total_conv
    return {label: float(c) for label, c in zip(labels, credit, strict=True)}


def group_labels(journeys: Sequence[Journey], limit: int = MAX_SHAPLEY_PLAYERS) -> list[Journey]:
    """Keep the ``limit - 1`` most-touched labels and fold the rest into 其他 (Shapley's limit)."""
    touches = Counter(label for j in journeys for label in j.labels)
    if len(touches) <= limit:
        return list(journeys)
    keep = {label for label, _ in touches.most_common(limit - 1)}
    return [Journey(tuple(lab if lab in keep else OTHER_LABEL for lab in j.labels), j.times,
                    j.converted, j.converted_at, j.weight) for j in journeys]


@dataclass
class AttributionResult:
    """Credits per method and label, their shares and where the methods disagree."""

    conversions: float
    journeys: float
    labels: list[str]
    credits: dict[str, Credits]
    shares: dict[str, dict[str, float]] = field(default_factory=dict)
    disagreement: dict[str, float] = field(default_factory=dict)
    markov_shapley_gap: float = 0.0
    grouped: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "conversions": self.conversions, "journeys": self.journeys, "labels": self.labels,
            "credits": self.credits, "shares": self.shares, "disagreement": self.disagreement,
            "markov_shapley_gap": self.markov_shapley_gap, "grouped_into_other": self.grouped,
            "methods": {m: METHOD_NAMES_ZH[m] for m in METHODS},
        }


def attribute(journeys: Sequence[Journey], half_life_days: float = 7.0) -> AttributionResult:
    """Every method side by side; labels beyond Shapley's limit are grouped for all methods.

    ``disagreement[label]`` is the spread (max − min share, in share points 0–1) across methods;
    ``markov_shapley_gap`` is the mean absolute share difference of the two data-driven methods,
    a diagnostic: a large gap means neither should be read as more than a rough split.
    """
    was_grouped = len({label for j in journeys for label in j.labels}) > MAX_SHAPLEY_PLAYERS
    grouped = group_labels(journeys)
    labels = sorted({label for j in grouped for label in j.labels})
    credits = {
        "first": first_touch(grouped), "last": last_touch(grouped), "linear": linear(grouped),
        "time_decay": time_decay(grouped, half_life_days), "position": position_based(grouped),
        "markov": markov_removal(grouped), "shapley": shapley(grouped),
    }
    conversions = float(sum(j.weight for j in grouped if j.converted and j.labels))
    shares: dict[str, dict[str, float]] = {}
    for method, c in credits.items():
        total = sum(c.values())
        shares[method] = {label: (c.get(label, 0.0) / total if total else 0.0) for label in labels}
        credits[method] = {label: float(c.get(label, 0.0)) for label in labels}
    disagreement = {label: max(s[label] for s in shares.values()) - min(s[label] for s in shares.values())
                    for label in labels}
    gap = (float(np.mean([abs(shares["markov"][lab] - shares["shapley"][lab]) for lab in labels]))
           if labels else 0.0)
    return AttributionResult(conversions, float(sum(j.weight for j in grouped)), labels, credits,
                             shares, disagreement, gap, was_grouped)
