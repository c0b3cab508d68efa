-- Per-feed validators and health, read when a run is planned. No parameters.
SELECT feed_url, source_id, etag, last_modified, body_sha256, consecutive_failures,
       last_success_at, last_fetched_at
FROM feeds
