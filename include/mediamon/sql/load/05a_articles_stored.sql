-- The run's articles stored before this run (a later run met them again, or the run is loaded again),
-- found in one pass over the stored ids (articles has no index, migration 012; a daily run usually has
-- none): each one's id, stored run_date and event key, for steps 05b-05d and 10. Parameters: $dir.
CREATE OR REPLACE TEMP TABLE load_refreshed_articles AS
SELECT article_id, run_date, coalesce(event_id, story_id, article_id) AS event_key
FROM articles
WHERE article_id IN (SELECT article_id FROM read_parquet($dir || '/articles.parquet'))
