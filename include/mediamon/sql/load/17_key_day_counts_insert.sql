-- Recount articles and distinct stories per key on the days step 17_key_day_counts_clear emptied (the
-- stored run_date of every article in the run, load_run_articles). The rule is the key_day_counts_on
-- macro's (macros/key_day_counts.sql), with the tags filtered on their article_run_date as well: the
-- macro reads every tag to find a day's, which grows with the warehouse; here only the row groups of
-- the touched days are read (tests/integration/test_key_day_counts.py checks both count the same).
-- No parameters.
INSERT INTO key_day_counts BY NAME
WITH days AS (
    SELECT DISTINCT run_date AS day FROM load_run_articles
), stored AS (
    SELECT article_id, run_date, coalesce(story_id, article_id) AS story FROM articles
    WHERE run_date IN (SELECT day FROM days)
), tags AS (
    SELECT article_id, 'country' AS kind, country_code AS key, country_code AS label FROM article_countries
    WHERE article_run_date IN (SELECT day FROM days)
    UNION ALL
    SELECT article_id, 'topic', topic_code, topic_label FROM article_topics
    WHERE article_run_date IN (SELECT day FROM days)
)
SELECT s.run_date AS day, t.kind, t.key, max(t.label) AS label, count(*) AS articles,
       count(DISTINCT s.story) AS stories
FROM stored s
JOIN tags t USING (article_id)
GROUP BY s.run_date, t.kind, t.key
ORDER BY day, kind, key
