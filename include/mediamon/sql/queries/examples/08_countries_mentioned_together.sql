-- Which countries are most often mentioned together? Pairs of countries tagged on the same article
-- over the last 30 ingest days, with the number of distinct stories. No parameters.
SELECT a1.country_code AS country_a, a2.country_code AS country_b,
       count(DISTINCT coalesce(x.story_id, x.article_id)) AS stories,
       count(*) AS articles
FROM article_countries a1
JOIN article_countries a2 ON a2.article_id = a1.article_id AND a2.country_code > a1.country_code
JOIN articles x ON x.article_id = a1.article_id
WHERE x.run_date > (SELECT max(day) FROM ingest_days) - 30
GROUP BY a1.country_code, a2.country_code
ORDER BY stories DESC, articles DESC
LIMIT 25;
