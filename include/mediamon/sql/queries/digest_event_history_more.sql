-- One step back for the events of digest_event_history whose naming article (article_id = event_id) is not
-- among the days read so far: their event_days rows from $from up to (not including) $to, added to it.
-- An event's articles are stored on or after the day of the article it is named after (a new event is named
-- after an article of the run that starts it: enrich.events), so an event with that day read is complete.
-- Parameters: $from, $to (DATE).
INSERT INTO digest_event_history
SELECT * FROM event_days
WHERE day >= $from AND day < $to
  AND event_id IN (SELECT event_id FROM digest_event_history GROUP BY event_id HAVING NOT bool_or(has_event_article))
