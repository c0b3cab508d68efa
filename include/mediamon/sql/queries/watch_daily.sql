-- Matches per watch per day over the $days days ending on $run_date (inclusive), zeros included, for
-- every configured watch (the watches table) and every watch that matched in those days under a name no
-- longer configured (renamed or removed since): its matches stay, counted as the day's page lists them.
-- One row per (watch_name, day), ordered by watch then day.
-- Parameters: $run_date (DATE or 'YYYY-MM-DD'), $days (INTEGER, e.g. 28).
WITH names AS (
    SELECT name FROM watches
    UNION
    SELECT DISTINCT watch_name FROM watch_matches
    WHERE run_date BETWEEN $run_date::DATE - ($days::INTEGER - 1) AND $run_date::DATE
)
SELECT w.name AS watch_name, d.day::DATE AS day, count(m.article_id) AS matches
FROM names w
CROSS JOIN range($run_date::DATE - ($days::INTEGER - 1), $run_date::DATE + 1, INTERVAL 1 DAY) AS d(day)
LEFT JOIN watch_matches m ON m.watch_name = w.name AND m.run_date = d.day::DATE
GROUP BY ALL
ORDER BY watch_name, day
