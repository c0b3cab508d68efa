-- ingest_days: the calendar of days the pipeline ran (a day with articles or with a recorded run),
-- with all articles and distinct stories stored that day. Baselines count only these days, so a day
-- the pipeline did not run is not mistaken for a quiet news day. Reads articles, runs, coverage_gaps.
-- One row per day. No parameters.
CREATE OR REPLACE VIEW ingest_days AS
WITH days AS (
    SELECT run_date AS day FROM articles
    UNION
    SELECT run_date FROM runs
)
SELECT d.day,
       count(a.article_id) AS articles,
       count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories,
       g.day IS NOT NULL AS coverage_gap           -- a failed 'batch' warn check that day
FROM days d
LEFT JOIN articles a ON a.run_date = d.day
LEFT JOIN coverage_gaps g ON g.day = d.day
GROUP BY d.day, g.day;
