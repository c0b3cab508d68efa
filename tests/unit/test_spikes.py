"""spike_flags: robust, same-weekday-aware z-scores on synthetic daily series."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from mediamon.digest.spikes import spike_flags, spike_table

START = date(2026, 1, 5)  # a Monday


def series(values: list[int], *, start: date = START, skip: set[int] = frozenset()) -> pd.Series:
    """A daily series from START; indexes in `skip` are days the pipeline did not run."""
    days = [start + timedelta(days=i) for i in range(len(values)) if i not in skip]
    return pd.Series([v for i, v in enumerate(values) if i not in skip], index=days)


def poisson(n: int, lam: float, seed: int = 1) -> list[int]:
    """n Poisson counts with mean lam (seeded)."""
    return np.random.default_rng(seed).poisson(lam, n).tolist()


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_known_spikes_are_found_and_nothing_else(seed: int) -> None:
    values = poisson(60, 8, seed)
    values[35] += 25
    values[52] += 30
    flags = spike_flags(series(values))
    assert [i for i, s in enumerate(flags["spike"]) if s] == [35, 52]
    assert flags["z"].iloc[35] > 3


def test_flat_series_is_quiet() -> None:
    flags = spike_flags(series([5] * 45))
    assert not flags["spike"].any()
    assert flags["z"].iloc[10:].abs().max() == 0
    assert flags["baseline"].iloc[-1] == 5


def test_small_change_on_a_flat_series_is_not_a_spike() -> None:
    flags = spike_flags(series([5] * 40 + [8]))
    assert not flags["spike"].iloc[-1]  # MAD is 0; the Poisson floor sqrt(5) keeps z near 1.1


def test_baseline_compares_same_weekday() -> None:
    week = [20, 20, 20, 20, 20, 2, 2]            # quiet weekends
    values = week * 6
    values[-2] = 12                               # a busy Saturday
    flags = spike_flags(series(values))
    assert flags["baseline"].iloc[-2] == 2        # Saturdays' median, not the 28-day median (20)
    assert flags["spike"].iloc[-2]
    assert not flags["spike"].iloc[:-2].any()     # ordinary weekdays and weekends stay quiet


def test_no_spike_before_enough_history() -> None:
    flags = spike_flags(series([1, 1, 1, 40, 1, 1, 1, 1, 1]), min_baseline_days=7)
    assert not flags["spike"].any()
    assert flags["baseline_days"].iloc[3] == 3
    assert np.isnan(flags["z"].iloc[0])


def test_sensitivity_controls_what_counts() -> None:
    values = [10] * 40 + [20]           # z = 10 / (sqrt(10) * sqrt(1 + (pi/2) / 4)) = 2.68
    assert spike_flags(series(values), sensitivity=2.5)["spike"].iloc[-1]
    assert not spike_flags(series(values), sensitivity=3.0)["spike"].iloc[-1]


def test_min_articles_stops_tiny_spikes() -> None:
    values = [0] * 40 + [2]
    assert not spike_flags(series(values))["spike"].iloc[-1]
    assert spike_flags(series(values), min_articles=2, sensitivity=1.5)["spike"].iloc[-1]


def test_coverage_gap_is_annotated_and_left_out_of_baselines() -> None:
    values = [10] * 40
    values[30] = 0                                # the day the feeds failed
    gap = START + timedelta(days=30)
    flags = spike_flags(series(values), gap_days=[gap])
    assert flags["coverage_gap"].tolist() == [i == 30 for i in range(40)]
    assert flags["baseline_28"].iloc[31] == 10    # the gap's zero does not drag the mean down
    plain = spike_flags(series(values))
    assert plain["baseline_28"].iloc[31] < 10
    assert not plain["coverage_gap"].any()


def test_days_the_pipeline_did_not_run_are_not_zeros() -> None:
    values = [6] * 40
    flags = spike_flags(series(values, skip=set(range(20, 30))))
    assert flags["baseline_days"].iloc[-1] == 18  # 28-day window minus the 10 missing days
    assert flags["baseline_28"].iloc[-1] == 6


def test_window_and_short_baseline() -> None:
    values = [2] * 20 + [8] * 14 + [8]
    flags = spike_flags(series(values))
    assert flags["baseline_14"].iloc[-1] == 8
    assert flags["baseline_28"].iloc[-1] == pytest.approx((14 * 2 + 14 * 8) / 28)


def reference_scores(days: list[date], values: list[float], gaps: set[date], i: int) -> tuple[float, float]:
    """(baseline, z) of day i, computed the plain way: one day, one window, one median at a time."""
    window = [(d, v) for d, v in zip(days[:i], values[:i]) if days[i] - timedelta(days=28) <= d and d not in gaps]
    if not window:
        return np.nan, np.nan
    counts = np.array([v for _, v in window], dtype=float)
    same = np.array([v for d, v in window if d.weekday() == days[i].weekday()], dtype=float)
    used = same if same.size >= 3 else counts
    baseline = float(np.median(used))
    mad = float(np.median(np.abs(counts - np.median(counts))))
    spread = max(1.4826 * mad, np.sqrt(max(baseline, 1.0))) * np.sqrt(1 + (np.pi / 2) / used.size)
    return baseline, (values[i] - baseline) / spread


def test_spike_table_scores_many_series_like_one_at_a_time() -> None:
    rng = np.random.default_rng(7)
    days = [START + timedelta(days=i) for i in range(70) if i not in (12, 13, 40)]
    gaps = {days[20], days[50]}
    values = rng.poisson([[0.5], [4], [30], [200]], (4, len(days))).astype(float)
    values[2, 60] += 80
    table = spike_table(values, np.array(days, dtype="datetime64[D]"), gap_days=gaps)
    for row in range(values.shape[0]):
        for i in range(len(days)):
            baseline, z = reference_scores(days, values[row].tolist(), gaps, i)
            assert table["baseline"][row, i] == pytest.approx(baseline, nan_ok=True)
            assert table["z"][row, i] == pytest.approx(z, nan_ok=True)
        flags = spike_flags(pd.Series(values[row], index=days), gap_days=gaps)
        assert flags["spike"].tolist() == table["spike"][row].tolist()
    assert table["spike"][2, 60] and table["coverage_gap"][:, 20].all()


def test_the_baseline_says_which_median_it_took_and_over_how_many_days() -> None:
    flags = spike_flags(series(list(range(1, 29))))   # four weeks: a day's weekday comes round every 7 days
    assert (flags["baseline_weekday"].iloc[27], flags["baseline_n"].iloc[27]) == (True, 3)
    assert flags["baseline"].iloc[27] == 14          # the median of the same weekday's 7, 14 and 21
    assert (flags["baseline_weekday"].iloc[20], flags["baseline_n"].iloc[20]) == (False, 20)   # 2 same weekdays
    assert flags["baseline"].iloc[20] == 10.5        # the median of the 20 days before
    assert (flags["baseline_weekday"].iloc[0], flags["baseline_n"].iloc[0]) == (False, 0)      # no history
