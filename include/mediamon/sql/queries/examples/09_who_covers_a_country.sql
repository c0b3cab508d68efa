-- Who covers Kazakhstan (KZ)? Articles about it over the last 30 ingest days by the outlet's country
-- of publication, domestic press first. Change 'KZ' to ask about another country. No parameters.
SELECT f.source_country, f.source_country = 'KZ' AS domestic, count(*) AS articles,
       count(DISTINCT f.story_id) AS stories, count(DISTINCT f.source_id) AS outlets
FROM article_full f
WHERE list_contains(f.countries, 'KZ') AND f.day > (SELECT max(day) FROM ingest_days) - 30
GROUP BY f.source_country
ORDER BY domestic DESC, articles DESC;
