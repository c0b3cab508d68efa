-- The retry queue: pages whose fetch failed for a temporary reason (a code in $temporary, http-429 or http-5xx) on
-- a run of the $days run dates before $run_date or of $run_date itself, and on fewer than $attempts runs in all, so
-- the run asks them again whatever their feed answers today (an unchanged feed lists no items). Stored or finally
-- refused pages are dropped by the caller (state_known_urls.sql). Each comes with the source, feed and feed
-- metadata its latest fetch-stage quarantine record kept, the runs it failed on and the day it first failed.
-- A backfill of an old day reads no later run. Parameters: $run_date (DATE), $days (INTEGER, how far back),
-- $attempts (INTEGER, runs allowed per page), $temporary (VARCHAR[], reason codes asked again).
WITH failed AS (
    SELECT o.run_id, o.run_date, o.item_id, o.url
    FROM item_outcomes o
    WHERE o.outcome = 'quarantined' AND o.stage = 'fetch' AND o.run_date <= $run_date::DATE
      AND (split_part(o.reason, ':', 1) IN (SELECT unnest($temporary::VARCHAR[]))
           OR regexp_full_match(split_part(o.reason, ':', 1), 'http-(429|5[0-9][0-9])'))
), queued AS (
    SELECT url, any_value(item_id) AS item_id, count(DISTINCT run_id) AS failed_runs, min(run_date) AS first_failed
    FROM failed
    GROUP BY url
    HAVING max(run_date) >= $run_date::DATE - $days::INTEGER AND count(DISTINCT run_id) < $attempts::INTEGER
), kept AS (
    SELECT q.item_id, arg_max(q.payload, q.quarantined_at) AS payload
    FROM quarantine q SEMI JOIN queued u ON u.item_id = q.item_id
    WHERE q.stage = 'fetch' AND q.payload IS NOT NULL
    GROUP BY q.item_id
)
SELECT u.url, k.payload->>'source_id' AS source_id, k.payload->>'feed_url' AS feed_url,
       k.payload->>'title' AS title, k.payload->>'summary' AS summary, k.payload->>'content' AS content,
       k.payload->>'published_at' AS published_at, k.payload->>'guid' AS guid, k.payload->>'author' AS author,
       k.payload->>'link' AS link, u.failed_runs, u.first_failed
FROM queued u JOIN kept k USING (item_id)
ORDER BY u.first_failed, u.url
