-- The run's new articles: the staged ones step 05a did not find stored (step 05b refreshed those), in
-- their staged order. Parameters: $dir.
INSERT INTO articles BY NAME
SELECT article_id, url, source_id, title, author, published_at, date_source, language, language_confidence,
       text, word_count, text_source, method, site_name, image, feed_url, first_seen_at, story_id, event_id,
       run_date, now() AS loaded_at
FROM read_parquet($dir || '/articles.parquet')
WHERE article_id NOT IN (SELECT article_id FROM load_refreshed_articles)
