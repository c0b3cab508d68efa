-- Daily articles and stories of every key (zeros filled) from $start to $run_date, for spikes and
-- trends: the rows of key_daily_counts in that window, read from key_day_counts (the per-day counts
-- the load keeps) instead of joining every article to its tags.
-- Reads digest_window_days (digest_window_days.sql, the same $start and $run_date).
-- Every key ever seen, and the watched ones (digest.yaml) even with no article yet, so a watched key's page
-- shows its zeros against the days the pipeline ran, not "no history".
-- Parameters: $start, $run_date (DATE), $watched_countries, $watched_topics (lists of keys).
-- One row per (kind, key, ingest day).
WITH days AS (
    SELECT day, articles, coverage_gap FROM digest_window_days
), counts AS (
    SELECT kind, key, day, articles, stories FROM key_day_counts WHERE day BETWEEN $start AND $run_date
), seen AS (
    SELECT kind, key, max(label) AS label FROM key_day_counts GROUP BY kind, key  -- every key ever seen
), keys AS (
    SELECT * FROM seen
    UNION ALL
    SELECT w.kind, w.key, NULL AS label
    FROM (SELECT 'country' AS kind, unnest($watched_countries::VARCHAR[]) AS key
          UNION ALL
          SELECT 'topic', unnest($watched_topics::VARCHAR[])) w
    ANTI JOIN seen s ON s.kind = w.kind AND s.key = w.key
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
