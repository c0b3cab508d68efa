-- The day's new events (no article about them stored before $run_date), ranked by distinct outlets,
-- then articles, with the three countries they are most about (counted for those events only): first
-- those most of their articles are focused on, then those most articles name, then those named most
-- often (so a one-article event lists its focus country, then the others by mentions), and new_events, how
-- many new events the day had in all (the index says how many it leaves out). Reads
-- digest_day_keys, digest_day_events, digest_event_details. Parameters: $run_date (DATE), $new_limit.
WITH new AS (
    SELECT e.event_id, e.article_id, d.title, d.url, e.outlet_count, e.article_count, d.outlets,
           e.first_published_at, e.first_crawled_at, e.event_rank
    FROM digest_day_events e
    JOIN digest_event_details d USING (event_id)
    WHERE e.first_day = $run_date
    ORDER BY e.event_rank
    LIMIT $new_limit
), countries AS (
    SELECT event_id, list(key ORDER BY focus DESC, n DESC, mentions DESC, key)[1:3] AS countries
    FROM (SELECT event_id, key, count(*) FILTER (WHERE is_focus) AS focus, count(*) AS n,
                 coalesce(sum(mentions), 0) AS mentions
          FROM digest_day_keys
          WHERE kind = 'country' AND event_id IN (SELECT event_id FROM new) GROUP BY ALL)
    GROUP BY event_id
)
SELECT n.event_id, n.article_id, n.title, n.url, n.outlet_count, n.article_count, n.outlets,
       n.first_published_at, n.first_crawled_at, coalesce(c.countries, []) AS countries,
       (SELECT count(*) FROM digest_day_events WHERE first_day = $run_date) AS new_events
FROM new n
LEFT JOIN countries c USING (event_id)
ORDER BY n.event_rank
