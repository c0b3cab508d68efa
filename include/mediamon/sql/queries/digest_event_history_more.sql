-- One step back: the event_days rows from $from up to (not including) $to of the events of
-- digest_event_history whose earliest day so far is within $gap days of $to, added to it. No two days of
-- an event are more than $gap days apart (digest.build.HISTORY_GAP_DAYS), so other events have no older
-- day, and an event with one has a day in this step when the step is at least $gap days long.
-- Parameters: $from, $to (DATE), $gap (INTEGER). Returns the number of rows added.
INSERT INTO digest_event_history
SELECT * FROM event_days
WHERE day >= $from AND day < $to
  AND event_id IN (SELECT event_id FROM digest_event_history
                   GROUP BY event_id HAVING min(day) < $to::DATE + $gap::INTEGER)
