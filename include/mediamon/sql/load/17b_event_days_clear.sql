-- The (event, day) rows this run touches are recounted: the stored event and run_date of every
-- article in the run (load_run_articles, step 05c; a refreshed article keeps both, its publication
-- time may change). The day filter skips other days' row groups. No parameters.
DELETE FROM event_days
USING (SELECT DISTINCT event_key AS event_id, run_date AS day FROM load_run_articles) t
WHERE event_days.day IN (SELECT DISTINCT run_date FROM load_run_articles)
  AND event_days.event_id = t.event_id AND event_days.day = t.day
