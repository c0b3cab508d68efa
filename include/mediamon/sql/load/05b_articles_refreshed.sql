-- Articles stored before this run (step 05a) get their content refreshed; they keep their run_date,
-- first_seen_at, story_id and event_id. Only their stored days' row groups are read, and nothing on a
-- day that refreshes none. Parameters: $dir.
UPDATE articles SET
    title = s.title, author = s.author, published_at = s.published_at, date_source = s.date_source,
    language = s.language, language_confidence = s.language_confidence, text = s.text,
    word_count = s.word_count, text_source = s.text_source, method = s.method, site_name = s.site_name,
    image = s.image, loaded_at = now()
FROM read_parquet($dir || '/articles.parquet') s
WHERE articles.article_id = s.article_id
  AND articles.run_date IN (SELECT run_date FROM load_refreshed_articles)
  AND articles.article_id IN (SELECT article_id FROM load_refreshed_articles)
