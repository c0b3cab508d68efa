-- New articles; an article stored before keeps its run_date, first_seen_at, story_id and event_id (a
-- refresh updates its content). Parameters: $dir.
INSERT INTO articles BY NAME
SELECT article_id, url, source_id, title, author, published_at, date_source, language, language_confidence,
       text, word_count, text_source, method, site_name, image, feed_url, first_seen_at, story_id, event_id,
       run_date, now() AS loaded_at
FROM read_parquet($dir || '/articles.parquet')
ON CONFLICT (article_id) DO UPDATE SET
    title = excluded.title, author = excluded.author, published_at = excluded.published_at,
    date_source = excluded.date_source, language = excluded.language,
    language_confidence = excluded.language_confidence, text = excluded.text, word_count = excluded.word_count,
    text_source = excluded.text_source, method = excluded.method, site_name = excluded.site_name,
    image = excluded.image, loaded_at = excluded.loaded_at
