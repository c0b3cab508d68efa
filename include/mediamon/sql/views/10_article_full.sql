-- article_full: each article with its source, its countries (most mentioned first), focus country
-- and topics (highest score first). Reads articles, sources, article_countries, article_topics.
-- One row per article_id. No parameters.
CREATE OR REPLACE VIEW article_full AS
SELECT a.article_id, a.run_date AS day, a.url, a.title, a.author, a.published_at, a.first_seen_at,
       a.language, a.word_count, coalesce(a.story_id, a.article_id) AS story_id,
       a.source_id,
       s.name AS source_name,
       s.country AS source_country,   -- country of publication
       s.type AS source_type,
       (SELECT list(c.country_code ORDER BY c.mentions DESC, c.country_code)
          FROM article_countries c WHERE c.article_id = a.article_id) AS countries,
       (SELECT min(c.country_code)
          FROM article_countries c WHERE c.article_id = a.article_id AND c.is_focus) AS focus_country,
       (SELECT list(t.topic_code ORDER BY t.score DESC, t.topic_code)
          FROM article_topics t WHERE t.article_id = a.article_id) AS topics,
       (SELECT list(t.topic_label ORDER BY t.score DESC, t.topic_code)
          FROM article_topics t WHERE t.article_id = a.article_id) AS topic_labels,
       a.text
FROM articles a
LEFT JOIN sources s USING (source_id);
