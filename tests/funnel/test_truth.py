"""Truth checks: attribution against simulated worlds whose causal channel effects are known.

Unconfounded world: Markov removal and coalition Shapley shares are within 8 percentage points
of the truth (mean absolute error over channels; Shapley also channel by channel). Markov is
known to compress shares towards equal (here it gives the strongest channel about 36% instead
of 54%), which the per-channel bound would not allow, so it is documented rather than hidden.

Confounded world (DMs reach high-intent users right before they convert): the documented bias —
last touch and Markov over-credit DMs and under-credit 种草 notes; last touch is worst.
"""

from __future__ import annotations

import pytest

from redfunnel.funnel.attribution import attribute
from redfunnel.funnel.simulate import simulate_journeys


def _errors(shares: dict[str, float], truth: dict[str, float]) -> dict[str, float]:
    return {c: 100 * abs(shares[c] - t) for c, t in truth.items()}


@pytest.fixture(scope="module", params=[11, 12])
def clean(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    world = simulate_journeys(seed=request.param, n_users=30_000, baseline=0.02)
    return world, attribute(world.journeys)


@pytest.fixture(scope="module")
def confounded():  # type: ignore[no-untyped-def]
    world = simulate_journeys(seed=21, n_users=30_000, baseline=0.05, confounded=True)
    return world, attribute(world.journeys)


def test_markov_and_shapley_within_8pp_on_unconfounded_world(clean) -> None:  # type: ignore[no-untyped-def]
    world, result = clean
    for method in ("markov", "shapley"):
        errs = _errors(result.shares[method], world.truth_shares)
        assert sum(errs.values()) / len(errs) <= 8.0, (method, errs)
    assert max(_errors(result.shares["shapley"], world.truth_shares).values()) <= 8.0


def test_markov_compresses_towards_equal_shares(clean) -> None:  # type: ignore[no-untyped-def]
    world, result = clean
    top = max(world.truth_shares, key=world.truth_shares.get)
    low = min(world.truth_shares, key=world.truth_shares.get)
    assert result.shares["markov"][top] < world.truth_shares[top]
    assert result.shares["markov"][low] > world.truth_shares[low]


def test_confounded_world_bias_direction(confounded) -> None:  # type: ignore[no-untyped-def]
    world, result = confounded
    truth = world.truth_shares
    for method in ("last", "markov", "shapley"):
        assert result.shares[method]["dm"] > truth["dm"] + 0.05, method
        assert result.shares[method]["xhs"] < truth["xhs"] - 0.05, method
    mae = {m: sum(_errors(result.shares[m], truth).values()) / len(truth) for m in result.shares}
    assert mae["last"] > mae["markov"] and mae["last"] > mae["shapley"]
    assert mae["last"] > 10.0


def test_path_methods_overstate_incremental_conversions() -> None:
    world = simulate_journeys(seed=5, n_users=20_000, baseline=0.05, confounded=True)
    # every path method hands out all observed conversions; only part of them were caused
    assert world.incremental_fraction < 0.7
