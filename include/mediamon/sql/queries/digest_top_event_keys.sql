-- Each key's top events on the run date: the first $limit by the day's event rank (distinct outlets, then
-- articles, then the most recent article) of the events with an article about the key stored that day, as a
-- temporary table (kind, key, event_id, event_rank). Reads digest_day_keys, digest_day_events.
-- Parameters: $limit (per key).
CREATE OR REPLACE TEMP TABLE digest_top_event_keys AS
SELECT kind, key, event_id, event_rank
FROM (SELECT DISTINCT kind, key, event_id FROM digest_day_keys) k
JOIN digest_day_events USING (event_id)
QUALIFY row_number() OVER (PARTITION BY kind, key ORDER BY event_rank) <= $limit
