-- The days this run touches are recounted: the stored run_date of every article in the run
-- (load_run_articles, step 05c). No parameters.
DELETE FROM day_totals WHERE day IN (SELECT DISTINCT run_date FROM load_run_articles)
