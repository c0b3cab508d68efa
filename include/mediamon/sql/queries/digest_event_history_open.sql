-- How many events of digest_event_history have not had their naming article's day read yet (see
-- digest_event_history_more.sql). No parameters. One row.
SELECT count(*) FROM (SELECT event_id FROM digest_event_history GROUP BY event_id HAVING NOT bool_or(has_event_article))
