-- day_summaries_rebuild: refill what migrations 008, 010 and 016 added from every stored article (the load
-- keeps them; for a warehouse whose tables were written by other means): the tag and event-stem tables'
-- article_run_date, event_days and day_totals. Run inside one transaction; no parameters.
UPDATE article_countries c SET article_run_date = a.run_date
FROM articles a WHERE a.article_id = c.article_id AND c.article_run_date IS DISTINCT FROM a.run_date;
UPDATE article_topics t SET article_run_date = a.run_date
FROM articles a WHERE a.article_id = t.article_id AND t.article_run_date IS DISTINCT FROM a.run_date;
UPDATE article_event_stems s SET article_run_date = a.run_date
FROM articles a WHERE a.article_id = s.article_id AND s.article_run_date IS DISTINCT FROM a.run_date;
DELETE FROM event_days;
INSERT INTO event_days BY NAME
SELECT event_key AS event_id, run_date AS day, count(*) AS articles,
       list_sort(list_distinct(list(source_id))) AS source_ids, min(published_at) AS first_published_at,
       min(first_seen_at) AS first_seen_at, max(first_seen_at) AS last_seen_at,
       arg_min(article_id, first_seen_at) AS first_article_id, bool_or(article_id = event_key) AS has_event_article
FROM (SELECT *, coalesce(event_id, story_id, article_id) AS event_key FROM articles)
GROUP BY event_key, run_date
ORDER BY day, event_id;
DELETE FROM day_totals;
INSERT INTO day_totals BY NAME
SELECT run_date AS day, count(*) AS articles, count(DISTINCT coalesce(story_id, article_id)) AS stories
FROM articles
GROUP BY run_date
ORDER BY day;
