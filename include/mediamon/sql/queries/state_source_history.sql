-- Per-source median of new articles per day over the 14 days before $run_date, counting days
-- without articles as 0; NULL for sources with fewer than 7 days of history. stored_today counts the
-- source's articles already stored for $run_date (an earlier run of the same day), so a re-run that
-- finds nothing new is not read as a day without articles.
-- Parameters: $run_date (DATE).
WITH days AS (
    SELECT CAST(d AS DATE) AS day
    FROM range($run_date::DATE - INTERVAL 14 DAY, $run_date::DATE, INTERVAL 1 DAY) AS t(d)
), per_day AS (
    SELECT source_id, run_date AS day, count(*) AS n
    FROM articles
    WHERE run_date >= $run_date::DATE - 14 AND run_date < $run_date::DATE
    GROUP BY ALL
), today AS (
    SELECT source_id, count(*) AS n FROM articles WHERE run_date = $run_date::DATE GROUP BY ALL
), first_day AS (
    SELECT source_id, min(run_date) AS since FROM articles GROUP BY ALL
)
SELECT f.source_id,
       CASE WHEN count(*) FILTER (WHERE d.day >= f.since) >= 7
            THEN median(coalesce(p.n, 0)) FILTER (WHERE d.day >= f.since) END AS trailing_median_14d,
       coalesce(any_value(t.n), 0) AS stored_today
FROM first_day f CROSS JOIN days d
LEFT JOIN per_day p ON p.source_id = f.source_id AND p.day = d.day
LEFT JOIN today t ON t.source_id = f.source_id
GROUP BY f.source_id
