-- Daily articles and stories of every key (zeros filled) from $start to $run_date, for spikes and
-- trends. Parameters: $start, $run_date (DATE). One row per (kind, key, ingest day).
SELECT kind, key, label, day, articles, stories, share, coverage_gap
FROM key_daily_counts
WHERE day BETWEEN $start AND $run_date
ORDER BY kind, key, day
