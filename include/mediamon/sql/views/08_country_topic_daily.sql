-- country_topic_daily: articles and distinct stories per country, topic and day (only combinations
-- that occur). Reads articles, article_countries, article_topics.
-- One row per (day, country_code, topic_code). No parameters.
CREATE OR REPLACE VIEW country_topic_daily AS
SELECT a.run_date AS day, c.country_code, t.topic_code,
       any_value(t.topic_label) AS topic_label,
       count(*) AS articles,
       count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories
FROM articles a
JOIN article_countries c USING (article_id)
JOIN article_topics t USING (article_id)
GROUP BY a.run_date, c.country_code, t.topic_code;
