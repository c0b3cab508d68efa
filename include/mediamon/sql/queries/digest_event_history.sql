-- The event_days rows (migration 008: one row per event and day) up to $run_date of every event with an
-- article stored on $run_date, as a temporary table that digest_day_events and digest_event_details read.
-- Every day is read: an event's days may lie weeks apart (a new event can be named after an older story),
-- so a window would miss some. Reads digest_day_keys. Parameters: $run_date (DATE).
CREATE OR REPLACE TEMP TABLE digest_event_history AS
SELECT * FROM event_days
WHERE day <= $run_date AND event_id IN (SELECT DISTINCT event_id FROM digest_day_keys)
