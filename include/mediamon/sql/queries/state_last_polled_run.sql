-- The run the feed poller's staged items are taken from: the latest run day stored (a backfill of an earlier
-- day takes none of them: stages.plan_run) and the start of its latest run (items polled since then are new). A
-- backfill's later start must not move that point, or the next daily run would skip what was polled before
-- it. No parameters.
SELECT run_date, max(started_at) FROM runs
WHERE run_date = (SELECT max(run_date) FROM runs)
GROUP BY run_date
