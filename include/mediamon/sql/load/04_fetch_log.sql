-- One row per fetch attempt of this run. Parameters: $dir.
INSERT INTO fetch_log BY NAME
SELECT run_id, run_date, url, source_id, kind, fetched_at, attempt, status, coalesce(bytes, 0) AS bytes,
       coalesce(elapsed_ms, 0) AS elapsed_ms, error, final_url, coalesce(from_cache, false) AS from_cache,
       robots, content_type
FROM read_parquet($dir || '/fetch_log.parquet')
