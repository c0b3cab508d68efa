-- The language mix of the coverage of each country over the last 30 ingest days: articles per
-- language and its share of the country's articles. No parameters.
WITH recent AS (
    SELECT c.country_code, a.language
    FROM articles a
    JOIN article_countries c USING (article_id)
    WHERE a.run_date > (SELECT max(day) FROM ingest_days) - 30
)
SELECT country_code, coalesce(language, '?') AS language, count(*) AS articles,
       round(count(*) / sum(count(*)) OVER (PARTITION BY country_code), 3) AS share
FROM recent
GROUP BY country_code, language
ORDER BY country_code, articles DESC;
