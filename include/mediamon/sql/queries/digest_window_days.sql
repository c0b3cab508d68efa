-- The ingest days from $start to $run_date with all articles and distinct stories stored each day,
-- as a temporary table that digest_key_counts and digest_day_totals read (so the window's articles
-- are counted once). Parameters: $start, $run_date (DATE).
CREATE OR REPLACE TEMP TABLE digest_window_days AS
SELECT day, articles, stories, coverage_gap FROM ingest_days WHERE day BETWEEN $start AND $run_date
