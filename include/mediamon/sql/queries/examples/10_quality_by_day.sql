-- Data quality per day over the last 14 ingest days: articles stored, records quarantined, failed
-- checks by severity, and whether the day is a possible coverage gap. No parameters.
WITH days AS (
    SELECT day, articles, coverage_gap FROM ingest_days
    WHERE day > (SELECT max(day) FROM ingest_days) - 14
), quarantined AS (
    SELECT run_date AS day, count(*) AS quarantined FROM quarantine GROUP BY run_date
), checks AS (
    SELECT run_date AS day,
           count(*) FILTER (WHERE NOT success AND severity = 'critical') AS failed_critical,
           count(*) FILTER (WHERE NOT success AND severity = 'warn') AS failed_warn,
           count(*) FILTER (WHERE NOT success AND severity = 'row') AS failed_row
    FROM validation_results GROUP BY run_date
)
SELECT d.day, d.articles, coalesce(q.quarantined, 0) AS quarantined,
       coalesce(c.failed_critical, 0) AS failed_critical, coalesce(c.failed_warn, 0) AS failed_warn,
       coalesce(c.failed_row, 0) AS failed_row, d.coverage_gap
FROM days d
LEFT JOIN quarantined q USING (day)
LEFT JOIN checks c USING (day)
ORDER BY d.day DESC;
