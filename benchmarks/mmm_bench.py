"""MMM accuracy and speed on simulated worlds (not CI: needs the ``[mmm]`` extra, minutes of CPU).

Fits the weekly MMM of ``redfunnel.funnel.mmm`` on worlds from ``simulate_weekly`` (104 weeks,
4 channels, noise 5% of the scaled outcome, the model correctly specified) for several seeds,
without and optionally with one lift test per channel, and prints per-channel ROI error, 90%
interval coverage, total-contribution error and fit time next to the targets of
``reference/roi-attribution.md`` §5 (median |error| ≤ 25%, coverage ≥ 80%, ≤ 60 s per fit on
2 cores). Unhealthy fits (divergences, r-hat > 1.05) are counted and reported, never scored.

    python benchmarks/mmm_bench.py --seeds 1 2 3 [--lift] [--weeks 104]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from redfunnel.funnel.mmm import MmmUnavailable, fit_mmm, require_mmm, simulate_weekly  # noqa: E402

TARGET_MEDIAN_ERROR = 25.0
TARGET_COVERAGE = 80.0
TARGET_SECONDS = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--channels", type=int, default=4)
    parser.add_argument("--lift", action="store_true", help="add one lift test per channel (σ = 15%)")
    args = parser.parse_args()
    try:
        require_mmm()
    except MmmUnavailable as exc:
        print(exc, file=sys.stderr)
        print("mmm_bench: the [mmm] extra is not installed; nothing measured.", file=sys.stderr)
        return 2
    errors: list[float] = []
    covered = total = unhealthy = 0
    times: list[float] = []
    for seed in args.seeds:
        data = simulate_weekly(seed, weeks=args.weeks, channels=args.channels)
        assert data.truth_roi is not None
        started = time.perf_counter()
        result = fit_mmm(data, lift_tests=data.truth_lift if args.lift else None, seed=seed)
        wall = time.perf_counter() - started
        times.append(wall)
        if not result.healthy:
            unhealthy += 1
            print(f"seed {seed}: withheld ({'; '.join(result.problems)}), {wall:.1f} s")
            continue
        row = []
        for name, truth in data.truth_roi.items():
            est = result.roi[name]
            err = 100 * (est["mean"] - truth) / truth
            errors.append(abs(err))
            total += 1
            covered += est["low"] <= truth <= est["high"]
            row.append(f"{err:+.0f}%")
        true_total = sum(data.truth_roi[n] * data.spend[n].sum() for n in data.truth_roi)
        tot_err = 100 * ((result.total_contribution or {}).get("mean", 0.0) - true_total) / true_total
        print(f"seed {seed}: ROI error [{', '.join(row)}], total media {tot_err:+.0f}%, "
              f"fit {result.fit_seconds:.1f} s (wall {wall:.1f} s), r-hat max "
              f"{result.diagnostics['rhat_max']:.3f}, divergences {result.diagnostics['divergences']}")
    print()
    label = "with lift tests" if args.lift else "without calibration"
    if errors:
        median = statistics.median(errors)
        coverage = 100 * covered / total
        print(f"per-channel |ROI error| median {median:.0f}% (target ≤ {TARGET_MEDIAN_ERROR:.0f}%, "
              f"{label}); max {max(errors):.0f}%")
        print(f"90% interval coverage {covered}/{total} = {coverage:.0f}% (target ≥ {TARGET_COVERAGE:.0f}%)")
    print(f"fit time per world: median {statistics.median(times):.1f} s, max {max(times):.1f} s "
          f"(target ≤ {TARGET_SECONDS:.0f} s on 2 cores; first run includes numba compilation)")
    if unhealthy:
        print(f"{unhealthy} of {len(args.seeds)} fits withheld as unhealthy")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
