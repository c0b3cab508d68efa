-- The days this run touches are recounted: the run_date (as stored: a refreshed article keeps its
-- first one) of every article in the run (load_run_articles, step 05c), whose tags steps 06-09
-- replaced. No parameters.
DELETE FROM key_day_counts WHERE day IN (SELECT DISTINCT run_date FROM load_run_articles)
