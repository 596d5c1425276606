"""Holdout arithmetic, the MMM health gate and the message without the ``[mmm]`` extra."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from redfunnel.cli import app
from redfunnel.funnel.funnel import beta_interval, fit_beta_prior
from redfunnel.funnel.incrementality import adjust_credit, dark_weeks, estimate
from redfunnel.funnel.mmm import INSTALL_MESSAGE, check_health, simulate_weekly

HAS_MMM = importlib.util.find_spec("pymc_marketing") is not None


def test_holdout_factor_by_hand() -> None:
    # treated 5% of 1000, control 3% of 1000 → 20 incremental; 40 attributed → factor 0.5
    inc = estimate("dm", 1000, 50, 1000, 30, attributed=40)
    assert inc.incremental == pytest.approx(20)
    assert inc.factor == pytest.approx(0.5)
    assert inc.factor_low is not None and inc.factor_high is not None
    assert inc.factor_low < 0.5 < inc.factor_high
    assert inc.lift == pytest.approx(50 / 30 - 1)
    adjusted = adjust_credit({"dm": 40.0, "xhs": 60.0}, {"dm": inc})
    assert adjusted["dm"]["adjusted"] == pytest.approx(20) and adjusted["dm"]["basis"] == "incrementality_adjusted"
    assert adjusted["xhs"]["adjusted"] is None and adjusted["xhs"]["basis"] == "observed_credit"


def test_holdout_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError):
        estimate("dm", 100, 120, 100, 10)
    with pytest.raises(ValueError):
        estimate("dm", 0, 0, 100, 10)


def test_dark_weeks() -> None:
    weekly = [12, 11, 13, 12, 8, 7, 9, 8]
    on = [True] * 4 + [False] * 4
    inc = dark_weeks("wechat", weekly, on, attributed=30)
    assert inc.incremental == pytest.approx((12 - 8) * 4)
    assert inc.factor == pytest.approx(16 / 30)
    with pytest.raises(ValueError):
        dark_weeks("wechat", [1, 2, 3], [True, True, False])


def test_beta_interval_and_prior() -> None:
    r = beta_interval(0, 10)
    assert r.low == 0.0 and 0.0 < r.high < 0.3 and r.rate == pytest.approx(0.5 / 11)
    r = beta_interval(50, 100)
    assert r.low < 0.5 < r.high and r.high - r.low == pytest.approx(0.165, abs=0.01)
    with pytest.raises(ValueError):
        beta_interval(5, 3)
    rng = np.random.default_rng(3)
    n = np.full(200, 400)
    k = rng.binomial(n, rng.beta(20, 180, 200))
    a, b = fit_beta_prior(k, n)
    assert a / (a + b) == pytest.approx(0.1, abs=0.01)
    assert 80 < a + b < 500  # prior strength recovered near the true 200


@pytest.mark.parametrize("method", ["advi", "map"])
def test_health_gate_refuses_shortcut_fits(method: str) -> None:
    assert check_health(0, 1.0, method)


def test_health_gate() -> None:
    assert check_health(0, 1.01) == []
    assert any("发散" in p for p in check_health(1, 1.01))
    assert any("r-hat" in p for p in check_health(0, 1.06))
    assert any("r-hat" in p for p in check_health(0, float("nan")))
    assert any("ESS" in p for p in check_health(0, 1.0, ess_bulk_min=40))


def test_simulated_weekly_world_has_positive_truth() -> None:
    data = simulate_weekly(1)
    assert len(data.weeks) == 104 and len(data.spend) == 4
    assert data.truth_roi and all(v > 0 for v in data.truth_roi.values())
    dark = np.mean([np.mean(x == 0) for x in data.spend.values()])
    assert 0.2 < dark < 0.4
    assert data.truth_lift and all(v["delta_y"] > 0 for v in data.truth_lift.values())


@pytest.mark.skipif(HAS_MMM, reason="the [mmm] extra is installed here")
def test_mmm_command_without_extra_says_how_to_install(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--home", str(tmp_path / "home"), "mmm", "--json"])
    assert result.exit_code == 3
    assert "pip install 'redfunnel[mmm]'" in result.output.replace("\n", "")
    assert "pip install 'redfunnel[mmm]'" in INSTALL_MESSAGE


def test_scenario_response_matches_the_simulated_curve_and_saturates() -> None:
    from redfunnel.funnel.mmm import _geometric_adstock, _logistic, _media_response

    x = np.array([0.0, 1.0, 0.5, 0.0, 0.8, 1.0, 0.2, 0.0, 0.0, 0.6])
    direct = 0.3 * _logistic(_geometric_adstock(x, 0.4), 2.0).sum()
    via = _media_response(x, np.array([0.4]), np.array([2.0]), np.array([0.3]))
    assert via[0] == pytest.approx(direct)
    up = _media_response(x * 1.2, np.array([0.4]), np.array([2.0]), np.array([0.3]))[0] - via[0]
    down = via[0] - _media_response(x * 0.8, np.array([0.4]), np.array([2.0]), np.array([0.3]))[0]
    assert 0 < up < down  # diminishing returns: +20% buys less than −20% loses


def test_dark_week_counts_use_poisson_rates() -> None:
    # 4 on-air weeks with 48 conversions vs 4 dark weeks with 32: 16 incremental
    inc = estimate("wechat", 4, 48, 4, 32, attributed=32, counts="poisson")
    assert inc.incremental == pytest.approx(16) and inc.factor == pytest.approx(0.5)
    with pytest.raises(ValueError):
        estimate("wechat", 4, 48, 4, 32)  # as people, 48 of 4 is impossible
