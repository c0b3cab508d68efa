-- Which countries rose most this week? Articles in the last 7 ingest days against the daily mean of
-- the 28 days before, for countries with at least 5 articles this week. No parameters (latest day).
WITH latest AS (SELECT max(day) AS day FROM ingest_days),
week AS (
    SELECT key AS country_code, sum(articles) AS this_week
    FROM country_daily, latest
    WHERE country_daily.day > latest.day - 7
    GROUP BY key
), before AS (
    SELECT key AS country_code, avg(articles) * 7 AS usual_week
    FROM country_daily, latest
    WHERE country_daily.day BETWEEN latest.day - 34 AND latest.day - 7
    GROUP BY key
)
SELECT country_code, this_week, round(usual_week, 1) AS usual_week,
       round(this_week / greatest(usual_week, 1), 2) AS ratio
FROM week JOIN before USING (country_code)
WHERE this_week >= 5
ORDER BY ratio DESC, this_week DESC
LIMIT 20;
