-- Articles stored before this run (a later run met them again, or the run is loaded again): their
-- content is refreshed; they keep their run_date, first_seen_at, story_id and event_id. They are the
-- staged articles step 05 did not insert, each found through the primary-key index, not by reading the
-- table (a daily run usually has none, and then this step does nothing). Returns each one's id, stored
-- run_date and event key. Parameters: $dir.
-- keeps: load_refreshed_articles
INSERT INTO articles BY NAME
SELECT article_id, url, source_id, title, author, published_at, date_source, language, language_confidence,
       text, word_count, text_source, method, site_name, image, feed_url, first_seen_at, story_id, event_id,
       run_date, now() AS loaded_at
FROM read_parquet($dir || '/articles.parquet')
WHERE article_id NOT IN (SELECT article_id FROM load_new_articles)
ON CONFLICT (article_id) DO UPDATE SET
    title = excluded.title, author = excluded.author, published_at = excluded.published_at,
    date_source = excluded.date_source, language = excluded.language,
    language_confidence = excluded.language_confidence, text = excluded.text, word_count = excluded.word_count,
    text_source = excluded.text_source, method = excluded.method, site_name = excluded.site_name,
    image = excluded.image, loaded_at = excluded.loaded_at
RETURNING article_id, run_date, coalesce(event_id, story_id, article_id) AS event_key
