-- Countries of this run's articles, with their article's stored run_date (a refreshed article keeps
-- its first one: load_run_articles, step 05c), so a day's digest skips other days' rows. Parameters: $dir.
INSERT INTO article_countries BY NAME
SELECT c.article_id, c.country_code, c.mentions, c.is_focus, c.spans::JSON AS spans, a.run_date AS article_run_date
FROM read_parquet($dir || '/article_countries.parquet') c
JOIN load_run_articles a USING (article_id)
