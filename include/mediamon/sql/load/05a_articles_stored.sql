-- The run's articles stored before this run (a later run met them again, or the run is loaded again):
-- each one's id, stored run_date and event key, for steps 05b-05d and 10. articles has no index
-- (migration 012), so the candidates are found first: the staged ids whose integer key is stored
-- (article_id_keys, migration 013: one narrow column is read, not every stored article_id), with the day
-- it was stored on, and every staged id without a key (macros/article_id_key.sql). Then articles is read
-- for those ids only, on those days' row groups for the keyed ones, and compared by article_id. A daily
-- run usually has no candidate, and then articles is not scanned. Parameters: $dir.
CREATE OR REPLACE TEMP TABLE load_refreshed_articles AS
WITH staged AS (
    SELECT article_id, article_id_key(article_id) AS id_key FROM read_parquet($dir || '/articles.parquet')
), keyed AS (
    SELECT s.article_id, k.run_date FROM staged s JOIN article_id_keys k USING (id_key)
)
SELECT article_id, run_date, coalesce(event_id, story_id, article_id) AS event_key
FROM articles
WHERE run_date IN (SELECT run_date FROM keyed) AND article_id IN (SELECT article_id FROM keyed)
UNION ALL
SELECT article_id, run_date, coalesce(event_id, story_id, article_id) AS event_key
FROM articles
WHERE article_id IN (SELECT article_id FROM staged WHERE id_key IS NULL)
