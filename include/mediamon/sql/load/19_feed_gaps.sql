-- Possible gaps the poller recorded since the last run; a record loads once. Parameters: $dir, $run_date.
INSERT INTO feed_gaps BY NAME
SELECT feed_url, source_id, detected_at::TIMESTAMPTZ AS detected_at, previous_poll_at::TIMESTAMPTZ AS previous_poll_at,
       items_in_window, missed_from::TIMESTAMPTZ AS missed_from, missed_to::TIMESTAMPTZ AS missed_to,
       estimated_missed, $run_date::DATE AS run_date
FROM read_parquet($dir || '/feed_gaps.parquet')
ON CONFLICT (feed_url, detected_at) DO NOTHING
