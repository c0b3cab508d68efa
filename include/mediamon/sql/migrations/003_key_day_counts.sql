-- 003_key_day_counts: articles and distinct stories per key (country or topic) per day, kept by the
-- load stage (load/17_key_day_counts_*.sql) in the same transaction as the articles and tags it
-- counts, so a digest reads a few thousand rows instead of joining every article to its tags.
-- Only days that have tagged articles have rows; digest_key_counts.sql fills the zeros.
-- The rule is the key_day_counts_on macro's (macros/key_day_counts.sql, created before migrations).

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
SELECT * FROM key_day_counts_on(NULL)  -- every day
ORDER BY day, kind, key;
