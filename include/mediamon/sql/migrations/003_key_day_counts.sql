-- 003_key_day_counts: articles and distinct stories per key (country or topic) per day, kept by the
-- load stage (load/17_key_day_counts_*.sql) in the same transaction as the articles and tags it
-- counts, so a digest reads a few thousand rows instead of joining every article to its tags.
-- Only days that have tagged articles have rows; digest_key_counts.sql fills the zeros.

CREATE TABLE IF NOT EXISTS key_day_counts (
    day       DATE NOT NULL,      -- run_date of the articles counted
    kind      VARCHAR NOT NULL,   -- 'country' or 'topic' (as in the article_keys view)
    key       VARCHAR NOT NULL,   -- ISO 3166-1 alpha-2, or an IPTC code such as medtop:11000000
    label     VARCHAR NOT NULL,   -- max(label) of the day's tags: the code for countries, the IPTC label for topics
    articles  BIGINT NOT NULL,    -- articles stored that day carrying the key
    stories   BIGINT NOT NULL,    -- distinct coalesce(story_id, article_id) among them
    PRIMARY KEY (day, kind, key)
);

-- Count the articles stored before this migration; later loads recount the days they touch.
INSERT INTO key_day_counts BY NAME
SELECT a.run_date AS day, k.kind, k.key, max(k.label) AS label, count(*) AS articles,
       count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories
FROM articles a
JOIN (SELECT article_id, 'country' AS kind, country_code AS key, country_code AS label FROM article_countries
      UNION ALL
      SELECT article_id, 'topic', topic_code, topic_label FROM article_topics) k USING (article_id)
GROUP BY a.run_date, k.kind, k.key
ORDER BY day, kind, key;
