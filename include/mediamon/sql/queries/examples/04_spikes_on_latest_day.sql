-- Today's spikes: countries and topics flagged on the latest ingest day, strongest first, with a
-- note when a coverage gap makes the day doubtful. No parameters.
SELECT 'country' AS kind, key, NULL AS label, articles, stories, round(baseline, 1) AS baseline,
       round(z, 2) AS z, coverage_gap
FROM country_daily
WHERE day = (SELECT max(day) FROM ingest_days) AND spike
UNION ALL
SELECT 'topic', key, topic_label, articles, stories, round(baseline, 1), round(z, 2), coverage_gap
FROM topic_daily
WHERE day = (SELECT max(day) FROM ingest_days) AND spike
ORDER BY z DESC;
