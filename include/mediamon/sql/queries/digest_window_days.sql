-- The ingest days from $start to $run_date with all articles and distinct stories stored each day,
-- as a temporary table that digest_key_counts and digest_day_totals read. The same rows as the
-- ingest_days view (a day with articles or with a recorded run), read from day_totals (migration 010,
-- kept by the load: one row per day) instead of counting the window's articles.
-- Parameters: $start, $run_date (DATE).
CREATE OR REPLACE TEMP TABLE digest_window_days AS
WITH days AS (
    SELECT day FROM day_totals WHERE day BETWEEN $start AND $run_date
    UNION
    SELECT run_date FROM runs WHERE run_date BETWEEN $start AND $run_date
)
SELECT d.day, coalesce(t.articles, 0) AS articles, coalesce(t.stories, 0) AS stories,
       g.day IS NOT NULL AS coverage_gap           -- a failed 'batch' warn check that day
FROM days d
LEFT JOIN day_totals t USING (day)
LEFT JOIN coverage_gaps g ON g.day = d.day
