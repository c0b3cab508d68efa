-- What the pages show of an event, for the events they show only (each key's top events and the day's
-- first $new_limit new events): the names of its outlets over its history, and, for those new events, their
-- representative article's story, title, URL, language and opening, read from that article's day only (a key's
-- page shows its own article of the day: digest_key_articles.sql). A temporary table.
-- Reads digest_day_events, digest_top_event_keys, digest_event_history. Parameters: $run_date (DATE), $new_limit.
CREATE OR REPLACE TEMP TABLE digest_event_details AS
WITH new AS (
    SELECT event_id FROM digest_day_events WHERE first_day = $run_date ORDER BY event_rank LIMIT $new_limit
), shown AS (
    SELECT event_id FROM digest_top_event_keys
    UNION
    SELECT event_id FROM new
), picks AS (
    SELECT event_id, article_id, article_day FROM digest_day_events SEMI JOIN new USING (event_id)
), outlets AS (
    SELECT event_id,
           list(DISTINCT coalesce(s.name, o.source_id) ORDER BY coalesce(s.name, o.source_id)) AS outlets
    FROM (SELECT h.event_id, unnest(h.source_ids) AS source_id
          FROM digest_event_history h SEMI JOIN shown USING (event_id)) o
    LEFT JOIN sources s USING (source_id)
    GROUP BY event_id
), picked AS (
    SELECT article_id, run_date, coalesce(story_id, article_id) AS story_id, title, url, language,
           left(text, 2000) AS text
    FROM articles
    WHERE run_date IN (SELECT DISTINCT article_day FROM picks) AND article_id IN (SELECT article_id FROM picks)
)
SELECT o.event_id, o.outlets, m.story_id, m.title, m.url, m.language, m.text
FROM outlets o
LEFT JOIN picks p USING (event_id)
LEFT JOIN picked m ON m.article_id = p.article_id AND m.run_date = p.article_day
