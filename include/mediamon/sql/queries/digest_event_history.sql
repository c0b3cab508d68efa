-- The event_days rows (migration 008: one row per event and day) from $from to $run_date of every event with
-- an article stored on $run_date, as a temporary table that digest_day_events and digest_event_details read;
-- event_days is in day order, so only those days' row groups are read. An event whose naming article
-- (article_id = event_id) was stored in that span has no earlier day; digest_event_history_more.sql reads
-- further back for the others (digest.build.read_event_history). Reads digest_day_keys.
-- Parameters: $from, $run_date (DATE).
CREATE OR REPLACE TEMP TABLE digest_event_history AS
SELECT * FROM event_days
WHERE day BETWEEN $from AND $run_date AND event_id IN (SELECT DISTINCT event_id FROM digest_day_keys)
