-- Feed health and validators: failures count up, a success resets them; validators change only on
-- success; the item counts (and the entries that gave no item, with their reasons) are those of the last
-- body parsed. The same fetch loaded again (a retried or cleared load task) counts its failure once, and a
-- fetch older than the stored one (a backfill of an earlier day loaded later) leaves the feed's row as it is.
-- Parameters: $dir.
INSERT INTO feeds BY NAME
SELECT f.feed_url, f.source_id, f.etag, f.last_modified, f.body_sha256,
       f.fetched_at AS last_fetched_at,
       CASE WHEN f.ok THEN f.fetched_at END AS last_success_at,
       f.status AS last_status, f.error AS last_error,
       CASE WHEN f.ok THEN 0 ELSE 1 END AS consecutive_failures,
       CASE WHEN EXISTS (SELECT 1 FROM read_parquet($dir || '/articles.parquet') a WHERE a.feed_url = f.feed_url)
            THEN f.fetched_at END AS last_new_item_at,
       f.items AS items_last, f.items_dated AS items_dated_last, f.items_skipped AS items_skipped_last,
       f.skipped AS skipped_last
FROM (SELECT * FROM read_parquet($dir || '/feeds.parquet')
      UNION ALL BY NAME  -- a run staged before migration 017 has no skipped entries: NULL
      SELECT NULL::INTEGER AS items_skipped, NULL::VARCHAR AS skipped WHERE false) f
ON CONFLICT (feed_url) DO UPDATE SET
    source_id = excluded.source_id,
    etag = CASE WHEN excluded.last_error IS NULL THEN coalesce(excluded.etag, feeds.etag) ELSE feeds.etag END,
    last_modified = CASE WHEN excluded.last_error IS NULL
                         THEN coalesce(excluded.last_modified, feeds.last_modified) ELSE feeds.last_modified END,
    body_sha256 = CASE WHEN excluded.last_error IS NULL
                       THEN coalesce(excluded.body_sha256, feeds.body_sha256) ELSE feeds.body_sha256 END,
    last_fetched_at = excluded.last_fetched_at,
    last_success_at = coalesce(excluded.last_success_at, feeds.last_success_at),
    last_status = excluded.last_status,
    last_error = excluded.last_error,
    consecutive_failures = CASE WHEN excluded.last_error IS NULL THEN 0
                                WHEN excluded.last_fetched_at = feeds.last_fetched_at THEN feeds.consecutive_failures
                                ELSE feeds.consecutive_failures + 1 END,
    last_new_item_at = coalesce(excluded.last_new_item_at, feeds.last_new_item_at),
    items_last = coalesce(excluded.items_last, feeds.items_last),
    items_dated_last = coalesce(excluded.items_dated_last, feeds.items_dated_last),
    items_skipped_last = coalesce(excluded.items_skipped_last, feeds.items_skipped_last),
    skipped_last = CASE WHEN excluded.items_skipped_last IS NOT NULL THEN excluded.skipped_last
                        ELSE feeds.skipped_last END
WHERE feeds.last_fetched_at IS NULL OR excluded.last_fetched_at >= feeds.last_fetched_at
