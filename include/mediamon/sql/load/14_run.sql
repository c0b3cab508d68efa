-- The run's summary row. articles: the articles this run added (step 05d), not those stored before it that it
-- met again (05b refreshed them) nor the day's other runs' ones; a load of the same run again adds none, so it
-- keeps the count of its first load. Parameters: $dir, $run_id, $run_date, $started_at.
INSERT INTO runs
SELECT $run_id, $run_date::DATE, $started_at::TIMESTAMPTZ, now(),
       (SELECT count(*) FROM read_parquet($dir || '/feeds.parquet')),
       (SELECT count(*) FROM read_parquet($dir || '/fetch_log.parquet') WHERE kind = 'page'),
       (SELECT count(*) FROM load_run_articles WHERE NOT refreshed),
       (SELECT count(*) FROM read_parquet($dir || '/quarantine.parquet'))
ON CONFLICT (run_id) DO UPDATE SET
    run_date = excluded.run_date, started_at = excluded.started_at, loaded_at = excluded.loaded_at,
    feeds = excluded.feeds, pages = excluded.pages, articles = runs.articles + excluded.articles,
    quarantined = excluded.quarantined
