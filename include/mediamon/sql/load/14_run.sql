-- The run's summary row. Parameters: $dir, $run_id, $run_date, $started_at.
INSERT OR REPLACE INTO runs
SELECT $run_id, $run_date::DATE, $started_at::TIMESTAMPTZ, now(),
       (SELECT count(*) FROM read_parquet($dir || '/feeds.parquet')),
       (SELECT count(*) FROM read_parquet($dir || '/fetch_log.parquet') WHERE kind = 'page'),
       (SELECT count(*) FROM articles WHERE run_date = $run_date::DATE),
       (SELECT count(*) FROM read_parquet($dir || '/quarantine.parquet'))
