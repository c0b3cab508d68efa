-- The run's articles as stored, which the later steps read instead of the whole articles table: id,
-- run_date and event key (coalesce(event_id, story_id, article_id)) as staged for the new ones, as
-- stored for the refreshed ones (step 05b), and whether it was stored before this run. Parameters: $dir.
CREATE OR REPLACE TEMP TABLE load_run_articles AS
SELECT s.article_id,
       coalesce(r.run_date, s.run_date::DATE) AS run_date,
       coalesce(r.event_key, s.event_id, s.story_id, s.article_id) AS event_key,
       r.article_id IS NOT NULL AS refreshed
FROM read_parquet($dir || '/articles.parquet') s
LEFT JOIN load_refreshed_articles r USING (article_id)
