"""Spike detection on a daily count series: a robust, same-weekday-aware z-score with a floor.

Method (mirrored in SQL by include/mediamon/sql/views/05_key_daily.sql, with the default settings):

* window   - the days of the series in the `window_days` (28) calendar days before the day, leaving
             out coverage-gap days (their low counts would drag the baseline down);
* baseline - the median of the window's days that fall on the same weekday, when there are at
             least 3 of them (news volume has a weekly rhythm), else the median of the whole window;
             baseline_weekday says which, baseline_n over how many days (pages say both);
* spread   - max(1.4826 * MAD of the window, sqrt(max(baseline, 1))) * sqrt(1 + (pi/2) / n), n the
             number of days the baseline median was taken over. 1.4826 * MAD estimates the standard
             deviation robustly (one earlier spike does not inflate it); the Poisson floor
             sqrt(baseline) keeps flat or tiny series from "spiking" on a change of one article; the
             last factor adds the baseline's own uncertainty (a median of 3-4 same-weekday days is
             noisy); on pure Poisson noise about 0.2-0.5% of key-days are flagged;
* z        - (count - baseline) / spread;
* spike    - at least `min_baseline_days` days in the window, count >= `min_articles`, and
             z >= `sensitivity` (3.0 by default; lower is more sensitive).

Days flagged as coverage gaps keep their z-score and flag but carry `coverage_gap=True`, so a
digest can annotate them; only rises are spikes (a fall is visible in z).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

MAD_TO_SD = 1.4826
WINDOW_DAYS = 28
SHORT_WINDOW_DAYS = 14
MIN_WEEKDAY_DAYS = 3
MEDIAN_VARIANCE_FACTOR = np.pi / 2   # var(median of n) ~ (pi/2) * sigma^2 / n
COLUMNS = ["articles", "baseline", "baseline_14", "baseline_28", "baseline_days", "baseline_n", "baseline_weekday",
           "spread", "z", "spike", "coverage_gap"]


def spike_flags(series: pd.Series, *, sensitivity: float = 3.0, min_baseline_days: int = 7,
                min_articles: int = 3, gap_days: Iterable[date] = (),
                window_days: int = WINDOW_DAYS) -> pd.DataFrame:
    """Baselines, robust z-score and spike flag for each day of a daily count series.

    `series` is indexed by day (the days the pipeline ran; a missing day is not a zero) and holds
    article counts. Returns a DataFrame with the same index and the columns in COLUMNS.
    """
    days = pd.to_datetime(pd.Index(series.index)).values.astype("datetime64[D]")
    order = np.argsort(days, kind="stable")
    days, values = days[order], series.to_numpy(dtype=float)[order]
    table = spike_table(values[np.newaxis, :], days, sensitivity=sensitivity,
                        min_baseline_days=min_baseline_days, min_articles=min_articles, gap_days=gap_days,
                        window_days=window_days)
    out = pd.DataFrame({c: table[c][0] for c in COLUMNS}, index=series.index[order])
    return out.reindex(series.index)


def spike_table(values: np.ndarray, days: np.ndarray, *, sensitivity: float = 3.0, min_baseline_days: int = 7,
                min_articles: int = 3, gap_days: Iterable[date] = (),
                window_days: int = WINDOW_DAYS) -> dict[str, np.ndarray]:
    """spike_flags for many series sharing the same sorted days at once: `values` is a
    (series x days) array of counts; returns one (series x days) array per column in COLUMNS."""
    values = np.asarray(values, dtype=float)
    days = np.asarray(days).astype("datetime64[D]")
    gaps = np.isin(days, np.array([np.datetime64(d, "D") for d in gap_days], dtype="datetime64[D]"))
    shape = values.shape
    out = {c: np.full(shape, np.nan) for c in ("baseline", "baseline_14", "baseline_28", "spread", "z")}
    out["baseline_days"] = np.zeros(shape, dtype=np.int64)
    out["baseline_n"] = np.zeros(shape, dtype=np.int64)          # days the baseline median was taken over
    out["baseline_weekday"] = np.zeros(shape, dtype=bool)        # True: the same-weekday median
    weekdays = _weekday(days)
    for i in range(len(days)):
        lo = np.searchsorted(days, days[i] - np.timedelta64(window_days, "D"), side="left")
        cols = np.arange(lo, i)[~gaps[lo:i]]
        if cols.size:
            _score_column(i, cols, values, days, weekdays, out)
    enough = (out["baseline_days"] >= min_baseline_days) & (values >= min_articles)
    with np.errstate(invalid="ignore"):
        out["spike"] = enough & (out["z"] >= sensitivity)
    out["coverage_gap"] = np.broadcast_to(gaps, shape).copy()
    out["articles"] = values
    return out


def _score_column(i: int, cols: np.ndarray, values: np.ndarray, days: np.ndarray, weekdays: np.ndarray,
                  out: dict[str, np.ndarray]) -> None:
    """Fill column i of `out` from the window columns `cols` (gap days already left out)."""
    window = values[:, cols]
    recent = cols[days[cols] >= days[i] - np.timedelta64(SHORT_WINDOW_DAYS, "D")]
    same = cols[weekdays[cols] == weekdays[i]]
    used = same if same.size >= MIN_WEEKDAY_DAYS else cols
    baseline = np.median(values[:, used], axis=1)
    mad = np.median(np.abs(window - np.median(window, axis=1, keepdims=True)), axis=1)
    floor = np.sqrt(np.maximum(baseline, 1.0))
    spread = np.maximum(MAD_TO_SD * mad, floor) * np.sqrt(1 + MEDIAN_VARIANCE_FACTOR / used.size)
    out["baseline"][:, i] = baseline
    if recent.size:
        out["baseline_14"][:, i] = values[:, recent].mean(axis=1)
    out["baseline_28"][:, i] = window.mean(axis=1)
    out["baseline_days"][:, i] = cols.size
    out["baseline_n"][:, i] = used.size
    out["baseline_weekday"][:, i] = same.size >= MIN_WEEKDAY_DAYS
    out["spread"][:, i] = spread
    out["z"][:, i] = (values[:, i] - baseline) / spread


def _weekday(days: np.ndarray) -> np.ndarray:
    """Weekday numbers (any fixed labelling) of datetime64[D] values."""
    return (days.astype("datetime64[D]").astype(np.int64) + 3) % 7
