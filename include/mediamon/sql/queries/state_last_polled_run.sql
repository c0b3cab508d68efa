-- The run the feed poller's staged items are taken from: the latest run day stored (a backfill of an earlier
-- day takes none of them: stages.plan_run) and the start of its latest run: the next run takes the items files
-- staged from then to its own start (discover.polling.items_staged_between). A backfill's later start must not
-- move that point, or the next daily run would skip what was staged before it. No parameters.
SELECT run_date, max(started_at) FROM runs
WHERE run_date = (SELECT max(run_date) FROM runs)
GROUP BY run_date
