-- New articles; an article stored before is left to step 05b, which refreshes its content. Returns the
-- ids it inserted. Parameters: $dir.
-- keeps: load_new_articles
INSERT INTO articles BY NAME
SELECT article_id, url, source_id, title, author, published_at, date_source, language, language_confidence,
       text, word_count, text_source, method, site_name, image, feed_url, first_seen_at, story_id, event_id,
       run_date, now() AS loaded_at
FROM read_parquet($dir || '/articles.parquet')
ON CONFLICT (article_id) DO NOTHING
RETURNING article_id
