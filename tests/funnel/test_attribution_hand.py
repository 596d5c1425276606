"""Attribution methods on four journeys whose credits are computed by hand.

Journeys (days; J1 and J2 convert at day 10):
  J1: A(0) → B(2) → C(9) → conversion      J2: B(5) → C(10) → conversion
  J3: A → C, no conversion                   J4: B, no conversion
"""

from __future__ import annotations

import pytest

from redfunnel.funnel.attribution import (
    Journey,
    attribute,
    first_touch,
    group_labels,
    last_touch,
    linear,
    markov_removal,
    position_based,
    shapley,
    time_decay,
)

J = [
    Journey(("A", "B", "C"), (0.0, 2.0, 9.0), True, 10.0),
    Journey(("B", "C"), (5.0, 10.0), True, 10.0),
    Journey(("A", "C"), (1.0, 3.0), False),
    Journey(("B",), (4.0,), False),
]


def _approx(d: dict[str, float]) -> dict[str, object]:
    return {k: pytest.approx(v, abs=1e-9) for k, v in d.items()}


def test_rule_based_methods() -> None:
    assert first_touch(J) == {"A": 1.0, "B": 1.0}
    assert last_touch(J) == {"C": 2.0}
    assert linear(J) == _approx({"A": 1 / 3, "B": 1 / 3 + 1 / 2, "C": 1 / 3 + 1 / 2})
    assert position_based(J) == _approx({"A": 0.4, "B": 0.2 + 0.5, "C": 0.4 + 0.5})


def test_time_decay_halves_credit_per_half_life() -> None:
    w1 = [2 ** (-10 / 7), 2 ** (-8 / 7), 2 ** (-1 / 7)]
    w2 = [2 ** (-5 / 7), 1.0]
    expected = {"A": w1[0] / sum(w1), "B": w1[1] / sum(w1) + w2[0] / sum(w2),
                "C": w1[2] / sum(w1) + w2[1] / sum(w2)}
    assert time_decay(J, half_life_days=7) == _approx(expected)


def test_markov_removal_effect() -> None:
    # P(conv) = 1/2; removing A → 2/9 (RE 5/9), B → 1/6 (RE 2/3), C → 0 (RE 1); shares 5:6:9
    assert markov_removal(J) == _approx({"A": 2 * 5 / 20, "B": 2 * 6 / 20, "C": 2 * 9 / 20})


def test_coalition_shapley() -> None:
    # v(BC) = v(ABC) = 1, every other coalition 0: A is a null player, B and C split evenly
    assert shapley(J, prior_strength=0) == _approx({"A": 0.0, "B": 1.0, "C": 1.0})


def test_single_touch_gets_everything_in_every_method() -> None:
    one = [Journey(("X",), (0.0,), True, 1.0), Journey(("X",), (0.0,), False)]
    result = attribute(one)
    for method, credit in result.credits.items():
        assert credit == {"X": pytest.approx(1.0)}, method


def test_side_by_side_shows_disagreement() -> None:
    result = attribute(J)
    assert result.conversions == 2
    assert result.shares["last"]["C"] == 1.0 and result.shares["first"]["C"] == 0.0
    assert result.disagreement["C"] == pytest.approx(1.0)
    for method in result.shares:
        assert sum(result.shares[method].values()) == pytest.approx(1.0)


def test_more_than_twelve_labels_are_grouped_for_shapley() -> None:
    journeys = [Journey((f"n{i}", f"n{(i + 1) % 15}"), (0.0, 1.0), i % 2 == 0, 2.0) for i in range(15)]
    grouped = group_labels(journeys)
    assert len({lab for j in grouped for lab in j.labels}) == 12
    result = attribute(journeys)
    assert result.grouped and "其他" in result.labels
    with pytest.raises(ValueError):
        shapley(journeys)
