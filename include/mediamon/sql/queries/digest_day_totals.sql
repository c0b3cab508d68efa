-- All articles and distinct stories per ingest day of the digest's window, with coverage gaps.
-- Reads digest_window_days (digest_window_days.sql: the window's rows of ingest_days).
-- No parameters. One row per ingest day.
SELECT i.day, i.articles, i.stories, i.coverage_gap, g.expectations AS gap_checks
FROM digest_window_days i
LEFT JOIN coverage_gaps g USING (day)
ORDER BY i.day
