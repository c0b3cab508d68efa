-- Matches per watch over the $days days up to the warehouse's latest run_date (watches without a
-- match have no row). Parameters: $days (INTEGER).
SELECT watch_name, count(*) AS matches, max(run_date) AS last_match
FROM watch_matches
WHERE run_date > (SELECT max(run_date) FROM articles) - $days::INTEGER
GROUP BY watch_name
ORDER BY watch_name
