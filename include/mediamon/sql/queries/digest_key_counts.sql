-- Daily articles and stories of every key (zeros filled) from $start to $run_date, for spikes and
-- trends: the rows of key_daily_counts in that window, read from key_day_counts (the per-day counts
-- the load keeps) instead of joining every article to its tags.
-- Reads digest_window_days (digest_window_days.sql, the same $start and $run_date).
-- Parameters: $start, $run_date (DATE). One row per (kind, key, ingest day).
WITH days AS (
    SELECT day, articles, coverage_gap FROM digest_window_days
), counts AS (
    SELECT kind, key, day, articles, stories FROM key_day_counts WHERE day BETWEEN $start AND $run_date
), keys AS (
    SELECT kind, key, max(label) AS label FROM key_day_counts GROUP BY kind, key  -- every key ever seen
)
SELECT k.kind, k.key, k.label, d.day,
       coalesce(c.articles, 0) AS articles,
       coalesce(c.stories, 0) AS stories,
       coalesce(c.articles, 0) / nullif(d.articles, 0) AS share,
       d.coverage_gap
FROM keys k
CROSS JOIN days d
LEFT JOIN counts c ON c.kind = k.kind AND c.key = k.key AND c.day = d.day
ORDER BY kind, key, day
