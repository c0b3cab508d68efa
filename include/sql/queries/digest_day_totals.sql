-- All articles and distinct stories per ingest day from $start to $run_date, with coverage gaps.
-- Parameters: $start, $run_date (DATE). One row per ingest day.
SELECT i.day, i.articles, i.stories, i.coverage_gap, g.expectations AS gap_checks
FROM ingest_days i
LEFT JOIN coverage_gaps g USING (day)
WHERE i.day BETWEEN $start AND $run_date
ORDER BY i.day
