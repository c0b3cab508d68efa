-- The day's new events (no article about them stored before $run_date), ranked by distinct outlets,
-- then articles, with the countries their articles name most. Reads digest_day_keys,
-- digest_day_events, digest_event_details. Parameters: $run_date (DATE), $limit.
WITH countries AS (
    SELECT event_id, list(key ORDER BY n DESC, key)[1:3] AS countries
    FROM (SELECT event_id, key, count(*) AS n FROM digest_day_keys WHERE kind = 'country' GROUP BY ALL)
    GROUP BY event_id
)
SELECT e.event_id, e.article_id, d.title, d.url, e.outlet_count, e.article_count, d.outlets,
       e.first_published_at, e.first_crawled_at, coalesce(c.countries, []) AS countries
FROM digest_day_events e
JOIN digest_event_details d USING (event_id)
LEFT JOIN countries c USING (event_id)
WHERE e.first_day = $run_date
ORDER BY e.event_rank
LIMIT $limit
